package ferry.net.service;

import static ferry.net.service.DcmtkInteropTest.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Peers;
import ferry.core.testing.Storescp;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.Association;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Maximum PDU lengths from 4 KiB to 1 MiB on both sides (PS3.8 §D.1), against dcmtk, whose own maxima go from
 * 4096 to 131072. Each run sends objects whose data sets end exactly at, just before and just after a PDU boundary
 * of the sender (dcmtk fills a PDU with {@code max - 12} data bytes, Ferry with {@code max - 6}, the most the
 * standard allows), plus a data set of a few bytes, and every object must arrive identical. Ferry's reader refuses
 * a PDU longer than it announced, so the runs into Ferry also prove that dcmtk keeps to Ferry's limit, and the
 * runs from Ferry to Ferry that Ferry keeps to its own.
 */
class PduSizeInteropTest {
    static final String MR = DcmtkInteropTest.MR;

    @TempDir
    Path dir;

    final List<String> serverLog = new CopyOnWriteArrayList<>();
    DicomServer server;
    Storescp storescp;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(Duration.ofSeconds(5));
        }
        if (storescp != null) {
            storescp.close();
        }
    }

    /** The bytes of one PDV's data when the receiver's maximum PDU length is {@code max}. */
    static int dcmtkFragment(long max) {
        return (int) (max - 12); // what dcmtk logs as "Max Send PDV"
    }

    static int ferryFragment(long max) {
        return (int) (max - 6) & ~1;
    }

    /**
     * Objects whose data sets are a few bytes long, and exactly one and two fragments long (and up to 2 bytes less
     * or more, even lengths only) for each fragment size given.
     */
    List<Path> edgeObjects(String uidRoot, int... fragments) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("sent-" + uidRoot.replace('.', '-')));
        int base = dataSetLength(dataSet(uidRoot + ".0", 0));
        Set<Integer> lengths = new LinkedHashSet<>();
        for (int fragment : fragments) {
            for (int n = 1; n <= 2; n++) {
                for (int delta = -2; delta <= 2; delta++) {
                    if ((n * fragment + delta) % 2 == 0) { // DICOM values, so data sets, have even lengths
                        lengths.add(n * fragment + delta);
                    }
                }
            }
        }
        List<Path> files = new ArrayList<>();
        DataSet tiny = new DataSet(); // a data set of a few bytes: the two UIDs a C-STORE needs, no pixels
        tiny.setString(Tags.SOPClassUID, Vr.UI, MR);
        tiny.setString(Tags.SOPInstanceUID, Vr.UI, uidRoot + ".1");
        files.add(write(folder, tiny));
        int i = 2;
        for (int length : lengths) {
            DataSet ds = dataSet(uidRoot + "." + i++, length - base);
            assertThat(dataSetLength(ds)).isEqualTo(length);
            files.add(write(folder, ds));
        }
        return files;
    }

    static DataSet dataSet(String uid, int pixelBytes) {
        DataSet ds = new DataSet();
        ds.setString(Tags.SOPClassUID, Vr.UI, MR);
        ds.setString(Tags.SOPInstanceUID, Vr.UI, uid);
        ds.setString(Tags.PatientID, Vr.LO, "PDU");
        byte[] pixels = new byte[pixelBytes];
        for (int b = 0; b < pixels.length; b++) {
            pixels[b] = (byte) (b * 7 + (b >>> 8)); // a fragment out of place would show
        }
        ds.setBytes(Tag.PIXEL_DATA, Vr.OB, pixels);
        return ds;
    }

    static int dataSetLength(DataSet ds) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeDataSet(out, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return out.size();
    }

    static Path write(Path folder, DataSet ds) throws IOException {
        Path file = folder.resolve(ds.getString(Tags.SOPInstanceUID) + ".dcm");
        DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return file;
    }

    Path startFerry(long maxPduLength) throws IOException {
        Path received = Files.createDirectories(dir.resolve("received"));
        AcceptorPolicy base = DcmtkInteropTest.policy(4);
        AcceptorPolicy policy = new AcceptorPolicy(base.calledAeTitles(), base.allowedCallers(),
                base.abstractSyntaxes(), true, base.transferSyntaxes(), 4, maxPduLength);
        server = DicomServer.start(new ServerSettings(LOOPBACK, 0, policy, AcceptorLimits.DEFAULT, null),
                new DimseScp(new FolderStore(received), serverLog::add), serverLog::add);
        return received;
    }

    @ParameterizedTest(name = "Ferry receives at most {0}, storescu at most {1}")
    @CsvSource({"4096, 4096", "4097, 131072", "16384, 16384", "65536, 4096", "131072, 131072", "1048576, 16384"})
    void storescuSendsIntoFerryAtEveryMaximumPduLength(long ferryMax, int storescuMax) throws IOException {
        Peers.requireExecutable("storescu", "apt-get install dcmtk");
        Path received = startFerry(ferryMax);
        List<Path> files = edgeObjects("2.25.71", dcmtkFragment(ferryMax));

        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "DCMTK", "-aec", "FERRY", "--max-pdu",
                String.valueOf(storescuMax), "127.0.0.1", String.valueOf(server.port())));
        files.forEach(f -> command.add(f.toString()));
        ToolRun run = ToolRun.run(Duration.ofSeconds(60), command);

        assertThat(run.exitCode()).as(run.describe() + "; Ferry: " + serverLog).isZero();
        assertThat(serverLog).isEmpty();
        DcmtkInteropTest.assertSameDataSets(files, received);
    }

    @ParameterizedTest(name = "storescp receives at most {0}, Ferry at most {1}")
    @CsvSource({"4096, 4096", "16384, 1048576", "65536, 16384", "131072, 131072"})
    void ferrySendsIntoStorescpAtEveryMaximumPduLength(int storescpMax, long ferryMax) throws Exception {
        storescp = Storescp.start(dir, "--max-pdu", String.valueOf(storescpMax));
        List<Path> files = edgeObjects("2.25.72", ferryFragment(storescpMax));

        send(files, "SCP", storescp.port(), ferryMax);

        DcmtkInteropTest.assertSameDataSetsAnyName(files, storescp.out());
    }

    @ParameterizedTest(name = "Ferry receives at most {0}")
    @CsvSource({"4096", "4097", "16384", "1048576"})
    void ferrySendsIntoFerryAtEveryMaximumPduLength(long max) throws IOException {
        Path received = startFerry(max);
        List<Path> files = edgeObjects("2.25.73", ferryFragment(max));

        send(files, "FERRY", server.port(), max);

        assertThat(serverLog).isEmpty();
        DcmtkInteropTest.assertSameDataSets(files, received);
    }

    static void send(List<Path> files, String calledAeTitle, int port, long ownMax) throws IOException {
        List<StoreScu.FileToSend> toSend = new ArrayList<>();
        for (Path file : files) {
            toSend.add(StoreScu.inspect(file));
        }
        RequestorSettings settings = new RequestorSettings("FERRY", calledAeTitle, "127.0.0.1", port,
                StoreScu.contexts(toSend), ownMax, null, Timeouts.DEFAULT, null);
        try (Association association = Requestor.connect(settings)) {
            for (StoreScu.FileToSend file : toSend) {
                assertThat(StoreScu.send(association, file).status()).as(file.path().toString())
                        .isEqualTo(Status.SUCCESS);
            }
        }
    }
}
