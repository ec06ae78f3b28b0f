package ferry.router.receive;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.testing.SmallDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskWatermarkTest {
    @TempDir
    Path dir;

    @Test
    void onARealDiskObjectsAreRefusedExactlyWhileTheFreeSpaceIsUnderTheMinimum() throws IOException {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 16L << 20)) {
            DiskWatermark watermark = new DiskWatermark(disk.folder(), 4L << 20);
            byte[] object = new byte[1 << 20];
            for (int i = 0; i < 40; i++) { // 40 MB written through a 16 MB disk, never more than 1 MB of it kept
                Path spooled = Files.write(disk.folder().resolve("object-" + i), object);
                assertThat(watermark.admits()).as("object %d: %d bytes free", i, disk.free()).isTrue();
                Files.delete(spooled);
            }

            disk.fill(3L << 20);
            assertThat(watermark.admits()).as("3 MB free, under the 4 MB minimum").isFalse();
            assertThat(watermark.free()).isLessThanOrEqualTo(3L << 20);
            disk.release();
            assertThat(watermark.admits()).as("the space is back").isTrue();
        }
    }

    @Test
    void aMinimumAboveTheDiskRefusesEverything() throws IOException {
        DiskWatermark watermark = new DiskWatermark(dir, Long.MAX_VALUE / 2);

        assertThat(watermark.admits()).isFalse();
    }

    @Test
    void zeroTurnsTheCheckOff() throws IOException {
        DiskWatermark watermark = new DiskWatermark(dir, 0);

        assertThat(watermark.admits()).isTrue();
    }

    @Test
    void noSpaceLeftOnDeviceIsRecognizedAsAFullDiskAndOtherFailuresAreNot() {
        assertThat(DiskWatermark.isDiskFull(new IOException("No space left on device"))).isTrue();
        assertThat(DiskWatermark.isDiskFull(new IOException("journal x: could not write",
                new IOException("Disk quota exceeded")))).isTrue();
        assertThat(DiskWatermark.isDiskFull(new NoSuchFileException("/data/spool/1.dcm"))).isFalse();
        assertThat(DiskWatermark.isDiskFull(new IOException("Connection reset by peer"))).isFalse();
    }
}
