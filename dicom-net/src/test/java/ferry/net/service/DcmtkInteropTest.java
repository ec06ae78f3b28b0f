package ferry.net.service;

import ferry.core.testing.FreePorts;
import ferry.core.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.Association;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.Negotiation;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ferry's association layer and services against dcmtk's echoscu, storescu, dcmsend and storescp. */
class DcmtkInteropTest {
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    final List<String> serverLog = new CopyOnWriteArrayList<>();
    DicomServer server;
    Process storescp;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(Duration.ofSeconds(5));
        }
        if (storescp != null) {
            storescp.destroyForcibly();
        }
    }

    static AcceptorPolicy policy(int maxAssociations) {
        return new AcceptorPolicy(Set.of("FERRY"), List.of(), Set.of(Uids.Verification), true,
                List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(),
                        TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid(), Negotiation.ANY_TRANSFER_SYNTAX),
                maxAssociations, 64 * 1024);
    }

    Path startFerry(int maxAssociations) throws IOException {
        Path received = Files.createDirectories(dir.resolve("received"));
        server = DicomServer.start(new ServerSettings(LOOPBACK, 0, policy(maxAssociations), AcceptorLimits.DEFAULT,
                null),
                new DimseScp(new FolderStore(received), serverLog::add), serverLog::add);
        return received;
    }

    /** {@code count} MR objects of about {@code pixelBytes} each, written by Ferry in {@code syntax}. */
    static List<Path> makeObjects(Path folder, int count, int pixelBytes, TransferSyntax syntax) throws IOException {
        return makeObjects(folder, count, pixelBytes, syntax, "2.25.1234");
    }

    static List<Path> makeObjects(Path folder, int count, int pixelBytes, TransferSyntax syntax, String uidRoot)
            throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            DataSet ds = new DataSet();
            ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 100");
            ds.setString(Tags.SOPClassUID, Vr.UI, MR);
            ds.setString(Tags.SOPInstanceUID, Vr.UI, uidRoot + "." + i);
            ds.setString(Tags.Modality, Vr.CS, "MR");
            ds.setString(Tags.PatientName, Vr.PN, "Müller^Jörg");
            ds.setString(Tags.PatientID, Vr.LO, "P" + i);
            ds.setString(Tags.StudyInstanceUID, Vr.UI, uidRoot);
            ds.setString(Tags.SeriesInstanceUID, Vr.UI, uidRoot + ".0");
            ds.setInts(Tags.InstanceNumber, Vr.IS, i);
            ds.newSequence(Tags.ReferencedImageSequence).addItem()
                    .setString(Tags.ReferencedSOPInstanceUID, Vr.UI, uidRoot + "." + (i + 1));
            ds.setInts(Tags.Rows, Vr.US, 16);
            byte[] pixels = new byte[pixelBytes];
            for (int b = 0; b < pixels.length; b++) {
                pixels[b] = (byte) (b * 31 + i);
            }
            ds.setBytes(Tag.PIXEL_DATA, Vr.OW, pixels);
            Path file = folder.resolve(String.format("MR%04d.dcm", i));
            DicomWriter.writeFile(file, new DataSet(), ds, syntax);
            files.add(file);
        }
        return files;
    }

    static DataSet dataSet(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }

    static List<Path> stored(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    static void assertSameDataSets(List<Path> sent, Path receivedFolder) throws IOException {
        List<Path> received = stored(receivedFolder);
        assertThat(received).hasSize(sent.size());
        for (Path original : sent) {
            DataSet expected = dataSet(original);
            Path copy = receivedFolder.resolve(expected.getString(Tags.SOPInstanceUID) + ".dcm");
            assertThat(copy).exists();
            assertThat(dataSet(copy)).as(copy.toString()).isEqualTo(expected);
        }
    }

    /** Like {@link #assertSameDataSets} for a peer that names files its own way (storescp: {@code MR.<uid>}). */
    static void assertSameDataSetsAnyName(List<Path> sent, Path receivedFolder) throws IOException {
        java.util.Map<String, DataSet> byUid = new java.util.HashMap<>();
        for (Path copy : stored(receivedFolder)) {
            DataSet dataSet = dataSet(copy);
            byUid.put(dataSet.getString(Tags.SOPInstanceUID), dataSet);
        }
        assertThat(byUid).hasSize(sent.size());
        for (Path original : sent) {
            DataSet expected = dataSet(original);
            assertThat(byUid.get(expected.getString(Tags.SOPInstanceUID))).as(original.toString())
                    .isEqualTo(expected);
        }
    }

    @Test
    void echoscuGetsAnAnswer() throws IOException {
        Peers.requireExecutable("echoscu", "apt-get install dcmtk");
        startFerry(4);

        ToolRun run = ToolRun.run("echoscu", "-aet", "DCMTK", "-aec", "FERRY", "127.0.0.1",
                String.valueOf(server.port()));

        assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    @Test
    void storescuStoresObjectsThatArriveIdentical() throws IOException {
        Peers.requireExecutable("storescu", "apt-get install dcmtk");
        Path received = startFerry(4);
        List<Path> files = makeObjects(dir.resolve("sent"), 20, 20_000, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        files.addAll(makeObjects(dir.resolve("sent-implicit"), 1, 100, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                "2.25.5678"));

        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "DCMTK", "-aec", "FERRY", "127.0.0.1",
                String.valueOf(server.port())));
        files.forEach(f -> command.add(f.toString()));
        ToolRun run = ToolRun.run(Duration.ofSeconds(60), command);

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertSameDataSets(files, received);
    }

    @Test
    void dcmsendStoresAFolder() throws IOException {
        Peers.requireExecutable("dcmsend", "apt-get install dcmtk");
        Path received = startFerry(4);
        List<Path> files = makeObjects(dir.resolve("sent"), 10, 5_000, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);

        ToolRun run = ToolRun.run(Duration.ofSeconds(60), List.of("dcmsend", "-aet", "DCMTK", "-aec", "FERRY",
                "127.0.0.1", String.valueOf(server.port()), "--scan-directories", dir.resolve("sent").toString()));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertSameDataSets(files, received);
    }

    @Test
    void anUnknownCalledAeTitleIsRejectedAsTheStandardSays() throws IOException {
        Peers.requireExecutable("echoscu", "apt-get install dcmtk");
        startFerry(4);

        ToolRun run = ToolRun.run("echoscu", "-aet", "DCMTK", "-aec", "NOBODY", "127.0.0.1",
                String.valueOf(server.port()));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).containsIgnoringCase("Called AE Title Not Recognized");
        assertThat(serverLog).anyMatch(line -> line.contains("called AE title 'NOBODY' not served"));
    }

    @Test
    void associationsOverTheLimitAreRejectedAsLocalLimitExceeded() throws IOException {
        Peers.requireExecutable("echoscu", "apt-get install dcmtk");
        startFerry(1);
        RequestorSettings settings = new RequestorSettings("HOLDER", "FERRY", "127.0.0.1", server.port(),
                List.of(EchoScu.context(1)), 0, null, Timeouts.DEFAULT, null);

        try (Association held = Requestor.connect(settings)) {
            ToolRun run = ToolRun.run("echoscu", "-aet", "DCMTK", "-aec", "FERRY", "127.0.0.1",
                    String.valueOf(server.port()));

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.err()).containsIgnoringCase("Local Limit Exceeded");
            assertThat(EchoScu.echo(held)).isEqualTo(Status.SUCCESS);
        }
    }

    @Test
    void ferrySendsToStorescpInTheSyntaxItAccepts() throws Exception {
        Path storescpExecutable = Peers.requireExecutable("storescp", "apt-get install dcmtk");
        Path out = Files.createDirectories(dir.resolve("storescp"));
        int port = FreePorts.next();
        ProcessBuilder builder = new ProcessBuilder(storescpExecutable.toString(), "-aet", "SCP", "+xi",
                "--output-directory", out.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("storescp.log").toFile());
        builder.environment().put("TCP_NODELAY", "1");
        storescp = builder.start();
        Await.listening(LOOPBACK, port);
        // Big endian files: storescp (+xi: implicit VR little endian only) makes Ferry convert them.
        List<Path> files = makeObjects(dir.resolve("sent"), 12, 30_000, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        List<StoreScu.FileToSend> toSend = new ArrayList<>();
        for (Path file : files) {
            toSend.add(StoreScu.inspect(file));
        }
        List<ferry.net.pdu.PresentationContextRq> contexts = new ArrayList<>(StoreScu.contexts(toSend));
        contexts.add(EchoScu.context(255));
        RequestorSettings settings = new RequestorSettings("FERRY", "SCP", "127.0.0.1", port, contexts, 0, null,
                Timeouts.DEFAULT, null);

        try (Association association = Requestor.connect(settings)) {
            assertThat(EchoScu.echo(association)).isEqualTo(Status.SUCCESS);
            for (StoreScu.FileToSend file : toSend) {
                assertThat(StoreScu.send(association, file).status()).isEqualTo(Status.SUCCESS);
            }
        }

        List<Path> written = stored(out);
        assertThat(written).hasSize(files.size());
        for (Path file : files) {
            DataSet expected = dataSet(file);
            Path copy = written.stream().filter(p -> {
                try {
                    return expected.getString(Tags.SOPInstanceUID).equals(dataSet(p).getString(Tags.SOPInstanceUID));
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow();
            assertThat(DicomReader.read(copy, ReadOptions.IN_MEMORY).transferSyntax())
                    .isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            assertThat(dataSet(copy)).isEqualTo(expected);
        }
    }
}
