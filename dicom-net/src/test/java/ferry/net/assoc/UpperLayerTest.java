package ferry.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.tag.Uids;
import ferry.core.testing.Await;
import ferry.net.dimse.CEchoRq;
import ferry.net.dimse.DimseCodec;
import ferry.net.pdu.AAbort;
import ferry.net.pdu.AAssociateAc;
import ferry.net.pdu.AAssociateRq;
import ferry.net.pdu.AReleaseRp;
import ferry.net.pdu.AReleaseRq;
import ferry.net.pdu.Pdu;
import ferry.net.pdu.PduReader;
import ferry.net.pdu.PduWriter;
import ferry.net.pdu.PresentationContextAc;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.pdu.UserInformation;
import ferry.net.service.DimseScp;
import ferry.net.service.EchoScu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ferry's upper layer on the wire, against peers scripted PDU by PDU (dcmtk cannot be made to collide or misbehave
 * on cue) and against itself: release collisions on both sides (PS3.8 §9.2.3, Sta9 to Sta12), and PDUs illegal in
 * the state they arrive in (Table 9-10: AA-1 in Sta2, AA-8 later, AA-2 for an A-ABORT before the request).
 */
class UpperLayerTest {
    static final String EXPLICIT = "1.2.840.10008.1.2.1";

    final List<String> log = new CopyOnWriteArrayList<>();
    DicomServer server;

    void start(AssociationHandler handler) throws IOException {
        AcceptorPolicy policy = new AcceptorPolicy(Set.of("FERRY"), List.of(), Set.of(Uids.Verification), false,
                List.of(EXPLICIT), 4, 16384);
        server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0, policy,
                AcceptorLimits.DEFAULT, null), handler, log::add);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(Duration.ofSeconds(2));
        }
    }

    /** A requestor scripted PDU by PDU, connected to the server (a 10 s read timeout). */
    record Scripted(Socket socket, PduReader reader, PduWriter writer) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    Scripted connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        return new Scripted(socket, new PduReader(socket.getInputStream(), 1 << 20),
                new PduWriter(socket.getOutputStream()));
    }

    /** A scripted requestor whose association with the server is established. */
    Scripted associate() throws IOException {
        Scripted peer = connect();
        peer.writer().write(associateRq());
        assertThat(peer.reader().read()).isInstanceOf(AAssociateAc.class);
        return peer;
    }

    static AAssociateRq associateRq() {
        return new AAssociateRq(1, "FERRY", "SCRIPTED", Negotiation.APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, Uids.Verification, List.of(EXPLICIT))),
                UserInformation.of(16384, "1.2.3", "SCRIPTED"));
    }

    static RequestorSettings settings(int port) {
        return new RequestorSettings("FERRY-SCU", "FERRY", "127.0.0.1", port, List.of(EchoScu.context(1)), 0, null,
                Timeouts.DEFAULT, null);
    }

    @Test
    void twoFerrysReleasingAtOnceBothEndReleasedWithoutAnAbort() throws Exception {
        // Each side writes its A-RELEASE-RQ before it reads, so each reads the other's in Sta7: a collision, always.
        CompletableFuture<State> acceptorEnd = new CompletableFuture<>();
        start(association -> {
            try {
                association.release();
                acceptorEnd.complete(association.state());
            } catch (IOException | RuntimeException e) {
                acceptorEnd.completeExceptionally(e);
            }
        });

        Association requestor = Requestor.connect(settings(server.port()));
        requestor.release();

        assertThat(requestor.state()).isEqualTo(State.STA1);
        assertThat(acceptorEnd.get(10, TimeUnit.SECONDS)).isEqualTo(State.STA1);
        assertThat(log).noneMatch(line -> line.contains("abort"));
    }

    @Test
    void inACollisionFerryAsRequestorAnswersFirstAndClosesOnTheAcceptorsAnswer() throws Exception {
        try (ServerSocket acceptor = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<Pdu>> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = acceptor.accept()) {
                    PduReader reader = new PduReader(socket.getInputStream(), 1 << 20);
                    PduWriter writer = new PduWriter(socket.getOutputStream());
                    AAssociateRq rq = (AAssociateRq) reader.read();
                    writer.write(accept(rq));
                    writer.write(new AReleaseRq()); // the acceptor releases too
                    Pdu theirRequest = reader.read();
                    Pdu theirAnswer = reader.read(); // AR-9: the requestor answers first
                    writer.write(new AReleaseRp()); // the acceptor's answer, AR-10 then AR-4 here
                    Pdu end = reader.read();
                    return Arrays.asList(theirRequest, theirAnswer, end);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            Association association = Requestor.connect(settings(acceptor.getLocalPort()));
            association.release();

            assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(new AReleaseRq(), new AReleaseRp(), null);
            assertThat(association.state()).isEqualTo(State.STA1);
        }
    }

    @Test
    void inACollisionFerryAsAcceptorAwaitsTheRequestorsAnswerBeforeItsOwn() throws Exception {
        CompletableFuture<State> acceptorEnd = new CompletableFuture<>();
        start(association -> {
            association.release();
            acceptorEnd.complete(association.state());
        });

        try (Scripted peer = associate()) {
            peer.writer().write(new AReleaseRq()); // the requestor releases
            assertThat(peer.reader().read()).isEqualTo(new AReleaseRq()); // and so does Ferry

            peer.socket().setSoTimeout(500);
            assertThatThrownBy(peer.reader()::read).as("Ferry waits in Sta10 for the requestor's answer")
                    .isInstanceOf(SocketTimeoutException.class);
            peer.socket().setSoTimeout(10_000);
            peer.writer().write(new AReleaseRp()); // AR-9 here

            assertThat(peer.reader().read()).as("Ferry's answer, AR-4").isEqualTo(new AReleaseRp());
            assertThat(peer.reader().read()).as("then it closes").isNull();
        }
        assertThat(acceptorEnd.get(10, TimeUnit.SECONDS)).isEqualTo(State.STA1);
    }

    @Test
    void aPDataTfThatCrossesFerrysReleaseRequestIsDroppedAndTheReleaseCompletes() throws Exception {
        try (ServerSocket acceptor = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Pdu> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = acceptor.accept()) {
                    PduReader reader = new PduReader(socket.getInputStream(), 1 << 20);
                    PduWriter writer = new PduWriter(socket.getOutputStream());
                    writer.write(accept((AAssociateRq) reader.read()));
                    Pdu release = reader.read();
                    byte[] late = DimseCodec.encode(new CEchoRq(9, Uids.Verification));
                    writer.writePData(1, true, true, late, 0, late.length); // sent before it read the request: AR-6
                    writer.write(new AReleaseRp());
                    return release;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            Association association = Requestor.connect(settings(acceptor.getLocalPort()));
            association.release();

            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(new AReleaseRq());
            assertThat(association.state()).isEqualTo(State.STA1);
        }
    }

    @Test
    void aReleaseResponseNobodyAskedForAbortsTheAssociation() throws Exception {
        start(new DimseScp(null, log::add));
        try (Scripted peer = associate()) {
            peer.writer().write(new AReleaseRp());

            assertThat(peer.reader().read()).isEqualTo(new AAbort(AAbort.Source.SERVICE_PROVIDER,
                    AAbort.UNEXPECTED_PDU));
            assertThat(peer.reader().read()).isNull();
        }
        Await.until("the abort logged", () -> log.stream().anyMatch(line -> line.contains(
                "unexpected A-RELEASE-RP PDU in Sta6")));
    }

    @Test
    void aSecondAssociateRequestOnAnAssociationAbortsIt() throws Exception {
        start(new DimseScp(null, log::add));
        try (Scripted peer = associate()) {
            peer.writer().write(associateRq());

            assertThat(peer.reader().read()).isEqualTo(new AAbort(AAbort.Source.SERVICE_PROVIDER,
                    AAbort.UNEXPECTED_PDU));
        }
    }

    @Test
    void aReleaseRequestInsideADimseMessageAbortsTheAssociation() throws Exception {
        start(new DimseScp(null, log::add));
        try (Scripted peer = associate()) {
            byte[] echo = DimseCodec.encode(new CEchoRq(1, Uids.Verification));
            peer.writer().writePData(1, true, false, echo, 0, 10); // the first fragment of the command, not the last

            peer.writer().write(new AReleaseRq());

            assertThat(peer.reader().read()).isEqualTo(new AAbort(AAbort.Source.SERVICE_PROVIDER,
                    AAbort.UNEXPECTED_PDU));
        }
    }

    @Test
    void aPDataTfInsteadOfTheAssociateRequestIsAnsweredWithAnAbort() throws Exception {
        start(new DimseScp(null, log::add));
        try (Scripted peer = connect()) {
            byte[] echo = DimseCodec.encode(new CEchoRq(1, Uids.Verification));
            peer.writer().writePData(1, true, true, echo, 0, echo.length);

            assertThat(peer.reader().read()).isEqualTo(new AAbort(AAbort.Source.SERVICE_PROVIDER,
                    AAbort.UNEXPECTED_PDU));
            assertThat(peer.reader().read()).isNull();
        }
        assertThat(log).anyMatch(line -> line.contains("P-DATA-TF before A-ASSOCIATE-RQ"));
    }

    @Test
    void anAbortInsteadOfTheAssociateRequestClosesTheConnectionUnanswered() throws Exception {
        start(new DimseScp(null, log::add));
        try (Scripted peer = connect()) {
            peer.writer().write(new AAbort(AAbort.Source.SERVICE_USER, 0));

            assertThat(peer.reader().read()).as("AA-2: closed, no A-ABORT back").isNull();
        }
    }

    private static AAssociateAc accept(AAssociateRq rq) {
        return new AAssociateAc(1, rq.calledAeTitle(), rq.callingAeTitle(), Negotiation.APPLICATION_CONTEXT,
                List.of(new PresentationContextAc(1, PresentationContextAc.Result.ACCEPTANCE, EXPLICIT)),
                UserInformation.of(16384, "1.2.3", "SCRIPTED"));
    }
}
