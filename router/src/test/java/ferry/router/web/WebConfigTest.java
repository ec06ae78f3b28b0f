package ferry.router.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.config.HttpConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.run.FerryService;
import ferry.router.testing.FerryRun;
import ferry.router.testing.WebClient;
import ferry.router.web.auth.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The {@code http:} and {@code users:} settings (docs/configuration.md, docs/web.md): their defaults and errors,
 * the refusal to serve beyond this machine without users, a port in use, {@code ferry check}, and what a reload
 * changes.
 */
class WebConfigTest {
    @TempDir
    Path dir;

    private FerryConfig load(String yaml) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        return ConfigLoader.load(Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\n"
                + "listeners: []\n" + yaml));
    }

    private String problems(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no problem found in " + yaml);
    }

    @Test
    void theWebServerIsOnAtLocalhost8080ByDefault() throws Exception {
        HttpConfig http = load("").http();

        assertThat(http.enabled()).isTrue();
        assertThat(http.url(http.port())).isEqualTo("http://127.0.0.1:8080/");
        assertThat(http.tls()).isNull();
        assertThat(http.sessionTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(ConfigLoader.embeddedDefault(dir).http()).isEqualTo(http);
    }

    @Test
    void httpSettingsAreRead() throws Exception {
        HttpConfig http = load("http: {address: \"::1\", port: 9443, session-timeout: 2h,\n"
                + "       tls: {key-store: ferry.p12, password-env: WEB_PASSWORD}}\n").http();

        assertThat(http.address()).isEqualTo(InetAddress.getByName("::1"));
        assertThat(http.port()).isEqualTo(9443);
        assertThat(http.sessionTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(http.tls().keyStore()).isEqualTo(dir.resolve("ferry.p12"));
        assertThat(http.tls().passwordVariable()).isEqualTo("WEB_PASSWORD");
        assertThat(http.tls().requireClientCertificate()).as("browsers have no certificate by default").isFalse();
        assertThat(http.url(9443)).isEqualTo("https://[0:0:0:0:0:0:0:1]:9443/");
        assertThat(load("http: off\n").http().enabled()).isFalse();
    }

    @Test
    void badHttpSettingsAreReportedWithTheirLines() {
        assertThat(problems("http: {port: 70000, address: example.org, colour: blue, session-timeout: 10s}\n"))
                .contains("http.port: must be between 0 and 65535")
                .contains("http.address: 'example.org' is not an IP address")
                .contains("unknown setting 'colour'")
                .contains("http.session-timeout: should be at least 1m");
        assertThat(problems("http: sometimes\n")).contains("expected off, or settings such as");
    }

    @Test
    void servingBeyondThisMachineNeedsUsers() throws Exception {
        assertThat(problems("http: {address: 0.0.0.0}\n")).contains("the web server would listen on 0.0.0.0, beyond"
                + " this machine, with no users: add users:");
        FerryConfig withUsers = load("http: {address: 0.0.0.0}\n" + WebFerry.users());

        assertThat(withUsers.users().all()).extracting(user -> user.name() + ":" + user.role())
                .containsExactly("ada:" + Role.ADMIN, "vic:" + Role.VIEWER);
        assertThat(withUsers.users().all().get(0).toString()).as("never the hash").isEqualTo("ada (admin)");
    }

    @Test
    void badUsersAreReported() {
        String hash = BCrypt.hashpw("x", BCrypt.gensalt(4));
        String problems = problems("users:\n"
                + "  - {name: \"a:b\", role: admin, password-hash: \"" + hash + "\"}\n"
                + "  - {name: carol, role: owner, password-hash: \"" + hash + "\"}\n"
                + "  - {name: dave, role: viewer, password-hash: secret}\n"
                + "  - {name: erin, role: viewer}\n"
                + "  - {name: fay, role: viewer, password-hash: \"" + hash + "\"}\n"
                + "  - {name: fay, role: admin, password-hash: \"" + hash + "\"}\n");

        assertThat(problems).contains("'a:b' cannot be a user name").contains("expected viewer or admin, found 'owner'")
                .contains("is not a BCrypt hash").contains("make one with 'ferry user hash'")
                .contains("password-hash").contains("a second user named fay");
    }

    @Test
    void aPortInUseIsAClearStartUpError() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            FerryConfig config = load("http: {port: " + taken.getLocalPort() + "}\n");

            assertThatThrownBy(() -> FerryService.start(config).close())
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for HTTP: the port"
                            + " is in use").hasMessageContaining("http: off");
            Run check = check();
            assertThat(check.exitCode()).isEqualTo(1);
            assertThat(check.err()).contains("web server: port " + taken.getLocalPort() + " of 127.0.0.1 is in use");
        }
        assertThat(Files.exists(dir.resolve("data/ferry.pid"))).as("the lock is released").isFalse();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run check() {
        FerryRun run = FerryRun.of("check", "--config", dir.resolve("ferry.yaml").toString());
        return new Run(run.exitCode(), run.out(), run.err());
    }

    @Test
    void checkSaysWhereTheWebServerWillBe() throws Exception {
        load("http: {port: 0}\n" + WebFerry.users());

        Run check = check();

        assertThat(check.out()).contains("web server: http://127.0.0.1:0/, 2 user(s)");
        load("http: off\n");
        assertThat(check().out()).contains("web server: off");
    }

    @Test
    void aReloadKeepsTheServerAsStartedAndAppliesItsUsers() throws Exception {
        try (WebFerry ferry = WebFerry.start(dir, WebFerry.users() + "routes:\n  - name: all\n    default: true\n"
                + "    store: {folder: store}\n")) {
            WebClient viewer = ferry.client();
            viewer.login(WebFerry.VIEWER, WebFerry.VIEWER_PASSWORD);
            WebClient admin = ferry.client();
            admin.login(WebFerry.ADMIN, WebFerry.ADMIN_PASSWORD);
            Path config = dir.resolve("ferry.yaml");
            String yaml = Files.readString(config);
            String withoutVic = yaml.substring(0, yaml.indexOf("  - {name: vic")) + yaml.substring(yaml.indexOf(
                    "routes:"));
            Files.writeString(config, withoutVic.replace("http: {port: 0}", "http: {port: 0, session-timeout: 1h}"));

            WebClient.Answer reload = admin.post("/api/config/reload", null);

            assertThat(reload.json().path("message").asText()).contains("\nhttp stays http://127.0.0.1:0/ (the file"
                    + " now says http://127.0.0.1:0/ (session-timeout 3600 s)): it cannot change while Ferry runs");
            assertThat(viewer.get("/api/status").status()).as("vic is no longer a user").isEqualTo(401);
            assertThat(ferry.client().basic(WebFerry.VIEWER, WebFerry.VIEWER_PASSWORD).get("/api/status").status())
                    .isEqualTo(401);
            assertThat(admin.get("/api/status").status()).as("ada's session goes on").isEqualTo(200);
            assertThat(ferry.url()).as("the same port").isEqualTo(ferry.service.webUrl().orElseThrow());
        }
    }
}
