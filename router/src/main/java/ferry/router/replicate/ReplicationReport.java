package ferry.router.replicate;

import java.time.Duration;
import java.util.Locale;

/**
 * How far a replication got: instances listed at the source, found present at the destination (or recorded as
 * copied by an earlier run), copied, failed, and (for {@code --dry-run}) to be copied.
 *
 * @param listed   instances the source offered
 * @param present  instances the destination held already, or an earlier run had copied
 * @param copied   instances copied now
 * @param failed   instances that could not be copied now (listed with their reasons)
 * @param toCopy   instances a dry run would copy
 * @param bytes    bytes copied (as fetched from the source)
 * @param elapsed  time since the pass began
 */
public record ReplicationReport(long listed, long present, long copied, long failed, long toCopy, long bytes,
                                Duration elapsed) {
    /** Instances handled: present, copied or failed. */
    public long handled() {
        return present + copied + failed;
    }

    /**
     * The summary line: "12,403 present, 1,920 copied, 0 failed in 2m 10s (14.8 MB/s)"; for a dry run "12,403
     * present, 1,920 to copy in 2s".
     */
    public String summary(boolean dryRun) {
        String counts = dryRun
                ? String.format(Locale.ROOT, "%,d present, %,d to copy", present, toCopy)
                : String.format(Locale.ROOT, "%,d present, %,d copied, %,d failed", present, copied, failed);
        String rate = dryRun || copied == 0 ? "" : String.format(Locale.ROOT, " (%.1f MB/s)",
                bytes / 1e6 / Math.max(0.001, elapsed.toMillis() / 1000.0));
        return counts + " in " + duration(elapsed) + rate;
    }

    /** "2m 10s", "1h 5m", "0.4s". */
    static String duration(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1fs", elapsed.toMillis() / 1000.0);
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }
}
