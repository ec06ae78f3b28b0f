package ferry.router.web;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.TestPki;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.WebClient;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@code ferry run} as a real process: it prints the web server's URL, serves HTTPS with the key store of
 * {@code http.tls} (cookies then {@code Secure}); {@code ferry user hash} makes a hash that logs in.
 */
class WebProcessTest {
    private static final Pattern URL = Pattern.compile("ferry: web server at (https?://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;

    @Test
    void ferryRunPrintsTheUrlAndServesHttpsWithSecureCookies() throws Exception {
        TestPki pki = TestPki.shared();
        Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nlisteners: []\n"
                + "http: {port: 0, tls: {key-store: " + pki.keyStore("server") + "}}\n" + WebFerry.users()
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        Path log = dir.resolve("ferry.log");
        Process ferry = FerryProcess.run(dir, log, Map.of("FERRY_TLS_PASSWORD", new String(TestPki.PASSWORD)),
                "--config", config.toString());
        try {
            Matcher url = URL.matcher(Files.readString(log));
            assertThat(url.find()).as("the URL in %s", Files.readString(log)).isTrue();
            assertThat(url.group(1)).startsWith("https://");
            WebClient https = new WebClient(url.group(1), trusting(pki));

            WebClient.Answer login = https.login(WebFerry.ADMIN, WebFerry.ADMIN_PASSWORD);

            assertThat(login.status()).isEqualTo(200);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
            assertThat(https.get("/api/status").json().path("web").asText()).isEqualTo(url.group(1));
        } finally {
            ferry.destroy();
            ferry.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static SSLContext trusting(TestPki pki) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(pki.trustStore().toFile())) {
            trust.load(in, TestPki.PASSWORD);
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trustManagers.getTrustManagers(), null);
        return ssl;
    }

    @Test
    void userHashMakesABcryptHashOfThePasswordReadFromStandardInput() throws Exception {
        Process hash = FerryProcess.builder(dir, "user", "hash", "--stdin", "--name", "ada", "--role", "admin")
                .redirectErrorStream(true).start();
        try (OutputStream in = hash.getOutputStream()) {
            in.write("correct horse\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(hash.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(hash.exitValue()).as(out).isZero();
        Matcher entry = Pattern.compile("users:\n  - name: ada\n    role: admin\n    password-hash: \"(\\$2a\\$12\\$"
                + "[./A-Za-z0-9]{53})\"\n").matcher(out);
        assertThat(entry.find()).as(out).isTrue();
        assertThat(BCrypt.checkpw("correct horse", entry.group(1))).isTrue();

        Process empty = FerryProcess.builder(dir, "user", "hash", "--stdin").redirectErrorStream(true).start();
        empty.getOutputStream().close();
        String refused = new String(empty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(empty.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(empty.exitValue()).isEqualTo(1);
        assertThat(refused).contains("a password must have 1 to 72 bytes");
    }
}
