package ferry.router.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreAgeOutTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void filesOlderThanKeepGoWithTheFoldersTheyLeaveEmptyButNeverTheStoreFolderOrWhatALinkPointsTo()
            throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path old = file(store.resolve("P1/20260101_1000/1.2.3/1.dcm"), 100);
        Path oldBeside = file(store.resolve("P2/20260102_1000/1.2.4/2.dcm"), 100);
        Path young = file(store.resolve("P2/20261201_1000/1.2.5/3.dcm"), 5);
        Path outside = file(dir.resolve("elsewhere/precious.dcm"), 100);
        Files.createSymbolicLink(store.resolve("P3"), outside.getParent());

        long deleted = StoreAgeOut.ageOut(new StoreAgeOut.Folder("cache", store, Duration.ofDays(90)), NOW, false);

        assertThat(deleted).isEqualTo(2);
        assertThat(old).doesNotExist();
        assertThat(store.resolve("P1")).as("folders left empty are removed").doesNotExist();
        assertThat(oldBeside).doesNotExist();
        assertThat(store.resolve("P2/20260102_1000")).doesNotExist();
        assertThat(young).exists();
        assertThat(store).isDirectory();
        assertThat(outside).as("a link is not followed out of the store").exists();
        assertThat(store.resolve("P3")).isSymbolicLink();
    }

    @Test
    void aStoreFolderThatIsALinkAgesOutTheFolderItLeadsTo() throws Exception {
        Path disk = Files.createDirectories(dir.resolve("mnt/disk"));
        Path old = file(disk.resolve("P1/1.dcm"), 100);
        Path young = file(disk.resolve("P1/2.dcm"), 5);
        Path link = Files.createSymbolicLink(dir.resolve("cache"), disk);

        long deleted = StoreAgeOut.ageOut(new StoreAgeOut.Folder("cache", link, Duration.ofDays(90)), NOW, false);

        assertThat(deleted).isEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(young).exists();
        assertThat(link).isSymbolicLink();
    }

    @Test
    void aDryRunCountsAndDeletesNothing() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path old = file(store.resolve("a/1.dcm"), 100);

        assertThat(StoreAgeOut.ageOut(new StoreAgeOut.Folder("cache", store, Duration.ofDays(90)), NOW, true))
                .isEqualTo(1);
        assertThat(old).exists();
    }

    @Test
    void aMissingStoreFolderIsNothingToDo() {
        assertThat(StoreAgeOut.ageOut(new StoreAgeOut.Folder("cache", dir.resolve("none"), Duration.ofDays(1)), NOW,
                false)).isZero();
    }

    /** A file last modified {@code days} before now. */
    private static Path file(Path file, int days) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, file.toString());
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(Duration.ofDays(days))));
        return file;
    }
}
