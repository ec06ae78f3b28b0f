package ferry.net.service;

import ferry.core.testing.Await;
import static ferry.net.service.DcmtkInteropTest.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.io.TransferSyntax;
import ferry.core.testing.Peers;
import ferry.core.testing.Storescp;
import ferry.core.testing.TestPki;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.Association;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.assoc.Tls;
import ferry.net.dimse.Status;
import ferry.net.pdu.PresentationContextRq;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DICOM over TLS (PS3.15 Annex B) against dcmtk in both directions, with certificates made at test time
 * ({@link TestPki}): echoscu and storescu with {@code +tls} to Ferry's {@link DicomServer}, Ferry's
 * {@link Requestor} to {@code storescp +tls}; clients without a certificate, or with an untrusted one, are refused
 * where the other side requires one.
 */
class TlsInteropTest {
    static TestPki pki;

    @TempDir
    Path dir;

    final List<String> serverLog = new CopyOnWriteArrayList<>();
    DicomServer server;
    Storescp storescp;

    @BeforeAll
    static void makeCertificates() {
        Peers.requireExecutable("storescp", "apt-get install dcmtk");
        pki = TestPki.shared();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(Duration.ofSeconds(5));
        }
        if (storescp != null) {
            storescp.close();
        }
    }

    /** Ferry's TLS as the server (its key, the CA as trust), requiring client certificates or not. */
    static Tls serverTls(boolean requireClientCertificate) throws IOException {
        return Tls.fromKeyStores(pki.keyStore("server"), TestPki.PASSWORD, pki.trustStore(), TestPki.PASSWORD,
                requireClientCertificate);
    }

    Path startFerry(boolean requireClientCertificate) throws IOException {
        Path received = Files.createDirectories(dir.resolve("received"));
        server = DicomServer.start(new ServerSettings(LOOPBACK, 0, DcmtkInteropTest.policy(4), AcceptorLimits.DEFAULT,
                serverTls(requireClientCertificate)), new DimseScp(new FolderStore(received), serverLog::add),
                serverLog::add);
        return received;
    }

    /** dcmtk's options for a TLS client with the {@code client} certificate, trusting the test CA. */
    List<String> dcmtkClientTls() {
        return List.of("+tls", pki.keyPem("client").toString(), pki.certificatePem("client").toString(), "-pw",
                "+cf", pki.caPem().toString());
    }

    ToolRun dcmtk(String tool, List<String> tls, List<String> files) {
        List<String> command = new ArrayList<>(List.of(tool, "-aet", "DCMTK", "-aec", "FERRY"));
        command.addAll(tls);
        command.addAll(List.of("127.0.0.1", String.valueOf(server.port())));
        command.addAll(files);
        return ToolRun.run(Duration.ofSeconds(60), command);
    }

    @Test
    void echoscuWithACertificateIsAnsweredOverTls() throws IOException {
        startFerry(true);

        ToolRun run = dcmtk("echoscu", dcmtkClientTls(), List.of());

        assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    @Test
    void storescuOverTlsStoresObjectsThatArriveIdentical() throws IOException {
        Path received = startFerry(true);
        List<Path> files = DcmtkInteropTest.makeObjects(dir.resolve("sent"), 5, 200_000,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        ToolRun run = dcmtk("storescu", dcmtkClientTls(), files.stream().map(Path::toString).toList());

        assertThat(run.exitCode()).as(run.describe()).isZero();
        DcmtkInteropTest.assertSameDataSets(files, received);
    }

    @Test
    void aClientWithoutACertificateIsRefusedWhenOneIsRequired() throws Exception {
        startFerry(true);

        ToolRun run = dcmtk("echoscu", List.of("+tla", "+cf", pki.caPem().toString()), List.of());

        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        Await.until("the server logging the failed handshake", () -> !serverLog.isEmpty());
        assertThat(serverLog).anyMatch(line -> line.startsWith("TLS handshake with") && line.contains("failed"));
        assertStillServing(clientTls());
    }

    @Test
    void aClientWithoutACertificateIsServedWhenNoneIsRequired() throws IOException {
        startFerry(false);

        ToolRun run = dcmtk("echoscu", List.of("+tla", "+cf", pki.caPem().toString()), List.of());

        assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    @Test
    void aPlainTcpClientCannotTalkToATlsServer() throws Exception {
        startFerry(false);

        ToolRun run = dcmtk("echoscu", List.of(), List.of());

        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertStillServing(clientTls());
    }

    /** Ferry's TLS as a client: its certificate (or none) and the CA as trust. */
    static Tls clientTls() throws IOException {
        return Tls.fromKeyStores(pki.keyStore("client"), TestPki.PASSWORD, pki.trustStore(), TestPki.PASSWORD,
                false);
    }

    void assertStillServing(Tls tls) throws IOException {
        RequestorSettings settings = new RequestorSettings("CHECK", "FERRY", "127.0.0.1", server.port(),
                List.of(EchoScu.context(1)), 0, null, Timeouts.DEFAULT, tls);
        try (Association association = Requestor.connect(settings)) {
            assertThat(EchoScu.echo(association)).isEqualTo(Status.SUCCESS);
        }
    }

    RequestorSettings toStorescp(List<PresentationContextRq> contexts, Tls tls) {
        return new RequestorSettings("FERRY", "SCP", "127.0.0.1", storescp.port(), contexts, 0, null,
                new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10)), tls);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void ferrySendsToStorescpOverTlsAndTheObjectsArriveIdentical(String protocol) throws Exception {
        // storescp's default (-rc) requires a client certificate signed by a CA it trusts; -d logs the TLS details
        storescp = Storescp.start(dir, "-d", "+tls", pki.keyPem("server").toString(), pki.certificatePem("server")
                .toString(), "-pw", "+cf", pki.caPem().toString());
        List<Path> files = DcmtkInteropTest.makeObjects(dir.resolve("sent"), 5, 200_000,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        List<StoreScu.FileToSend> toSend = new ArrayList<>();
        for (Path file : files) {
            toSend.add(StoreScu.inspect(file));
        }
        List<PresentationContextRq> contexts = new ArrayList<>(StoreScu.contexts(toSend));
        contexts.add(EchoScu.context(255));

        Tls tls = new Tls(clientTls().context(), List.of(protocol), false);

        try (Association association = Requestor.connect(toStorescp(contexts, tls))) {
            assertThat(EchoScu.echo(association)).isEqualTo(Status.SUCCESS);
            for (StoreScu.FileToSend file : toSend) {
                assertThat(StoreScu.send(association, file).status()).isEqualTo(Status.SUCCESS);
            }
        }

        DcmtkInteropTest.assertSameDataSetsAnyName(files, storescp.out());
        assertThat(storescp.logText()).contains("Protocol    : " + protocol);
    }

    @Test
    void storescpRefusesFerryWithoutAClientCertificate() throws Exception {
        storescp = Storescp.start(dir, "+tls", pki.keyPem("server").toString(), pki.certificatePem("server")
                .toString(), "-pw", "+cf", pki.caPem().toString());
        Tls noCertificate = Tls.fromKeyStores(null, null, pki.trustStore(), TestPki.PASSWORD, false);

        // TLS 1.3: storescp refuses after our side of the handshake is done; Ferry says what that probably means
        assertThatThrownBy(() -> Requestor.connect(toStorescp(List.of(EchoScu.context(1)), noCertificate)).close())
                .isInstanceOf(IOException.class).hasMessageContaining("refused our client certificate, or the lack");
    }

    @Test
    void ferryRefusesAServerWhoseCertificateItDoesNotTrust() throws Exception {
        storescp = Storescp.start(dir, "+tls", pki.keyPem("server").toString(), pki.certificatePem("server")
                .toString(), "-pw", "-ic");
        // the JDK's default trust store (public CAs) does not know the test CA
        Tls defaultTrust = Tls.fromKeyStores(null, null, null, null, false);

        assertThatThrownBy(() -> Requestor.connect(toStorescp(List.of(EchoScu.context(1)), defaultTrust)).close())
                .isInstanceOf(SSLException.class);
    }
}
