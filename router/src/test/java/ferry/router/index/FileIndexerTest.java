package ferry.router.index;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.testing.Peers;
import ferry.router.testing.DatabaseYaml;
import ferry.router.testing.FerryRun;
import ferry.router.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry index} over real folders: pydicom's test files (broken ones among them), a run stopped half way; into
 * SQLite and PostgreSQL.
 */
@Tag("database")
class FileIndexerTest {
    static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @TempDir
    Path dir;

    FerryRun ferry(String... args) throws Exception {
        Path config = dir.resolve("ferry.yaml");
        if (!Files.exists(config)) {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(config, "data-directory: data\n" + DatabaseYaml.fresh(dir));
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, List.of("-c", config.toString()));
        return FerryRun.of(all.toArray(String[]::new));
    }

    @Test
    void pydicomsTestFilesAreIndexedAndTheBrokenOnesReportedWithoutStoppingTheRun() throws Exception {
        Peers.require(Files.isDirectory(PYDICOM_FILES), "pydicom's test files " + PYDICOM_FILES,
                "apt-get install python3-pydicom");
        Path copy = dir.resolve("files");
        copyTree(PYDICOM_FILES, copy);

        FerryRun first = ferry("index", copy.toString());

        assertThat(first.exitCode()).as("some files are bad").isEqualTo(1);
        assertThat(first.out()).contains("139 files indexed, 0 skipped (indexed before), 9 bad, 17 other");
        assertThat(first.err().lines().filter(line -> line.startsWith("ferry index: ")).count()).isEqualTo(9);
        assertThat(first.err()).contains("rtplan_truncated.dcm: unreadable at offset 2100 (300A,00B0) BeamSequence"
                + " item 1 > (300A,0111) ControlPointSequence item 1 > (300A,012C) IsocenterPosition: value length"
                + " 50 runs past the end of the data");
        assertThat(first.err()).contains("nested_priv_SQ.dcm: it has no (0020,000D) StudyInstanceUID");

        FerryRun found = ferry("find", "--local", "--level", "image", "--csv", "SOPInstanceUID=1.3.6.1.4.1.5962.1.1"
                + ".1.1.1.20040119072730.12322", "PatientName=", "Modality=");
        assertThat(found.exitCode()).as(found.err()).isZero();
        assertThat(found.out()).contains("CompressedSamples^CT1,CT,1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322");
        assertThat(found.out()).contains(copy.resolve("CT_small.dcm").toString());

        FerryRun again = ferry("index", copy.toString());
        assertThat(again.out()).as("a second run skips what was indexed, and tries the bad files again")
                .contains("0 files indexed, 139 skipped (indexed before), 9 bad, 17 other");
    }

    @Test
    void aRunAgainIndexesOnlyFilesItHadNotIndexedOrThatChanged() throws Exception {
        Path folder = dir.resolve("files");
        Files.createDirectories(folder);
        for (int i = 1; i <= 12; i++) {
            write(folder, i);
        }
        assertThat(ferry("index", folder.toString()).out()).contains("12 files indexed, 0 skipped")
                .contains(", into " + (TestDatabase.postgres() ? "postgresql://127.0.0.1:" : dir.toString()));
        for (int i = 13; i <= 30; i++) {
            write(folder, i); // as if the first run had stopped before these
        }

        assertThat(ferry("index", folder.toString()).out()).contains("18 files indexed, 12 skipped");
        assertThat(ferry("index", folder.toString()).out()).contains("0 files indexed, 30 skipped");
        Files.setLastModifiedTime(folder.resolve("7.dcm"), FileTime.fromMillis(0));
        assertThat(ferry("index", folder.toString()).out()).contains("1 file indexed, 29 skipped");

        FerryRun count = ferry("find", "--local", "--level", "image", "--count-by", "Modality");
        assertThat(count.out()).as("no instance twice").contains("CT           30");
    }

    static void write(Path folder, int i) throws Exception {
        DataSet ds = IndexQueryTest.object("PID-" + i, "P^" + i, "2.25." + i, "A" + i, "20240101", "1000", "CT",
                "1", "Chest");
        DicomWriter.writeFile(folder.resolve(i + ".dcm"), new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
