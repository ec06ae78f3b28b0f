package ferry.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Peers;
import ferry.core.testing.PydicomFiles;
import ferry.core.testing.ToolRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads every file of Debian's python3-pydicom test data (test_files, recursively, and charset_files) with Ferry
 * and with dcmtk's dcmdump, and checks that both list the same elements: tag, VR, value length and the values of
 * text, number and byte elements, nested in sequences too. Files dcmdump rejects must be rejected by Ferry with a
 * {@link DicomParseException} or read with a warning, never fail with another exception.
 */
class DcmdumpCrossCheckTest {
    static final Path PYDICOM_DATA = PydicomFiles.DATA;

    /** The files: pydicom's test_files (recursively, dicomdirtests included) and charset_files, sorted. */
    static List<Path> pydicomFiles() {
        return PydicomFiles.all();
    }

    /** The outcome of dcmdump on one file, and how its text values are to be compared. */
    record Dcmdump(ToolRun run, Listing.Text text) {
        boolean read() {
            return run.exitCode() == 0;
        }
    }

    /**
     * Runs dcmdump once (twice when this dcmtk build cannot convert the file's character set to UTF-8): {@code -q}
     * no warnings, {@code +L} values not shortened, {@code -Un} UIDs as numbers, {@code +U8} text converted to
     * UTF-8.
     */
    static Dcmdump dcmdump(Path dcmdump, Path file) {
        ToolRun run = ToolRun.run(Duration.ofSeconds(30),
                List.of(dcmdump.toString(), "-q", "+L", "-Un", "+U8", file.toString()));
        if (run.exitCode() != 0 && run.err().contains("character encoding")) {
            // e.g. ISO 2022 IR 87 (Japanese): this build's iconv cannot convert it; compare the raw bytes instead.
            run = ToolRun.run(Duration.ofSeconds(30),
                    List.of(dcmdump.toString(), "-q", "+L", "-Un", file.toString()));
            return new Dcmdump(run, Listing.Text.RAW);
        }
        return new Dcmdump(run, Listing.Text.DECODED);
    }

    @Test
    void ferryListsTheSameElementsAsDcmdumpForEveryPydicomTestFile() throws IOException {
        Path dcmdump = Peers.requireExecutable("dcmdump");
        List<String> report = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (Path file : pydicomFiles()) {
            String name = PYDICOM_DATA.relativize(file).toString();
            Dcmdump peer = dcmdump(dcmdump, file);
            DicomFile ferry = null;
            Exception error = null;
            try {
                ferry = DicomReader.read(file, ReadOptions.IN_MEMORY);
            } catch (Exception e) {
                error = e;
            }
            String outcome;
            if (error != null && !(error instanceof DicomParseException)) {
                outcome = "FAIL  Ferry failed with an exception other than DicomParseException: " + error;
            } else if (!peer.read()) {
                if (error != null) {
                    outcome = "ok    both reject it; Ferry: " + error.getMessage();
                } else if (!ferry.warnings().isEmpty()) {
                    outcome = "ok    dcmdump rejects it, Ferry reads it with warnings " + ferry.warnings();
                } else {
                    outcome = "FAIL  dcmdump rejects it (" + peer.run().err().strip()
                            + ") but Ferry reads it without a warning";
                }
            } else if (error != null) {
                outcome = "FAIL  dcmdump reads it but Ferry does not: " + error.getMessage();
            } else {
                compared++;
                String output = peer.run().out(peer.text() == Listing.Text.RAW
                        ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                String difference = ListingComparison.firstDifference(Listing.ofDcmdump(output),
                        Listing.ofFerry(ferry, peer.text()), peer.text(), ferry.warnings());
                outcome = difference == null
                        ? "ok    same elements (" + (peer.text() == Listing.Text.RAW ? "raw text" : "decoded text")
                                + (ferry.warnings().isEmpty() ? "" : "; Ferry warns " + ferry.warnings()) + ")"
                        : "FAIL  " + difference;
            }
            report.add(outcome.substring(0, 6) + name + ": " + outcome.substring(6));
            if (outcome.startsWith("FAIL")) {
                failures.add(name + ": " + outcome.substring(6));
            }
        }
        // The per-file report goes to target/; the build log gets the files that are not simply "same elements".
        Path reportFile = Path.of("target", "dcmdump-cross-check.txt");
        Files.createDirectories(reportFile.getParent());
        Files.write(reportFile, report, StandardCharsets.UTF_8);
        System.out.println("dcmdump cross-check: " + report.size() + " files, " + compared + " compared element by "
                + "element, report in " + reportFile.toAbsolutePath() + "; rejected, warned or failed:\n  "
                + String.join("\n  ", report.stream().filter(line -> !line.endsWith("(decoded text)")).toList()));
        assertThat(compared).as("files compared element by element").isGreaterThan(100);
        assertThat(failures).as("files where Ferry and dcmdump disagree (%d of %d)", failures.size(), report.size())
                .isEmpty();
    }
}
