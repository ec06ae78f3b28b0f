package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.Negotiation;
import ferry.net.pdu.AAbort;
import ferry.net.pdu.AAssociateAc;
import ferry.net.pdu.AAssociateRq;
import ferry.net.pdu.PduReader;
import ferry.net.pdu.PduWriter;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.pdu.UserInformation;
import ferry.router.config.ConfigLoader;
import ferry.router.testing.Dcmtk;
import ferry.core.testing.FreePorts;
import ferry.router.testing.TcpRelay;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener's time limits and limits of connections awaiting their association come from its configuration
 * (docs/configuration.md, {@code listeners[]}), and an honest sender on a slow link is not cut off by them.
 */
class ListenerLimitsTest {
    @TempDir
    Path dir;

    FerryService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    int start(String listenerSettings) throws Exception {
        int port = FreePorts.next();
        Path file = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(file, "data-directory: " + dir.resolve("data") + "\nmin-free-disk: 0\nhttp: off\nlisteners:\n"
                + "  - port: " + port + "\n    ae-titles: [FERRY]\n" + listenerSettings
                + "routes:\n  - {name: all, default: true, store: {folder: " + dir.resolve("store") + "}}\n");
        service = FerryService.start(ConfigLoader.load(file));
        return port;
    }

    static Socket connect(InetAddress from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        socket.setSoTimeout((int) Await.DEADLINE.toMillis());
        return socket;
    }

    /** Whether the other side closed {@code socket}: the end of its stream, within the test's deadline. */
    static boolean closedByFerry(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return in.read() < 0;
    }

    @Test
    void anHonestObjectOverASlowLinkAboveTheMinimumRateIsStoredWhole() throws Exception {
        // PDUs of 128 KiB at 64 KiB/s take 2 s each, longer than the PDU time limit; the rate keeps them going.
        int port = start("    pdu-timeout: 1s\n    min-data-rate: 16KB\n");
        TestStudy study = new TestStudy("SLOW1", "2.25.4711", 1, 1, 300_000);
        Path sent = study.write(dir.resolve("out")).get(0);

        try (TcpRelay slowLink = TcpRelay.throttled(port, 64 * 1024)) {
            ToolRun run = Dcmtk.send("REMOTE", "FERRY", slowLink.port(), dir.resolve("out"), "--max-send-pdu",
                    "131072");

            assertThat(run.exitCode()).as(run.describe()).isZero();
        }
        Path stored = dir.resolve("store").resolve("SLOW1").resolve("20261122_101500").resolve("2.25.4711.1")
                .resolve("2.25.4711.1.1.dcm");
        Await.until("the object stored", () -> Files.exists(stored));
        assertThat(RouterEndToEndTest.read(stored)).isEqualTo(RouterEndToEndTest.read(sent));
    }

    @Test
    void aSenderOpeningMoreAssociationsAtOnceThanItsAddressMayHavePendingGetsThemAll() throws Exception {
        int port = start("    max-pending-per-address: 2\n");
        InetAddress peer = InetAddress.getByName("127.0.0.2");
        List<Socket> burst = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) { // all connected before any request: eight pending from one address
                burst.add(connect(peer, port));
            }
            for (Socket socket : burst) {
                new PduWriter(socket.getOutputStream()).write(new AAssociateRq(1, "FERRY", "BURST",
                        Negotiation.APPLICATION_CONTEXT,
                        List.of(new PresentationContextRq(1, TestStudy.MR, List.of("1.2.840.10008.1.2.1"))),
                        UserInformation.of(16384, "1.2.3", "BURST")));
            }
            for (Socket socket : burst) {
                assertThat(new PduReader(socket.getInputStream(), 0).read()).isInstanceOf(AAssociateAc.class);
            }
        } finally {
            for (Socket socket : burst) {
                socket.close();
            }
        }
    }

    @Test
    void aListenersLimitsComeFromItsConfiguration() throws Exception {
        int port = start("    association-request-timeout: 1s\n    pdu-timeout: 1s\n    max-pending-per-address: 1\n");
        InetAddress peer = InetAddress.getByName("127.0.0.2");

        try (Socket silent = connect(peer, port)) {
            Thread.sleep(600); // a pending connection counts against its address's limit once it waited half a second
            try (Socket second = connect(peer, port)) {
                assertThat(closedByFerry(second)).as("over max-pending-per-address: closed at once").isTrue();
            }
            assertThat(closedByFerry(silent)).as("closed after the association request time").isTrue();
        }
        try (Socket stalling = connect(InetAddress.getLoopbackAddress(), port)) {
            PduWriter writer = new PduWriter(stalling.getOutputStream());
            writer.write(new AAssociateRq(1, "FERRY", "STALL", Negotiation.APPLICATION_CONTEXT,
                    List.of(new PresentationContextRq(1, TestStudy.MR, List.of("1.2.840.10008.1.2.1"))),
                    UserInformation.of(16384, "1.2.3", "STALL")));
            // A P-DATA-TF PDU of 8 KiB that stops after its first 12 bytes; the idle time (5 minutes) does not apply.
            stalling.getOutputStream().write(ByteBuffer.allocate(12).put((byte) 4).put((byte) 0).putInt(8192)
                    .putInt(8188).put((byte) 1).put((byte) 1).array());
            PduReader reader = new PduReader(stalling.getInputStream(), 0);

            assertThat(reader.read()).isInstanceOf(AAssociateAc.class);
            assertThat(reader.read()).isEqualTo(new AAbort(AAbort.Source.SERVICE_PROVIDER,
                    AAbort.REASON_NOT_SPECIFIED));
        }
    }
}
