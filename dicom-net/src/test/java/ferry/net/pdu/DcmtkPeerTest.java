package ferry.net.pdu;

import ferry.core.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.Implementation;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Vr;
import ferry.core.testing.Peers;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec against dcmtk: the PDUs its tools send are read and re-encoded to the same bytes (apart from reserved
 * fields, where dcmtk writes 0xFF in one place), and its tools accept what PduWriter writes. Skips when dcmtk is
 * missing, fails then with {@code -Dpeers.required=true}.
 */
@Timeout(90)
class DcmtkPeerTest {
    static final String DCMTK_ROOT = "1.2.276.0.7230010.3";
    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String IMPLICIT_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    static final int WAIT_MILLIS = 30_000;

    @TempDir
    Path dir;

    /** The first PDU a dcmtk tool sent, the bytes it came in, and how the tool ended. */
    record Capture(Pdu pdu, byte[] bytes, int exitCode, String output) {
    }

    @Test
    void echoscuRequestDecodesToTheVerificationContextAndEncodesBackToItsBytes() throws Exception {
        Path echoscu = Peers.requireExecutable("echoscu", "apt-get install dcmtk");
        Capture capture = captureRequest(List.of(echoscu.toString(), "-aet", "ME", "-aec", "YOU", "127.0.0.1", "PORT"));

        AAssociateRq rq = (AAssociateRq) capture.pdu();
        assertThat(rq.protocolVersion()).isEqualTo(1);
        assertThat(rq.calledAeTitle()).isEqualTo("YOU");
        assertThat(rq.callingAeTitle()).isEqualTo("ME");
        assertThat(rq.applicationContext()).isEqualTo(AAssociateRq.DICOM_APPLICATION_CONTEXT);
        assertThat(rq.presentationContexts()).hasSize(1);
        PresentationContextRq context = rq.presentationContexts().get(0);
        assertThat(context.id()).isEqualTo(1);
        assertThat(context.abstractSyntax()).isEqualTo(VERIFICATION);
        assertThat(context.transferSyntaxes()).contains(IMPLICIT_LITTLE_ENDIAN);
        assertThat(rq.userInformation().maxPduLength()).isEqualTo(16384);
        assertThat(rq.userInformation().implementationClassUid()).startsWith(DCMTK_ROOT);
        assertThat(rq.userInformation().implementationVersionName()).startsWith("OFFIS_DCMTK");
        assertSameBytesApartFromReservedFields(capture.bytes(), PduWriter.encode(rq));
        assertThat(capture.output()).contains("Association Rejected");
    }

    @Test
    void storescuRequestWithManyContextsAndAUserIdentityEncodesBackToItsBytes() throws Exception {
        Path storescu = Peers.requireExecutable("storescu", "apt-get install dcmtk");
        Path file = mrFile();
        Capture capture = captureRequest(List.of(storescu.toString(), "-aet", "ME", "-aec", "YOU",
                "--propose-lossless", "--user", "alice", "--password", "secret", "--pos-response", "127.0.0.1", "PORT",
                file.toString()));

        AAssociateRq rq = (AAssociateRq) capture.pdu();
        List<PresentationContextRq> contexts = rq.presentationContexts();
        assertThat(contexts.size()).as("storescu proposes its storage SOP classes").isBetween(64, 128);
        for (int i = 0; i < contexts.size(); i++) {
            assertThat(contexts.get(i).id()).isEqualTo(2 * i + 1);
        }
        assertThat(contexts).anySatisfy(c -> {
            assertThat(c.abstractSyntax()).isEqualTo(MR_IMAGE_STORAGE);
            assertThat(c.transferSyntaxes()).contains("1.2.840.10008.1.2.4.70"); // JPEG lossless SV1
        });
        UserIdentityRq identity = rq.userInformation().userIdentityRq();
        assertThat(identity.type()).isEqualTo(UserIdentityRq.USERNAME_AND_PASSCODE);
        assertThat(identity.positiveResponseRequested()).isTrue();
        assertThat(new String(identity.primaryField(), StandardCharsets.UTF_8)).isEqualTo("alice");
        assertThat(new String(identity.secondaryField(), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(identity.toString()).doesNotContain("secret");
        assertSameBytesApartFromReservedFields(capture.bytes(), PduWriter.encode(rq));
    }

    @Test
    void getscuRequestWithRoleSelectionsEncodesBackToItsBytes() throws Exception {
        Path getscu = Peers.requireExecutable("getscu", "apt-get install dcmtk");
        Capture capture = captureRequest(List.of(getscu.toString(), "-aet", "ME", "-aec", "YOU", "-k",
                "0008,0052=STUDY", "-k", "0020,000D=1.2.3", "127.0.0.1", "PORT"));

        AAssociateRq rq = (AAssociateRq) capture.pdu();
        List<RoleSelection> roles = rq.userInformation().roleSelections();
        assertThat(roles).isNotEmpty();
        assertThat(roles).allSatisfy(role -> {
            assertThat(role.scuRole()).isFalse();
            assertThat(role.scpRole()).isTrue();
        });
        List<String> proposed = rq.presentationContexts().stream().map(PresentationContextRq::abstractSyntax).toList();
        assertThat(proposed).containsAll(roles.stream().map(RoleSelection::sopClassUid).toList());
        assertSameBytesApartFromReservedFields(capture.bytes(), PduWriter.encode(rq));
    }

    @Test
    void storescpAcceptDecodesAndEncodesBackToItsBytesAndAnswersARelease() throws Exception {
        Path storescp = Peers.requireExecutable("storescp", "apt-get install dcmtk");
        int port = FreePorts.next();
        Process process = start(List.of(storescp.toString(), "-aet", "SCP", "-od", dir.toString(),
                String.valueOf(port)));
        try (Socket socket = connect(port)) {
            socket.setSoTimeout(WAIT_MILLIS);
            RecordingInputStream in = new RecordingInputStream(socket.getInputStream());
            PduReader reader = new PduReader(in, 16384);
            PduWriter writer = new PduWriter(socket.getOutputStream());
            writer.write(new AAssociateRq(1, "SCP", "ME", AAssociateRq.DICOM_APPLICATION_CONTEXT, List.of(
                    new PresentationContextRq(1, VERIFICATION, List.of(IMPLICIT_LITTLE_ENDIAN)),
                    new PresentationContextRq(3, "1.2.3.999", List.of(IMPLICIT_LITTLE_ENDIAN)),
                    new PresentationContextRq(5, MR_IMAGE_STORAGE, List.of("1.2.840.10008.1.2.4.50"))),
                    UserInformation.of(16384, Implementation.CLASS_UID, Implementation.VERSION_NAME)));

            AAssociateAc ac = (AAssociateAc) reader.read();
            byte[] received = in.recorded();

            assertThat(ac.calledAeTitle()).isEqualTo("SCP");
            assertThat(ac.callingAeTitle()).isEqualTo("ME");
            assertThat(ac.presentationContexts()).extracting(PresentationContextAc::id, PresentationContextAc::result)
                    .containsExactly(
                            tuple(1, PresentationContextAc.Result.ACCEPTANCE),
                            tuple(3,
                                    PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED),
                            tuple(5,
                                    PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED));
            assertThat(ac.presentationContexts().get(0).transferSyntax()).isEqualTo(IMPLICIT_LITTLE_ENDIAN);
            assertThat(ac.userInformation().implementationClassUid()).startsWith(DCMTK_ROOT);
            assertThat(PduWriter.encode(ac)).as("storescp's A-ASSOCIATE-AC re-encoded").isEqualTo(received);

            writer.write(new AReleaseRq());
            assertThat(reader.read()).isEqualTo(new AReleaseRp());
        } finally {
            stop(process);
        }
    }

    @Test
    void echoscuCompletesAVerificationAgainstPdusWrittenHere() throws Exception {
        Path echoscu = Peers.requireExecutable("echoscu", "apt-get install dcmtk");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(WAIT_MILLIS);
            Process process = start(List.of(echoscu.toString(), "-aet", "ME", "-aec", "YOU", "127.0.0.1",
                    String.valueOf(server.getLocalPort())));
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(WAIT_MILLIS);
                socket.setTcpNoDelay(true);
                PduReader reader = new PduReader(socket.getInputStream(), 16384);
                PduWriter writer = new PduWriter(socket.getOutputStream());

                AAssociateRq rq = (AAssociateRq) reader.read();
                writer.write(new AAssociateAc(1, rq.calledAeTitle(), rq.callingAeTitle(), rq.applicationContext(),
                        List.of(new PresentationContextAc(1, PresentationContextAc.Result.ACCEPTANCE,
                                IMPLICIT_LITTLE_ENDIAN)),
                        UserInformation.of(16384, Implementation.CLASS_UID, Implementation.VERSION_NAME)));

                PDataTf echoRq = (PDataTf) reader.read();
                assertThat(echoRq.values()).hasSize(1);
                PresentationDataValue command = echoRq.values().get(0);
                assertThat(command.contextId()).isEqualTo(1);
                assertThat(command.command()).isTrue();
                assertThat(command.last()).isTrue();
                assertThat(uint16(command.data(), 0x00000100)).as("C-ECHO-RQ command field").isEqualTo(0x0030);
                byte[] echoRsp = echoResponse(uint16(command.data(), 0x00000110));
                writer.writePData(1, true, true, echoRsp, 0, echoRsp.length);

                assertThat(reader.read()).isEqualTo(new AReleaseRq());
                writer.write(new AReleaseRp());
                assertThat(reader.read()).as("echoscu closes after the release").isNull();
            }
            assertThat(process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(process.exitValue()).as(output()).isZero();
        }
    }

    // --- dcmtk processes

    private Process start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile());
        builder.environment().put("TCP_NODELAY", "1");
        return builder.start();
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("output.txt"), StandardCharsets.ISO_8859_1);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static Socket connect(int port) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (ConnectException notYetListening) {
                if (System.currentTimeMillis() > deadline) {
                    throw notYetListening;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Runs {@code command} ("PORT" replaced), reads its first PDU, rejects the association, waits for the exit. */
    private Capture captureRequest(List<String> command) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(WAIT_MILLIS);
            String port = String.valueOf(server.getLocalPort());
            Process process = start(command.stream().map(arg -> arg.equals("PORT") ? port : arg).toList());
            try {
                Pdu pdu;
                byte[] bytes;
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(WAIT_MILLIS);
                    RecordingInputStream in = new RecordingInputStream(socket.getInputStream());
                    pdu = new PduReader(in, 16384).read();
                    bytes = in.recorded();
                    new PduWriter(socket.getOutputStream()).write(new AAssociateRj(
                            AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_USER,
                            AAssociateRj.NO_REASON));
                }
                assertThat(process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("the tool exits").isTrue();
                return new Capture(pdu, bytes, process.exitValue(), output());
            } finally {
                stop(process);
            }
        }
    }

    private Path mrFile() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(0x00080016, Vr.UI, MR_IMAGE_STORAGE);
        ds.setString(0x00080018, Vr.UI, "1.2.826.0.1.3680043.10.543.1");
        ds.setString(0x00100010, Vr.PN, "Doe^John");
        ds.setString(0x0020000D, Vr.UI, "1.2.826.0.1.3680043.10.543.2");
        ds.setString(0x0020000E, Vr.UI, "1.2.826.0.1.3680043.10.543.3");
        Path file = dir.resolve("mr.dcm");
        DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return file;
    }

    // --- bytes

    /**
     * Asserts that the two encodings differ only in reserved fields: the PDU header's second byte, the bytes
     * after the protocol version, the 32 reserved bytes, each item's second byte and the three reserved bytes of
     * each request presentation context item (dcmtk writes 0xFF in the middle one).
     */
    static void assertSameBytesApartFromReservedFields(byte[] received, byte[] encoded) {
        assertThat(encoded).hasSameSizeAs(received);
        TreeSet<Integer> reserved = new TreeSet<>(List.of(1, 8, 9));
        for (int i = 42; i < 74; i++) {
            reserved.add(i);
        }
        int pos = 74;
        while (pos + 4 <= received.length) {
            int type = received[pos] & 0xFF;
            int end = pos + 4 + ((received[pos + 2] & 0xFF) << 8 | received[pos + 3] & 0xFF);
            reserved.add(pos + 1);
            int sub = pos + 4;
            if (type == ItemType.PRESENTATION_CONTEXT_RQ) {
                reserved.addAll(List.of(pos + 5, pos + 6, pos + 7));
                sub = pos + 8;
            }
            if (type == ItemType.PRESENTATION_CONTEXT_RQ || type == ItemType.USER_INFORMATION) {
                while (sub + 4 <= end) {
                    reserved.add(sub + 1);
                    sub += 4 + ((received[sub + 2] & 0xFF) << 8 | received[sub + 3] & 0xFF);
                }
            }
            pos = end;
        }
        List<Integer> differences = new ArrayList<>();
        for (int i = 0; i < received.length; i++) {
            if (received[i] != encoded[i]) {
                differences.add(i);
            }
        }
        assertThat(reserved).as("offsets where the re-encoding differs").containsAll(differences);
    }

    private static int uint16(byte[] command, int tag) {
        ByteBuffer buffer = ByteBuffer.wrap(command).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() >= 8) {
            int element = (buffer.getShort() & 0xFFFF) << 16 | buffer.getShort() & 0xFFFF;
            int length = buffer.getInt();
            if (element == tag) {
                return buffer.getShort() & 0xFFFF;
            }
            buffer.position(buffer.position() + length);
        }
        throw new AssertionError(String.format("(%04X,%04X) not in the command", tag >>> 16, tag & 0xFFFF));
    }

    /** A C-ECHO-RSP command set with status success, implicit VR little endian (PS3.7 9.3.5.2). */
    private static byte[] echoResponse(int messageId) {
        ByteBuffer elements = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        byte[] sopClass = (VERIFICATION + "\0").getBytes(StandardCharsets.US_ASCII);
        element(elements, 0x0002, sopClass);
        element(elements, 0x0100, new byte[] {0x30, (byte) 0x80}); // C-ECHO-RSP
        element(elements, 0x0120, new byte[] {(byte) messageId, (byte) (messageId >>> 8)});
        element(elements, 0x0800, new byte[] {0x01, 0x01}); // no data set
        element(elements, 0x0900, new byte[] {0, 0}); // success
        ByteBuffer command = ByteBuffer.allocate(12 + elements.position()).order(ByteOrder.LITTLE_ENDIAN);
        command.putShort((short) 0).putShort((short) 0).putInt(4).putInt(elements.position());
        command.put(elements.array(), 0, elements.position());
        return command.array();
    }

    private static void element(ByteBuffer out, int element, byte[] value) {
        out.putShort((short) 0).putShort((short) element).putInt(value.length).put(value);
    }

    /** Keeps a copy of every byte read, to compare a decoded PDU with the bytes it came in. */
    static final class RecordingInputStream extends FilterInputStream {
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        RecordingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        byte[] recorded() {
            return copy.toByteArray();
        }
    }
}
