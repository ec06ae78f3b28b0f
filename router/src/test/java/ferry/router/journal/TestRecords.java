package ferry.router.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/** Received objects for the journal's tests: a spool file of their own and a record naming it. */
final class TestRecords {

    static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    private static final Instant FIRST = Instant.parse("2025-03-14T09:26:53.589793238Z");

    private TestRecords() {
    }

    /** Object number {@code n}: SOP Instance UID {@code 1.2.826.0.1.3680043.10.1.<n>}, 100 to 1,099 bytes. */
    static ReceivedRecord received(Path spoolDirectory, long n, List<String> routes) throws IOException {
        return received(spoolDirectory, n, routes, (int) (100 + n % 1000));
    }

    /** Object number {@code n} with a spool file of {@code size} bytes. */
    static ReceivedRecord received(Path spoolDirectory, long n, List<String> routes, int size) throws IOException {
        Path spool = spoolDirectory.resolve("object-" + n + ".dcm");
        byte[] content = new byte[size];
        Arrays.fill(content, (byte) n);
        Files.write(spool, content);
        return new ReceivedRecord(FIRST.plusNanos(n * 1_001), "SCANNER" + n % 3, "FERRY", "192.0.2." + n % 250,
                MR_IMAGE_STORAGE, sopInstanceUid(n), "1.2.826.0.1.3680043.10.2." + n / 100,
                "1.2.826.0.1.3680043.10.3." + n / 10, EXPLICIT_VR_LITTLE_ENDIAN, content.length, spool, routes,
                ReceivedRecord.NO_CHECKSUM);
    }

    /** {@code record} with the CRC-32C of its spool file as it is now, as the spool takes it at durability power. */
    static ReceivedRecord withChecksum(ReceivedRecord record) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(Files.readAllBytes(record.spoolFile()));
        return new ReceivedRecord(record.receivedAt(), record.callingAeTitle(), record.calledAeTitle(),
                record.peerAddress(), record.sopClassUid(), record.sopInstanceUid(), record.studyInstanceUid(),
                record.seriesInstanceUid(), record.transferSyntaxUid(), record.size(), record.spoolFile(),
                record.routes(), crc.getValue());
    }

    static String sopInstanceUid(long n) {
        return "1.2.826.0.1.3680043.10.1." + n;
    }
}
