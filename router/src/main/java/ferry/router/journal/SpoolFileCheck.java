package ferry.router.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/** Whether a spool file holds what its record says: its size and CRC-32C. */
final class SpoolFileCheck {

    private SpoolFileCheck() {
    }

    /**
     * What is wrong with {@code file} against the recorded {@code size} and {@code checksum}, or null when it
     * matches.
     *
     * @throws IOException when the file exists but cannot be read
     */
    static String problem(Path file, long size, long checksum) throws IOException {
        long actualSize;
        CRC32C crc = new CRC32C();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            actualSize = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
                actualSize += n;
            }
        } catch (NoSuchFileException e) {
            return "spool file " + file + " is missing";
        }
        if (actualSize != size) {
            return "spool file " + file + " has " + actualSize + " bytes, the record says " + size;
        }
        if (crc.getValue() != checksum) {
            return "spool file " + file + " has CRC-32C " + Long.toHexString(crc.getValue()) + ", the record says "
                    + Long.toHexString(checksum);
        }
        return null;
    }
}
