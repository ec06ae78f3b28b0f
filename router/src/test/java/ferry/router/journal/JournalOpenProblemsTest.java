package ferry.router.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalOpenProblemsTest {

    @TempDir
    Path dir;

    @Test
    void garbageFileIsReportedAsNotADatabaseNamingTheFile() throws IOException {
        Path file = dir.resolve("journal.db");
        byte[] garbage = new byte[8192];
        new Random(4).nextBytes(garbage);
        Files.write(file, garbage);

        assertThatThrownBy(() -> Journal.open(file, Durability.PROCESS))
                .isInstanceOf(IOException.class)
                .hasMessage("journal " + file + " cannot be opened: it is not an SQLite database (damaged, or another"
                        + " kind of file): move it away to start a new journal, or restore it from a backup");
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
    }

    @Test
    void journalWithADamagedPageIsReportedNamingTheFile() throws IOException {
        Path file = dir.resolve("journal.db");
        try (Journal journal = Journal.open(file, Durability.PROCESS)) {
            journal.recordReceived(TestRecords.received(dir, 1, java.util.List.of("mri")));
        }
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 4096; i < bytes.length; i++) {
            bytes[i] = (byte) 0xA5;
        }
        Files.write(file, bytes);

        assertThatThrownBy(() -> {
            try (Journal journal = Journal.open(file, Durability.PROCESS)) {
                journal.unfinished();
            }
        }).isInstanceOf(IOException.class).hasMessageStartingWith("journal " + file + " ")
                .hasMessageContaining("damaged");
    }

    @Test
    void missingDirectoryIsReportedAndNotCreated() {
        Path file = dir.resolve("no-such-dir/journal.db");

        assertThatThrownBy(() -> Journal.open(file, Durability.PROCESS))
                .isInstanceOf(IOException.class)
                .hasMessage("journal " + file + ": its directory " + file.getParent() + " does not exist");
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void directoryThatIsAFileIsReported() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("data"), "x");
        Path file = notADirectory.resolve("journal.db");

        assertThatThrownBy(() -> Journal.open(file, Durability.PROCESS))
                .isInstanceOf(IOException.class)
                .hasMessage("journal " + file + ": " + notADirectory + " is not a directory");
    }

    @Test
    void readOnlyDirectoryIsReported() throws IOException {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        assumeTrue(!Files.isWritable(readOnly), "running as root: permissions do not stop writing");
        Path file = readOnly.resolve("journal.db");

        assertThatThrownBy(() -> Journal.open(file, Durability.PROCESS))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("journal " + file + ": its directory " + readOnly + " is not writable");
    }

    @Test
    void directoryWhereNothingCanBeCreatedIsReportedEvenForRoot() {
        Path sys = Path.of("/sys");
        assumeTrue(Files.isDirectory(sys) && !Files.exists(sys.resolve("journal.db")), "no /sys here");
        Path file = sys.resolve("journal.db");

        assertThatThrownBy(() -> Journal.open(file, Durability.PROCESS))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("journal " + file)
                .hasMessageContaining("writable");
    }
}
