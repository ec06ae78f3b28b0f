package ferry.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.io.TransferSyntax;
import ferry.core.testing.Await;
import ferry.core.testing.Peers;
import ferry.core.testing.TestPki;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.Association;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.Negotiation;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.assoc.Tls;
import ferry.net.dimse.Status;
import ferry.net.pdu.AAbort;
import ferry.net.pdu.AAssociateAc;
import ferry.net.pdu.AAssociateRq;
import ferry.net.pdu.PduReader;
import ferry.net.pdu.PduWriter;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.pdu.UserInformation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow peers (a slowloris) cannot hold an acceptor's places: the association request has the ARTIM time from the
 * connection, a PDU its time limit and minimum data rate, and connections awaiting their association have limits of
 * their own, apart from the association limit (docs/networking.md, "Time limits").
 */
class SlowPeerTest {
    static final String EXPLICIT = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    static final Duration LONG = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    final List<String> serverLog = new CopyOnWriteArrayList<>();
    DicomServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(Duration.ofSeconds(2));
        }
    }

    Path start(int maxAssociations, AcceptorLimits limits, Tls tls) throws IOException {
        Path received = Files.createDirectories(dir.resolve("received"));
        server = DicomServer.start(new ServerSettings(DcmtkInteropTest.LOOPBACK, 0,
                DcmtkInteropTest.policy(maxAssociations), limits, tls),
                new DimseScp(new FolderStore(received), serverLog::add), serverLog::add);
        return received;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(DcmtkInteropTest.LOOPBACK, server.port());
    }

    static AcceptorLimits limits(Duration associationRequest, Duration pdu, long minDataRate, int maxPending,
                                 int maxPendingPerAddress) {
        return new AcceptorLimits(associationRequest, pdu, minDataRate, Duration.ofSeconds(30), maxPending,
                maxPendingPerAddress);
    }

    /** An A-ASSOCIATE-RQ from SLOW for MR storage, as bytes. */
    static byte[] associateRq() {
        return PduWriter.encode(new AAssociateRq(1, "FERRY", "SLOW", Negotiation.APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, DcmtkInteropTest.MR, List.of(EXPLICIT))),
                UserInformation.of(16384, "1.2.3", "SLOW")));
    }

    /**
     * The first 12 bytes of a P-DATA-TF PDU of {@code length} bytes: its header (PS3.8 §9.3.5) and the header of its
     * one presentation data value item, a command fragment on context 1 that is not the last.
     */
    static byte[] pDataStart(int length) {
        return ByteBuffer.allocate(12).put((byte) 0x04).put((byte) 0).putInt(length).putInt(length - 4)
                .put((byte) 1).put((byte) 0x01).array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    ToolRun echoscu() {
        return ToolRun.run("echoscu", "-aet", "DCMTK", "-aec", "FERRY", "127.0.0.1", String.valueOf(server.port()));
    }

    long logLines(String... parts) {
        return serverLog.stream().filter(line -> Arrays.stream(parts).allMatch(line::contains)).count();
    }

    @Test
    void slowAssociationRequestsAreClosedAfterTheArtimTimeWhileStorescuStillStores() throws Exception {
        Peers.requireExecutable("storescu", "apt-get install dcmtk");
        Path received = start(64, limits(Duration.ofSeconds(4), Duration.ofSeconds(10), 8192, 100, 16), null);
        List<Path> files = DcmtkInteropTest.makeObjects(dir.resolve("sent"), 5, 20_000,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        List<InetAddress> sources = Slowloris.loopbackAddresses(2, 6);

        try (Slowloris slow = Slowloris.start(address(), sources, 70, new byte[0], associateRq(),
                Duration.ofSeconds(1))) {
            Await.until("70 slow connections awaiting their association", () -> server.pendingConnections() == 70);

            ToolRun echo = echoscu();
            List<String> command = new ArrayList<>(List.of("storescu", "-aet", "DCMTK", "-aec", "FERRY", "127.0.0.1",
                    String.valueOf(server.port())));
            files.forEach(file -> command.add(file.toString()));
            ToolRun store = ToolRun.run(Duration.ofSeconds(60), command);

            assertThat(echo.exitCode()).as(echo.describe()).isZero();
            assertThat(store.exitCode()).as(store.describe()).isZero();
            DcmtkInteropTest.assertSameDataSets(files, received);
            Await.until("every slow connection closed by Ferry", () -> slow.closedByServer() == 70);
            assertThat(slow.connections()).allSatisfy(connection ->
                    assertThat(connection.received()).as("closed without an answer (PS3.8 AA-2)").isEmpty());
        }
        for (InetAddress source : sources) {
            assertThat(logLines("closed the connection from " + source.getHostAddress() + ":",
                    "no complete A-ASSOCIATE-RQ within 4 s of connecting")).isEqualTo(14);
        }
    }

    @Test
    void anAssociationWhosePduTricklesInIsAbortedByThePduTimeLimit() throws Exception {
        start(4, limits(Duration.ofSeconds(10), Duration.ofSeconds(1), 4096, 64, 16), null);
        byte[] burst = concat(associateRq(), pDataStart(8192)); // then the PDU's other 8180 bytes, one a second

        try (Slowloris trickle = Slowloris.start(address(), List.of(DcmtkInteropTest.LOOPBACK), 1, burst,
                new byte[8180], Duration.ofSeconds(1))) {
            Await.until("Ferry ends the association", () -> trickle.closedByServer() == 1);

            PduReader answers = new PduReader(new ByteArrayInputStream(trickle.connections().get(0).received()), 0);
            assertThat(answers.read()).isInstanceOf(AAssociateAc.class);
            assertThat(answers.read()).isEqualTo(new AAbort(AAbort.Source.SERVICE_PROVIDER,
                    AAbort.REASON_NOT_SPECIFIED));
        }
        assertThat(logLines("aborted the association with SLOW@", "127.0.0.1",
                "a P-DATA-TF PDU of 8192 bytes was not complete within 3 s of its first byte",
                "the PDU time limit of 1 s plus its length at the minimum data rate of 4096 bytes/s")).isOne();
        assertStillServing();
    }

    @Test
    void connectionsOverTheLimitFromOneAddressAreClosedAtOnceWhileOtherAddressesAreServed() throws Exception {
        Peers.requireExecutable("echoscu", "apt-get install dcmtk");
        start(4, limits(LONG, Duration.ofSeconds(10), 8192, 100, 3), null);
        InetAddress crowded = Slowloris.loopbackAddresses(2, 2).get(0);
        InetAddress other = Slowloris.loopbackAddresses(3, 3).get(0);

        try (Slowloris silent = Slowloris.start(address(), List.of(crowded), 3, new byte[0], new byte[0],
                Duration.ofSeconds(1))) {
            Await.until("three connections from 127.0.0.2 awaiting their association",
                    () -> server.pendingConnections() == 3);
            Thread.sleep(600); // they count against the limit of their address once they have waited half a second
            try (Slowloris fourth = Slowloris.start(address(), List.of(crowded), 1, new byte[0], new byte[0],
                    Duration.ofSeconds(1))) {
                Await.until("the fourth connection from 127.0.0.2 closed", () -> fourth.closedByServer() == 1);
                try (Slowloris associating = Slowloris.start(address(), List.of(other), 1, associateRq(),
                        new byte[0], Duration.ofSeconds(1))) {
                    Await.until("an A-ASSOCIATE-AC for 127.0.0.3", () -> new PduReader(new ByteArrayInputStream(
                            associating.connections().get(0).received()), 0).read() instanceof AAssociateAc);
                }
                ToolRun echo = echoscu();

                assertThat(echo.exitCode()).as(echo.describe()).isZero();
                assertThat(silent.closedByServer()).as("the first three from 127.0.0.2 still wait").isZero();
            }
        }
        assertThat(logLines("closed the connection from 127.0.0.2:", "at once: 3 connections from 127.0.0.2 are "
                + "awaiting their association for half a second or more, the most allowed from one address")).isOne();
    }

    @Test
    void overTheLimitOfPendingConnectionsNewOnesAreClosedAtOnceWhileAssociationsGoOn() throws Exception {
        start(4, limits(LONG, Duration.ofSeconds(10), 8192, 3, 3), null);

        try (Association held = Requestor.connect(new RequestorSettings("HOLDER", "FERRY", "127.0.0.1", server.port(),
                List.of(EchoScu.context(1)), 0, null, Timeouts.DEFAULT, null));
             Slowloris silent = Slowloris.start(address(), Slowloris.loopbackAddresses(2, 5), 4, new byte[0],
                     new byte[0], Duration.ofSeconds(1))) {
            Await.until("the fourth silent connection closed", () -> silent.closedByServer() == 1);

            assertThat(silent.connections().get(3).closedByServer()).isTrue();
            assertThat(server.pendingConnections()).isEqualTo(3);
            assertThat(EchoScu.echo(held)).isEqualTo(Status.SUCCESS);
        }
        assertThat(logLines("closed the connection from 127.0.0.5:",
                "at once: 3 connections are awaiting their association, the most allowed")).isOne();
    }

    @Test
    void slowConnectionsFromManyAddressesFillingEveryPendingPlaceMakeRoomForANewOne() throws Exception {
        Peers.requireExecutable("echoscu", "apt-get install dcmtk");
        start(4, limits(LONG, Duration.ofSeconds(10), 8192, 8, 16), null);
        List<InetAddress> sources = Slowloris.loopbackAddresses(2, 6);

        try (Slowloris slow = Slowloris.start(address(), sources, 8, new byte[0], associateRq(),
                Duration.ofSeconds(1))) {
            Await.until("8 slow connections from 5 addresses awaiting their association",
                    () -> server.pendingConnections() == 8);
            Thread.sleep(600); // older than the half second under which a pending connection is never pushed out

            ToolRun echo = echoscu();

            assertThat(echo.exitCode()).as("an honest requestor gets in: " + echo.describe()).isZero();
            Await.until("the slowest connection pushed out", () -> slow.closedByServer() == 1);
            assertThat(slow.connections().get(0).closedByServer()).as("the one that waited longest").isTrue();
        }
        assertThat(logLines("closed the connection from 127.0.0.2:", "every place for connections awaiting their "
                + "association was taken, and it had waited longest")).isOne();
        assertThat(logLines("127.0.0.2:", "failed")).as("its thread, ended by the close, adds no failure line")
                .isZero();
    }

    @Test
    void aTlsHandshakeSentByteByByteIsClosedAfterTheArtimTime() throws Exception {
        TestPki pki = TestPki.shared();
        start(4, limits(Duration.ofSeconds(2), Duration.ofSeconds(10), 8192, 64, 16), Tls.fromKeyStores(
                pki.keyStore("server"), TestPki.PASSWORD, pki.trustStore(), TestPki.PASSWORD, false));
        // The header of a TLS handshake record of 16 KiB (RFC 8446 §5.1), then its body one byte a second.
        byte[] recordHeader = {0x16, 0x03, 0x01, 0x40, 0x00};

        try (Slowloris slow = Slowloris.start(address(), List.of(DcmtkInteropTest.LOOPBACK), 1, recordHeader,
                new byte[16384], Duration.ofSeconds(1))) {
            Await.until("Ferry closes the connection", () -> slow.closedByServer() == 1);
        }
        assertThat(logLines("closed the connection from 127.0.0.1:",
                "no complete A-ASSOCIATE-RQ within 2 s of connecting")).isOne();
    }

    void assertStillServing() throws IOException {
        RequestorSettings settings = new RequestorSettings("CHECK", "FERRY", "127.0.0.1", server.port(),
                List.of(EchoScu.context(1)), 0, null, Timeouts.DEFAULT, null);
        try (Association association = Requestor.connect(settings)) {
            assertThat(EchoScu.echo(association)).isEqualTo(Status.SUCCESS);
        }
    }
}
