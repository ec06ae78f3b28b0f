package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.core.testing.Peers;
import ferry.core.testing.TestPki;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Tls;
import ferry.net.service.DimseScp;
import ferry.net.service.FindHandler;
import ferry.net.service.Matching;
import ferry.core.testing.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry echo}, {@code send}, {@code find} and {@code receive} with {@code --tls-*} options (PS3.15 Annex B),
 * with certificates made at test time ({@link TestPki}): against {@code storescp +tls} and a TLS C-FIND SCP of
 * Ferry's, and {@code ferry receive} as a process of its own fed by {@code ferry send} and refusing dcmtk's
 * echoscu without a certificate.
 */
class TlsCommandsTest {
    static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() {
        Peers.requireExecutable("storescp", "apt-get install dcmtk");
        pki = TestPki.shared();
    }

    /** The options for TLS with {@code entity}'s key, trusting the test CA. */
    static List<String> tls(String entity) {
        return List.of("--tls-keystore", pki.keyStore(entity).toString(), "--tls-truststore",
                pki.trustStore().toString(), "--tls-password", new String(TestPki.PASSWORD));
    }

    static NetworkCommandsTest.Result ferry(String command, List<String> options, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(options);
        all.addAll(List.of(args));
        return NetworkCommandsTest.ferry(all.toArray(String[]::new));
    }


    @Test
    void echoAndSendReachStorescpOverTls() throws Exception {
        Path out = Files.createDirectories(dir.resolve("storescp"));
        int port = FreePorts.next();
        ProcessBuilder builder = new ProcessBuilder("storescp", "-aet", "SCP", "+tls", pki.keyPem("server").toString(),
                pki.certificatePem("server").toString(), "-pw", "+cf", pki.caPem().toString(), "--output-directory",
                out.toString(), String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("storescp.log").toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Process storescp = builder.start();
        try {
            Await.listening(java.net.InetAddress.getLoopbackAddress(), port);
            Path file = NetworkCommandsTest.makeObject(dir.resolve("out"), 1);

            NetworkCommandsTest.Result echo = ferry("echo", tls("client"), "SCP@127.0.0.1:" + port);
            NetworkCommandsTest.Result send = ferry("send", tls("client"), "SCP@127.0.0.1:" + port, file.toString());
            NetworkCommandsTest.Result plain = ferry("echo", List.of(), "SCP@127.0.0.1:" + port);

            assertThat(echo.exitCode()).as(echo.err()).isZero();
            assertThat(echo.out()).contains("Success").contains("over TLS");
            assertThat(send.exitCode()).as(send.out() + send.err()).isZero();
            try (Stream<Path> files = Files.list(out)) {
                List<Path> stored = files.toList();
                assertThat(stored).hasSize(1);
                assertThat(dataSet(stored.get(0))).isEqualTo(dataSet(file));
            }
            assertThat(plain.exitCode()).as("plain TCP to a TLS port").isEqualTo(1);
        } finally {
            storescp.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void receiveOverTlsStoresWhatSendSendsAndRefusesAClientWithoutACertificate() throws Exception {
        int port = FreePorts.next();
        Path received = dir.resolve("received");
        // the password from the environment variable this time
        Process receiver = NetworkCommandsTest.startReceive(dir.resolve("receive.log"),
                Map.of(TlsOptions.PASSWORD_VARIABLE, new String(TestPki.PASSWORD)), "--port", String.valueOf(port),
                "--aet", "RX", "--dir", received.toString(), "--tls-keystore", pki.keyStore("server").toString(),
                "--tls-truststore", pki.trustStore().toString());
        try {
            Path file = NetworkCommandsTest.makeObject(dir.resolve("out"), 2);

            NetworkCommandsTest.Result send = ferry("send", tls("client"), "RX@127.0.0.1:" + port, file.toString());
            NetworkCommandsTest.Result withoutCertificate = ferry("echo", List.of("--tls-truststore",
                    pki.trustStore().toString(), "--tls-password", new String(TestPki.PASSWORD)),
                    "RX@127.0.0.1:" + port);
            ToolRun anonymous = ToolRun.run("echoscu", "-aec", "RX", "+tla", "+cf", pki.caPem().toString(),
                    "127.0.0.1", String.valueOf(port));

            assertThat(send.exitCode()).as(send.out() + send.err()).isZero();
            assertThat(dataSet(received.resolve("2.25.4242.2.dcm"))).isEqualTo(dataSet(file));
            assertThat(withoutCertificate.exitCode()).isEqualTo(1);
            assertThat(withoutCertificate.err()).contains("refused our client certificate, or the lack of one");
            assertThat(anonymous.exitCode()).as(anonymous.describe()).isNotZero();
            Path log = dir.resolve("receive.log");
            // the receiver logs the refusal on its own time
            Await.until("the receiver logging the refused handshake",
                    () -> Files.readString(log).contains("TLS handshake with"));
            assertThat(Files.readString(log)).contains("over TLS (client certificates required)")
                    .contains("TLS handshake with");
        } finally {
            receiver.destroy();
            assertThat(receiver.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void findQueriesAFerryOverTls() throws Exception {
        DataSet study = new DataSet();
        study.setString(Tags.PatientID, Vr.LO, "P1");
        study.setString(Tags.StudyInstanceUID, Vr.UI, "2.25.88");
        FindHandler handler = (association, context, request, identifier, responder) -> {
            Matching matching = Matching.of(identifier);
            if (matching.matches(study)) {
                responder.pending(matching.response(study));
            }
        };
        AcceptorPolicy policy = new AcceptorPolicy(Set.of("FERRY"), List.of(),
                Set.of(Uids.StudyRootQueryRetrieveInformationModelFind), false,
                List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), 2, 0);
        Tls serverTls = Tls.fromKeyStores(pki.keyStore("server"), TestPki.PASSWORD, pki.trustStore(),
                TestPki.PASSWORD, true);
        DicomServer server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0, policy,
                AcceptorLimits.DEFAULT, serverTls), new DimseScp(null, line -> { }).withFindHandler(handler),
                line -> { });
        try {
            NetworkCommandsTest.Result result = ferry("find", tls("client"), "FERRY@127.0.0.1:" + server.port(),
                    "PatientID=P1");

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains("[2.25.88]").contains("1 match from");
        } finally {
            server.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void aStoreWithoutAPasswordIsAUsageError() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(TlsOptions.PASSWORD_VARIABLE) == null,
                TlsOptions.PASSWORD_VARIABLE + " is set here");

        NetworkCommandsTest.Result result = ferry("echo", List.of("--tls-truststore", pki.trustStore().toString()),
                "SCP@127.0.0.1:104");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--tls-password").contains(TlsOptions.PASSWORD_VARIABLE);
    }

    static DataSet dataSet(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }
}
