package ferry.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.BulkData;
import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.LargeObject;
import ferry.core.testing.Peers;
import ferry.core.testing.SmallHeap;
import ferry.core.testing.Storescp;
import ferry.core.testing.ToolRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object of 300 MiB goes both ways between dcmtk and a Ferry whose JVM has a 64 MiB heap
 * ({@link SmallHeapPeer}): it arrives with the same size, the same other elements and the same pixel checksum, and
 * Ferry never needed it in memory (it would have died of OutOfMemoryError). The object is written by the test as a
 * stream ({@link LargeObject}), so the test JVM does not hold it either; the disk holds at most three copies, in
 * temporary folders.
 */
class LargeObjectTest {
    static final long PIXEL_BYTES = LargeObject.PIXEL_BYTES;
    static final String UID = "2.25.300300300";

    @TempDir
    static Path shared;
    static Path source;
    static long sourceCrc;

    @TempDir
    Path dir;
    Process ferry;

    @BeforeAll
    static void writeTheObject() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tags.SOPClassUID, Vr.UI, DcmtkInteropTest.MR);
        ds.setString(Tags.SOPInstanceUID, Vr.UI, UID);
        ds.setString(Tags.PatientID, Vr.LO, "LARGE");
        ds.setString(Tags.Modality, Vr.CS, "MR");
        LargeObject written = LargeObject.write(shared.resolve("large.dcm"), ds, PIXEL_BYTES);
        source = written.file();
        sourceCrc = written.pixelCrc();
    }

    @AfterEach
    void stopFerry() throws InterruptedException {
        if (ferry != null && ferry.isAlive()) {
            ferry.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void storescuSendsA300MibObjectToAFerryWithA64MibHeap() throws Exception {
        Peers.requireExecutable("storescu", "apt-get install dcmtk");
        Path received = Files.createDirectories(dir.resolve("received"));
        Path log = dir.resolve("ferry.log");
        ferry = SmallHeapPeer.start(log, "receive", received.toString());
        int port = Integer.parseInt(waitForLine(log, Pattern.compile("port (\\d+)")).group(1));

        ToolRun run = ToolRun.run(Duration.ofSeconds(120), List.of("storescu", "-aet", "DCMTK", "-aec", "FERRY",
                "127.0.0.1", String.valueOf(port), source.toString()));
        ferry.getOutputStream().close(); // lets it stop
        assertThat(ferry.waitFor(30, TimeUnit.SECONDS)).isTrue();

        String ferryLog = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(run.exitCode()).as(run.describe() + "; Ferry: " + ferryLog).isZero();
        assertThat(ferry.exitValue()).as(ferryLog).isZero();
        assertSameObject(onlyFile(received));
        System.out.println("300 MiB storescu → Ferry (" + SmallHeap.HEAP + "): " + heapPeak(ferryLog));
    }

    @Test
    void aFerryWithA64MibHeapSendsA300MibObjectToStorescp() throws Exception {
        try (Storescp storescp = Storescp.start(dir)) {
            Path log = dir.resolve("ferry.log");
            ferry = SmallHeapPeer.start(log, "send", "127.0.0.1", String.valueOf(storescp.port()), "SCP",
                    source.toString());

            assertThat(ferry.waitFor(120, TimeUnit.SECONDS)).as("ferry send within 120 s").isTrue();
            String ferryLog = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ferry.exitValue()).as(ferryLog + "; storescp: " + storescp.logText()).isZero();
            assertSameObject(onlyFile(storescp.out()));
            System.out.println("300 MiB Ferry (" + SmallHeap.HEAP + ") → storescp: " + heapPeak(ferryLog));
        }
    }

    /** Same elements besides pixel data, and pixel data of the same length and checksum; deleted afterwards. */
    static void assertSameObject(Path copy) throws IOException {
        try {
            DicomFile original = DicomReader.read(source, ReadOptions.DEFAULT);
            DicomFile received = DicomReader.read(copy, ReadOptions.DEFAULT);
            BulkData pixels = (BulkData) received.dataSet().value(Tag.PIXEL_DATA);
            assertThat(pixels.length()).isEqualTo(PIXEL_BYTES);
            assertThat(LargeObject.crc(pixels)).as("CRC-32C of the pixel data").isEqualTo(sourceCrc);
            original.dataSet().remove(Tag.PIXEL_DATA);
            received.dataSet().remove(Tag.PIXEL_DATA);
            assertThat(received.dataSet()).isEqualTo(original.dataSet());
            assertThat(Files.size(copy)).isGreaterThan(PIXEL_BYTES);
        } finally {
            Files.delete(copy);
        }
    }

    static Path onlyFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    static Matcher waitForLine(Path log, Pattern pattern) throws IOException, InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (Files.exists(log)) {
                Matcher matcher = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (matcher.find()) {
                    return matcher;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line matching " + pattern + " in " + log + " within 15 s: "
                + (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)"));
    }

    static String heapPeak(String log) {
        Matcher matcher = Pattern.compile("heap peak \\d+ MiB").matcher(log);
        return matcher.find() ? matcher.group() : "(no heap figure)";
    }
}
