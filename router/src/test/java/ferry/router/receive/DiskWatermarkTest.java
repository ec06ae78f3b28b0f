package ferry.router.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskWatermarkTest {
    @TempDir
    Path dir;

    static final long HOUR = 3_600_000_000_000L;

    @Test
    void bytesWrittenBetweenChecksCountAgainstTheFreeSpace() throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        DiskWatermark watermark = new DiskWatermark(dir, free - (64L << 20), HOUR);

        assertThat(watermark.admits()).isTrue();
        watermark.written(32L << 20);
        assertThat(watermark.admits()).as("32 MB of the 64 MB margin used").isTrue();
        watermark.written(40L << 20);
        assertThat(watermark.admits()).as("the margin is used up before the next look at the disk").isFalse();
    }

    @Test
    void aMinimumAboveTheDiskRefusesEverything() throws IOException {
        DiskWatermark watermark = new DiskWatermark(dir, Long.MAX_VALUE / 2);

        assertThat(watermark.admits()).isFalse();
    }

    @Test
    void zeroTurnsTheCheckOff() throws IOException {
        DiskWatermark watermark = new DiskWatermark(dir, 0, HOUR);
        watermark.written(Long.MAX_VALUE / 2);

        assertThat(watermark.admits()).isTrue();
    }
}
