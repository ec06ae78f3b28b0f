package ferry.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.io.DataSetPrinter;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomParseException;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.testing.DataSetDifference;
import ferry.core.testing.Peers;
import ferry.core.testing.PydicomFiles;
import ferry.core.testing.ToolRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every pydicom test file Ferry reads, listed by {@code ferry dump --width 0} ({@link DataSetPrinter}) and by dcmtk's
 * {@code dcmdump +L +Qn}, reads back with {@link ListingReader} into the same data set: the same tags, VRs, values
 * (text compared as text: re-encoded escape sequences and padding beyond even length aside), items, and sequence
 * and item lengths (defined or undefined), and the same file meta elements.
 */
class ListingRoundTripTest {
    /** Where dcmdump's listing is not the file's data set, and why: dcmtk lists it otherwise. */
    static final Map<String, String> DCMDUMP_DIFFERS = new TreeMap<>(Map.ofEntries(
            Map.entry("test_files/UN_sequence.dcm", "dcmdump lists UN of undefined length as SQ (CP-246)"),
            Map.entry("test_files/nested_priv_SQ.dcm", "dcmdump lists UN of undefined length as SQ (CP-246)"),
            Map.entry("test_files/meta_missing_tsyntax.dcm", "dcmdump lists UN of undefined length as SQ (CP-246)"),
            Map.entry("test_files/dicomdirtests/77654033/CT2/17106", "dcmdump prints the FL -0 as 0"),
            Map.entry("test_files/dicomdirtests/77654033/CT2/17136", "dcmdump prints the FL -0 as 0"),
            Map.entry("test_files/dicomdirtests/77654033/CT2/17166", "dcmdump prints the FL -0 as 0"),
            Map.entry("test_files/dicomdirtests/77654033/CT2/17196", "dcmdump prints the FL -0 as 0"),
            Map.entry("test_files/dicomdirtests/98892001/CT2N/6924", "dcmdump prints the FL -0 as 0"),
            Map.entry("test_files/693_J2KI.dcm", "encapsulated Pixel Data OW in the file, listed as OB"),
            Map.entry("test_files/MR_small_jp2klossless.dcm", "encapsulated Pixel Data OW in the file, listed as OB"),
            Map.entry("test_files/MR_small_jpeg_ls_lossless.dcm", "encapsulated Pixel Data OW, listed as OB"),
            Map.entry("test_files/SC_rgb_rle_16bit.dcm", "encapsulated Pixel Data OW in the file, listed as OB"),
            Map.entry("test_files/SC_rgb_rle_16bit_2frame.dcm", "encapsulated Pixel Data OW, listed as OB"),
            Map.entry("test_files/rtdose_rle.dcm", "encapsulated Pixel Data OW in the file, listed as OB"),
            Map.entry("test_files/rtdose_rle_1frame.dcm", "encapsulated Pixel Data OW in the file, listed as OB"),
            Map.entry("test_files/SC_rgb_jpeg.dcm", "dcmdump cannot read it")));

    /** One file as Ferry reads it (values over 64 KiB left in the file, as ferry dump reads), or null. */
    private static DicomFile read(Path file, ReadOptions options) throws IOException {
        try {
            return DicomReader.read(file, options);
        } catch (DicomParseException e) {
            return null; // DcmdumpCrossCheckTest covers the files Ferry refuses
        }
    }

    @Test
    void everyFileListedByFerryDumpReadsBackAsTheSameObject() throws IOException {
        List<String> failures = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int files = 0;
        for (Path file : PydicomFiles.all()) {
            DicomFile original = read(file, ReadOptions.DEFAULT.withBulkDataThreshold(64 * 1024));
            if (original == null) {
                continue;
            }
            files++;
            String name = PydicomFiles.name(file);
            StringBuilder listing = new StringBuilder();
            DataSetPrinter.standard().withWidth(0).print(original, listing);
            byte[] text = listing.toString().getBytes(StandardCharsets.UTF_8);
            Listing strict = ListingReader.DEFAULT.read(text);
            Listing read = strict;
            if (strict.hasErrors()) {
                refused.add(name);
                if (strict.brokenRules() != strict.errors().size()) {
                    failures.add(name + ": errors other than broken rules: " + strict.errors());
                    continue;
                }
                read = ListingReader.DEFAULT.lenient(true).read(text);
                assertThat(read.hasErrors()).as(name + " read leniently").isFalse();
            }
            DicomFile whole = DicomReader.read(file, ReadOptions.IN_MEMORY);
            String difference = DataSetDifference.first(whole.dataSet(), read.dataSet(), false,
                    DataSetDifference.Values.DECODED_TEXT);
            String metaDifference = DataSetDifference.first(whole.fileMeta(), read.fileMeta(), false,
                    DataSetDifference.Values.DECODED_TEXT);
            if (difference != null || metaDifference != null) {
                failures.add(name + ": " + (difference != null ? difference : "file meta: " + metaDifference));
            }
        }
        assertThat(files).as("files read").isGreaterThan(150);
        assertThat(failures).as("listings that read back otherwise").isEmpty();
        assertThat(refused).as("listings refused for broken rules").containsExactlyInAnyOrderElementsOf(
                PydicomFiles.BREAKING_RULES.keySet());
    }

    @Test
    void everyFileListedByDcmdumpReadsBackAsTheSameObject() throws IOException {
        Path dcmdump = Peers.requireExecutable("dcmdump", "apt-get install dcmtk");
        List<String> failures = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        int files = 0;
        for (Path file : PydicomFiles.all()) {
            DicomFile original = read(file, ReadOptions.IN_MEMORY);
            if (original == null) {
                continue;
            }
            String name = PydicomFiles.name(file);
            // +L: long values in full; +Qn: control characters (and non-ASCII bytes) as &#N;, one element per line
            ToolRun run = ToolRun.run(Duration.ofSeconds(60), List.of(dcmdump.toString(), "-q", "+L", "+Qn",
                    file.toString()));
            if (run.exitCode() != 0) {
                differing.add(name);
                continue;
            }
            files++;
            Listing read = ListingReader.DEFAULT.lenient(true).read(run.out());
            if (read.hasErrors()) {
                failures.add(name + ": " + read.errors());
                continue;
            }
            String difference = DataSetDifference.first(original.dataSet(), read.dataSet(), false,
                    DataSetDifference.Values.DECODED_TEXT);
            if (difference != null) {
                differing.add(name);
                if (!DCMDUMP_DIFFERS.containsKey(name)) {
                    failures.add(name + ": " + difference);
                }
            }
        }
        assertThat(files).as("files listed").isGreaterThan(150);
        assertThat(failures).as("dcmdump listings that read back otherwise").isEmpty();
        assertThat(differing).as("files dcmdump lists otherwise").containsExactlyInAnyOrderElementsOf(
                DCMDUMP_DIFFERS.keySet());
    }
}
