package ferry.router.web;

import ferry.router.config.ConfigLoader;
import ferry.router.run.FerryService;
import ferry.router.testing.DatabaseYaml;
import ferry.core.testing.FreePorts;
import ferry.router.testing.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * A Ferry running in this JVM with its web server on a free loopback port, for the web tests: an admin {@code ada}
 * and a viewer {@code vic} (BCrypt hashes of low cost, so that tests stay quick), one DICOM listener.
 */
public final class WebFerry implements AutoCloseable {
    public static final String ADMIN = "ada";
    public static final String ADMIN_PASSWORD = "correct horse battery";
    public static final String VIEWER = "vic";
    public static final String VIEWER_PASSWORD = "staple viewer";

    public final FerryService service;
    public final int dicomPort;
    public final Path dir;

    private WebFerry(FerryService service, int dicomPort, Path dir) {
        this.service = service;
        this.dicomPort = dicomPort;
        this.dir = dir;
    }

    /** The {@code users:} of {@link #ADMIN} and {@link #VIEWER}. */
    public static String users() {
        return "users:\n"
                + "  - {name: " + ADMIN + ", role: admin, password-hash: \"" + BCrypt.hashpw(ADMIN_PASSWORD,
                BCrypt.gensalt(4)) + "\"}\n"
                + "  - {name: " + VIEWER + ", role: viewer, password-hash: \"" + BCrypt.hashpw(VIEWER_PASSWORD,
                BCrypt.gensalt(4)) + "\"}\n";
    }

    /**
     * Starts Ferry in {@code dir} with {@code rest} (routes, destinations, users...) after a data directory, the web
     * server on a free port and a listener (AE titles FERRY and OTHER) on another; its database on the test run's
     * engine ({@link DatabaseYaml}).
     */
    public static WebFerry start(Path dir, String rest) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        int port = FreePorts.next();
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nmin-free-disk: 0\n"
                + DatabaseYaml.fresh(dir) + "http: {port: 0}\nlisteners:\n  - {port: " + port + ", ae-titles: [FERRY, OTHER]}\n" + rest);
        return new WebFerry(FerryService.start(ConfigLoader.load(config)), port, dir);
    }

    public String url() {
        return service.webUrl().orElseThrow();
    }

    public WebClient client() {
        return new WebClient(url());
    }

    public WebClient admin() {
        return client().basic(ADMIN, ADMIN_PASSWORD);
    }

    public WebClient viewer() {
        return client().basic(VIEWER, VIEWER_PASSWORD);
    }

    @Override
    public void close() {
        service.close();
    }
}
