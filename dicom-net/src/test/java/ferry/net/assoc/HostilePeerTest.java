package ferry.net.assoc;

import ferry.core.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.tag.Uids;
import ferry.core.testing.Hex;
import ferry.net.dimse.CEchoRq;
import ferry.net.dimse.CEchoRsp;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.CStoreRsp;
import ferry.net.dimse.DimseCodec;
import ferry.net.dimse.Priority;
import ferry.net.dimse.Status;
import ferry.net.pdu.AAbort;
import ferry.net.pdu.AAssociateAc;
import ferry.net.pdu.AAssociateRj;
import ferry.net.pdu.AAssociateRq;
import ferry.net.pdu.PDataTf;
import ferry.net.pdu.Pdu;
import ferry.net.pdu.PduReader;
import ferry.net.pdu.PduWriter;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.pdu.UserInformation;
import ferry.net.service.DimseScp;
import ferry.net.service.FolderStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peers that misbehave get the standard answer, leave nothing behind, and do not stop the server. */
class HostilePeerTest {
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final String EXPLICIT = "1.2.840.10008.1.2.1";

    @TempDir
    Path folder;

    final List<String> log = new CopyOnWriteArrayList<>();
    DicomServer server;

    @BeforeEach
    void start() throws IOException {
        AcceptorPolicy policy = new AcceptorPolicy(Set.of("FERRY"), List.of(), Set.of(Uids.Verification), true,
                List.of(EXPLICIT), 4, 16384);
        AcceptorLimits limits = new AcceptorLimits(Duration.ofSeconds(2), Duration.ofSeconds(2), 1024,
                Duration.ofSeconds(2), 4, 4);
        server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0, policy, limits, null),
                new DimseScp(new FolderStore(folder), log::add), log::add);
    }

    @AfterEach
    void stop() {
        server.close(Duration.ofSeconds(2));
    }

    Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    AAssociateAc associate(Socket socket) throws IOException {
        new PduWriter(socket.getOutputStream()).write(new AAssociateRq(1, "FERRY", "HOSTILE",
                Negotiation.APPLICATION_CONTEXT, List.of(new PresentationContextRq(1, MR, List.of(EXPLICIT))),
                UserInformation.of(16384, "1.2.3", "HOSTILE")));
        return (AAssociateAc) new PduReader(socket.getInputStream(), 1 << 20).read();
    }

    @Test
    void garbageInsteadOfAPduIsAnsweredWithAnAbort() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x09, 0, 0, 0, 0, 4, 1, 2, 3, 4}); // PDU type 9 does not exist
            out.flush();

            Pdu answer = new PduReader(socket.getInputStream(), 1 << 20).read();

            assertThat(answer).isEqualTo(new AAbort(AAbort.Source.SERVICE_PROVIDER, AAbort.UNRECOGNIZED_PDU));
        }
        assertStillServing();
    }

    @Test
    void aMalformedPduInsideAnAssociationAbortsIt() throws IOException {
        try (Socket socket = connect()) {
            associate(socket);
            // A P-DATA-TF whose PDV claims 1000 bytes in a 10-byte PDU.
            socket.getOutputStream().write(new byte[] {0x04, 0, 0, 0, 0, 10, 0, 0, 0x03, (byte) 0xE8, 1, 3, 0, 0,
                0, 0});

            Pdu answer = new PduReader(socket.getInputStream(), 1 << 20).read();

            assertThat(answer).isInstanceOf(AAbort.class);
            assertThat(((AAbort) answer).source()).isEqualTo(AAbort.Source.SERVICE_PROVIDER);
        }
        assertStillServing();
    }

    @Test
    void aSenderThatVanishesMidObjectLeavesNoStoredFile() throws Exception {
        try (Socket socket = connect()) {
            associate(socket);
            PduWriter writer = new PduWriter(socket.getOutputStream());
            byte[] command = DimseCodec.encode(new CStoreRq(1, MR, "2.25.99", Priority.MEDIUM));
            writer.writePData(1, true, true, command, 0, command.length);
            byte[] part = new byte[8000];
            writer.writePData(1, false, false, part, 0, part.length); // not the last fragment
        } // the connection closes: no release, no abort
        Await.until("a log line naming HOSTILE", () -> log.stream().anyMatch(line -> line.contains("HOSTILE")));

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.toList()).isEmpty();
        }
        assertStillServing();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheArtimTimeout() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = socket.getInputStream();

            assertThat(in.read()).isEqualTo(-1); // closed by the server, not by this test's 10 s timeout
        }
        assertStillServing();
    }

    @Test
    void aTlsServerThatNeverAnswersTheHandshakeTimesOutTheRequestor() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Timeouts quick = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1));
            RequestorSettings settings = new RequestorSettings("SCU", "SILENT", "127.0.0.1", silent.getLocalPort(),
                    List.of(ferry.net.service.EchoScu.context(1)), 0, null, quick,
                    Tls.fromKeyStores(null, null, null, null, false));

            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Requestor.connect(settings))
                            .isInstanceOf(java.net.SocketTimeoutException.class));
        }
    }

    @Test
    void anAcceptorWhoseMaximumPduLengthLeavesNoRoomForDataIsAborted() throws Exception {
        try (java.net.ServerSocket fake = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<Pdu> afterAc = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> {
                        try (Socket socket = fake.accept()) {
                            PduReader reader = new PduReader(socket.getInputStream(), 1 << 20);
                            AAssociateRq rq = (AAssociateRq) reader.read();
                            new PduWriter(socket.getOutputStream()).write(new AAssociateAc(1, rq.calledAeTitle(),
                                    rq.callingAeTitle(), Negotiation.APPLICATION_CONTEXT,
                                    List.of(new ferry.net.pdu.PresentationContextAc(1,
                                            ferry.net.pdu.PresentationContextAc.Result.ACCEPTANCE, EXPLICIT)),
                                    UserInformation.of(4, "1.2.3", "TINY")));
                            return reader.read();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            RequestorSettings settings = new RequestorSettings("SCU", "TINY", "127.0.0.1", fake.getLocalPort(),
                    List.of(new PresentationContextRq(1, MR, List.of(EXPLICIT))), 0, null, Timeouts.DEFAULT, null);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Requestor.connect(settings))
                    .isInstanceOf(AssociationAbortedException.class).hasMessageContaining("no room for data");
            assertThat(afterAc.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isEqualTo(new AAbort(AAbort.Source.SERVICE_PROVIDER, AAbort.INVALID_PDU_PARAMETER_VALUE));
        }
    }

    @Test
    void aPeerThatAbortsInTheMiddleOfADataSetLeavesNoStoredFile() throws Exception {
        try (Socket socket = connect()) {
            associate(socket);
            PduWriter writer = new PduWriter(socket.getOutputStream());
            byte[] command = DimseCodec.encode(new CStoreRq(1, MR, "2.25.98", Priority.MEDIUM));
            writer.writePData(1, true, true, command, 0, command.length);
            byte[] part = new byte[4000];
            writer.writePData(1, false, false, part, 0, part.length);
            writer.write(new AAbort(AAbort.Source.SERVICE_USER, AAbort.REASON_NOT_SPECIFIED));
            Await.until("the server logging its A-ABORT",
                    () -> log.stream().anyMatch(line -> line.contains("aborted the association")));
        }

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.toList()).isEmpty();
        }
        assertStillServing();
    }

    @Test
    void aPeerThatStallsInTheMiddleOfAPduIsDroppedAfterTheIdleTimeout() throws IOException {
        try (Socket socket = connect()) {
            associate(socket);
            socket.getOutputStream().write(new byte[] {0x04, 0, 0, 0, 0x10}); // half a P-DATA-TF header

            Pdu answer = new PduReader(socket.getInputStream(), 1 << 20).read(); // within the 2 s idle timeout

            assertThat(answer).isInstanceOf(AAbort.class);
        }
        assertStillServing();
    }

    @Test
    void manySilentConnectionsAtOnceKeepThreadsBoundedAndTheServerServing() throws Exception {
        List<Socket> sockets = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                sockets.add(connect());
            }
            Thread.sleep(300);
            long threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("dicom-association")).count();

            assertThat(threads).isLessThanOrEqualTo(4 + 4); // maxAssociations + maxPending
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        Await.until("the pending connections closed", () -> server.pendingConnections() == 0);
        assertStillServing();
    }

    Pdu request(List<PresentationContextRq> contexts) throws IOException {
        try (Socket socket = connect()) {
            new PduWriter(socket.getOutputStream()).write(new AAssociateRq(1, "FERRY", "HOSTILE",
                    Negotiation.APPLICATION_CONTEXT, contexts, UserInformation.of(16384, "1.2.3", "HOSTILE")));
            return new PduReader(socket.getInputStream(), 1 << 20).read();
        }
    }

    @Test
    void anAssociationRequestWithoutPresentationContextsIsRejected() throws IOException {
        Pdu answer = request(List.of());

        assertThat(answer).isEqualTo(new AAssociateRj(AAssociateRj.Result.REJECTED_PERMANENT,
                AAssociateRj.Source.SERVICE_PROVIDER_ACSE, AAssociateRj.NO_REASON));
        assertThat(log).anyMatch(line -> line.contains("no presentation context proposed"));
        assertStillServing();
    }

    @Test
    void anAssociationRequestWith200PresentationContextsIsRejected() throws IOException {
        List<PresentationContextRq> contexts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            contexts.add(new PresentationContextRq((i * 2) % 256 + 1, MR, List.of(EXPLICIT)));
        }

        Pdu answer = request(contexts);

        assertThat(answer).isEqualTo(new AAssociateRj(AAssociateRj.Result.REJECTED_PERMANENT,
                AAssociateRj.Source.SERVICE_PROVIDER_ACSE, AAssociateRj.NO_REASON));
        assertThat(log).anyMatch(line -> line.contains("200 presentation contexts proposed; at most 128"));
        assertStillServing();
    }

    /** An N-EVENT-REPORT-RQ (PS3.7 §10.3.1.1) with event information, on the MR storage context. */
    static final String N_EVENT_REPORT_RQ = """
            00 00 00 00  04 00 00 00  5A 00 00 00                     // (0000,0000) UL CommandGroupLength 90
            00 00 02 00  1A 00 00 00  '1.2.840.10008.5.1.4.1.1.4' 00  // (0000,0002) UI AffectedSOPClassUID MR
            00 00 00 01  02 00 00 00  00 01                           // (0000,0100) US CommandField N-EVENT-REPORT-RQ
            00 00 10 01  02 00 00 00  07 00                           // (0000,0110) US MessageID 7
            00 00 00 08  02 00 00 00  01 00                           // (0000,0800) US CommandDataSetType present
            00 00 00 10  08 00 00 00  '2.25.77' 00                    // (0000,1000) UI AffectedSOPInstanceUID
            00 00 02 10  02 00 00 00  01 00                           // (0000,1002) US EventTypeID 1
            """;

    /** Its answer: N-EVENT-REPORT-RSP (PS3.7 §10.3.1.2) with Status 0x0211 Unrecognized Operation. */
    static final String N_EVENT_REPORT_RSP_UNRECOGNIZED = """
            00 00 00 00  04 00 00 00  28 00 00 00                     // (0000,0000) UL CommandGroupLength 40
            00 00 00 01  02 00 00 00  00 81                           // (0000,0100) US CommandField N-EVENT-REPORT-RSP
            00 00 20 01  02 00 00 00  07 00                           // (0000,0120) US MessageIDBeingRespondedTo 7
            00 00 00 08  02 00 00 00  01 01                           // (0000,0800) US CommandDataSetType none
            00 00 00 09  02 00 00 00  11 02                           // (0000,0900) US Status 0x0211
            """;

    @Test
    void anNEventReportOnAStorageContextIsAnsweredWithUnrecognizedOperationAndTheAssociationGoesOn()
            throws IOException {
        try (Socket socket = connect()) {
            associate(socket);
            PduWriter writer = new PduWriter(socket.getOutputStream());
            PduReader reader = new PduReader(socket.getInputStream(), 1 << 20);
            byte[] command = Hex.bytes(N_EVENT_REPORT_RQ);
            writer.writePData(1, true, true, command, 0, command.length);
            byte[] eventInformation = {0x08, 0x00, 0x60, 0x00, 'C', 'S', 0x02, 0x00, 'M', 'R'};
            writer.writePData(1, false, true, eventInformation, 0, eventInformation.length);

            PDataTf answer = (PDataTf) reader.read();
            byte[] echo = DimseCodec.encode(new CEchoRq(8, MR));
            writer.writePData(1, true, true, echo, 0, echo.length);
            PDataTf echoAnswer = (PDataTf) reader.read();

            assertThat(answer.values()).hasSize(1);
            assertThat(answer.values().get(0).command()).isTrue();
            assertThat(answer.values().get(0).last()).isTrue();
            assertThat(answer.values().get(0).data()).isEqualTo(Hex.bytes(
                    N_EVENT_REPORT_RSP_UNRECOGNIZED));
            assertThat(((CEchoRsp) DimseCodec.decode(echoAnswer.values().get(0).data())).status())
                    .isEqualTo(Status.SUCCESS);
        }
        assertStillServing();
    }

    @Test
    void aTruncatedObjectIsRefusedWithNothingWrittenAndTheNextOneIsStored() throws IOException {
        RequestorSettings settings = new RequestorSettings("SENDER", "FERRY", "127.0.0.1", server.port(),
                List.of(new PresentationContextRq(1, MR, List.of(EXPLICIT))), 0, null, Timeouts.DEFAULT, null);
        byte[] object = Hex.bytes("""
                08 00 16 00 'UI' 1A 00 '1.2.840.10008.5.1.4.1.1.4' 00  // (0008,0016) UI SOPClassUID MR
                08 00 18 00 'UI' 08 00 '2.25.55' 00                    // (0008,0018) UI SOPInstanceUID
                E0 7F 10 00 'OW' 00 00 00 01 00 00                     // (7FE0,0010) OW PixelData, 256 bytes
                """);
        Status[] statuses = new Status[2];
        try (Association association = Requestor.connect(settings)) {
            PresentationContext context = association.info().contexts().get(0);
            for (int i = 0; i < 2; i++) {
                try (OutputStream out = association.sendWithDataSet(context, new CStoreRq(
                        association.nextMessageId(), MR, "2.25.55", Priority.MEDIUM))) {
                    out.write(object);
                    out.write(new byte[i == 0 ? 100 : 256]); // the first object is cut inside its pixel data
                }
                statuses[i] = ((CStoreRsp) association.receive().command()).status();
            }
        }

        assertThat(statuses[0].code()).isEqualTo(0xC000);
        assertThat(statuses[0].errorComment()).isEqualTo("truncated at offset 162 in (7FE0,0010) PixelData");
        assertThat(statuses[1]).isEqualTo(Status.SUCCESS);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("2.25.55.dcm");
        }
    }

    void assertStillServing() throws IOException {
        RequestorSettings settings = new RequestorSettings("CHECK", "FERRY", "127.0.0.1", server.port(),
                List.of(ferry.net.service.EchoScu.context(1)), 0, null, Timeouts.DEFAULT, null);
        try (Association association = Requestor.connect(settings)) {
            assertThat(ferry.net.service.EchoScu.echo(association).code()).isZero();
        }
    }
}
