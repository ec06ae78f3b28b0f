package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import ferry.core.testing.Storescp;
import ferry.core.testing.TestPki;
import ferry.net.assoc.Tls;
import ferry.router.storage.CollisionPolicy;
import ferry.router.storage.Layout;
import ferry.router.storage.StoreConfig;
import ferry.router.testing.TestStudy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Destinations#create}: the right destination, secrets and TLS stores read when it is made. */
class DestinationsTest {
    static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void eachConfigurationMakesItsDestinationDescribedWithoutSecrets() {
        Map<String, String> environment = Map.of("TOKEN", "t0ken", "PASSWORD", "pw");
        List<Destination> destinations = List.of(
                Destinations.create("pacs", new DestinationConfig.Dicom("PACS", "10.0.0.9", 104, "FERRY", 4, MINUTE,
                        MINUTE, null), environment::get),
                Destinations.create("archive", new DestinationConfig.DicomWeb(
                        URI.create("https://pacs.example.org/dicom-web"), DestinationConfig.DicomWeb.Auth.BEARER,
                        null, "TOKEN", Map.of(), MINUTE, 3, null), environment::get),
                Destinations.create("research", new DestinationConfig.Orthanc(URI.create("http://orthanc:8042"),
                        "ferry", "PASSWORD", true, MINUTE, 2, null), environment::get),
                Destinations.create("copy", new DestinationConfig.Folder(new StoreConfig(dir.resolve("copy"),
                        Layout.preset("default"), CollisionPolicy.SKIP_IDENTICAL, List.of()), 1), environment::get));
        try {
            assertThat(destinations).extracting(Destination::name)
                    .containsExactly("pacs", "archive", "research", "copy");
            assertThat(destinations).extracting(Destination::describe).containsExactly("DICOM PACS@10.0.0.9:104",
                    "DICOMweb STOW-RS https://pacs.example.org/dicom-web", "Orthanc http://orthanc:8042",
                    "folder " + dir.resolve("copy"));
            assertThat(destinations).extracting(Destination::maxParallel).containsExactly(4, 3, 2, 1);
        } finally {
            destinations.forEach(Destination::close);
        }
    }

    @Test
    void aMissingSecretIsAnErrorNamingItsVariable() {
        DestinationConfig.DicomWeb web = new DestinationConfig.DicomWeb(URI.create("https://web/dicom-web"),
                DestinationConfig.DicomWeb.Auth.BASIC, "ferry", "WEB_PASSWORD", Map.of(), MINUTE, 2, null);
        DestinationConfig.Dicom tls = new DestinationConfig.Dicom("PACS", "pacs", 104, "FERRY", 1, MINUTE, MINUTE,
                new DestinationConfig.TlsStores(null, dir.resolve("ca.p12"), "PACS_TLS"));

        assertThatThrownBy(() -> Destinations.create("archive", web, Map.of("WEB_PASSWORD", "")::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("environment variable WEB_PASSWORD (password-variable of destination archive) is not set");
        assertThatThrownBy(() -> Destinations.create("pacs", tls, Map.<String, String>of()::get))
                .hasMessage("environment variable PACS_TLS (tls.password-env of destination pacs) is not set");
        assertThatThrownBy(() -> Destinations.create("pacs", tls, Map.of("PACS_TLS", "pw")::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("destination pacs: cannot read its TLS key or trust store: ");
    }

    @Test
    void tlsStoresFromTheConfigurationReachStorescpOverTls() throws Exception {
        TestPki pki = TestPki.shared();
        Path file = TestStudy.of("P9", "2.25.509", 1).write(dir.resolve("out")).get(0);
        try (Storescp storescp = Storescp.start(dir, "+tls", pki.keyPem("server").toString(),
                pki.certificatePem("server").toString(), "-pw", "+cf", pki.caPem().toString())) {
            DestinationConfig.Dicom config = new DestinationConfig.Dicom(Storescp.AE_TITLE, "127.0.0.1",
                    storescp.port(), "FERRY", 1, MINUTE, MINUTE,
                    new DestinationConfig.TlsStores(pki.keyStore("client"), pki.trustStore(), "PACS_TLS"));
            try (Destination pacs = Destinations.create("pacs", config,
                    Map.of("PACS_TLS", new String(TestPki.PASSWORD))::get)) {
                Delivery delivery = pacs.deliver(Outgoing.of(file));

                assertThat(pacs.describe()).isEqualTo("DICOM SCP@127.0.0.1:" + storescp.port() + " over TLS");
                assertThat(delivery.result()).as(delivery.detail()).isEqualTo(Delivery.Result.DELIVERED);
                assertThat(Outgoing.bySopInstanceUid(storescp.out())).hasSize(1);
            }
        }
    }

    @Test
    void anHttpsDestinationTrustsTheConfiguredStoreAndNotOtherwise() throws Exception {
        TestPki pki = TestPki.shared();
        Path file = TestStudy.of("P10", "2.25.510", 1).write(dir.resolve("out")).get(0);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(Tls.fromKeyStores(pki.keyStore("server"), TestPki.PASSWORD,
                null, null, false).context()));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web");
        Map<String, String> environment = Map.of("FERRY_TLS_PASSWORD", new String(TestPki.PASSWORD));
        try (Destination trusting = Destinations.create("archive", new DestinationConfig.DicomWeb(url,
                DestinationConfig.DicomWeb.Auth.NONE, null, null, Map.of(), MINUTE, 1,
                new DestinationConfig.TlsStores(null, pki.trustStore(), "FERRY_TLS_PASSWORD")), environment::get);
             Destination javaDefaults = Destinations.create("archive", new DestinationConfig.DicomWeb(url,
                     DestinationConfig.DicomWeb.Auth.NONE, null, null, Map.of(), MINUTE, 1, null), environment::get)) {
            Delivery trusted = trusting.deliver(Outgoing.of(file));
            Delivery untrusted = javaDefaults.deliver(Outgoing.of(file));

            assertThat(trusted.result()).as(trusted.detail()).isEqualTo(Delivery.Result.DELIVERED);
            assertThat(untrusted.result()).isEqualTo(Delivery.Result.FAILED);
            assertThat(untrusted.detail()).contains("SSLHandshakeException");
        } finally {
            server.stop(0);
        }
    }
}
