package ferry.router.testing;

import ferry.core.testing.FreePorts;
import ferry.core.testing.Peers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private Orthanc (Debian's {@code orthanc} package) for tests, started in a test ({@link #start}) or for all the
 * tests of a class ({@link #perClass}, a JUnit extension): started from a temporary JSON configuration with
 * AE title {@code ORTHANC}, free DICOM and HTTP ports, HTTP for loopback clients only and no authentication, no
 * plugins, storage and index in a folder of the test's; {@link #close()} kills that process (by its own pid) and no
 * other. {@link Options} add the DICOMweb plugin (Debian's {@code orthanc-dicomweb}), users that HTTP requests must
 * authenticate as, DICOM modalities it may send to (C-STORE, C-MOVE targets), and HTTP keep-alive. Keep-alive is off
 * unless asked: Orthanc drops a connection idle for a second, and a client that sends its next request down it reads
 * nothing back ("header parser received no bytes"); this helper's own requests are sent again then. The Debian
 * service the package installs (ports 4242 and 8042, /var/lib/orthanc) is neither used nor disturbed. A test skips
 * when Orthanc is not installed, or fails when peers are required ({@link Peers}).
 *
 * <pre>{@code
 * try (OrthancServer orthanc = OrthancServer.start(dir,
 *         Options.DEFAULT.withModality("FERRY", "FERRY", "127.0.0.1", port))) {
 *     String id = orthanc.upload(file);
 *     orthanc.post("/modalities/FERRY/store", "[\"" + id + "\"]");
 * }
 * }</pre>
 */
public final class OrthancServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    /** Orthanc's DICOM AE title. */
    public static final String AE_TITLE = "ORTHANC";
    /** Where the DICOMweb plugin serves, under the HTTP root ({@link Options#withDicomWeb()}). */
    public static final String DICOM_WEB_ROOT = "/dicom-web/";
    /** Debian's DICOMweb plugin. */
    public static final Path DICOM_WEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
    /** How long {@link #start} waits for Orthanc to answer HTTP. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** How often {@link #start} tries other free ports when Orthanc cannot bind the ones it was given. */
    private static final int START_ATTEMPTS = 3;

    private static final Pattern ID = Pattern.compile("\"([0-9a-f]{8}(?:-[0-9a-f]{8}){4})\"");
    private static final Pattern SOP_INSTANCE_UID = Pattern.compile("\"SOPInstanceUID\"\\s*:\\s*\"([^\"]*)\"");

    private final Options options;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The folder {@link #beforeAll} made for it, deleted after the class. */
    private Path folder;
    private Process process;
    private int dicomPort;
    private int httpPort;
    private Path log;

    private OrthancServer(Options options) {
        this.options = options;
        this.authorization = options.users().entrySet().stream().findFirst()
                .map(u -> "Basic " + Base64.getEncoder().encodeToString((u.getKey() + ":" + u.getValue())
                        .getBytes(StandardCharsets.UTF_8))).orElse(null);
    }

    /**
     * What a test's Orthanc runs with beyond the defaults.
     *
     * @param dicomWeb   load the DICOMweb plugin, serving under {@value #DICOM_WEB_ROOT}
     * @param users      users and passwords that every HTTP request must authenticate as (basic authentication);
     *                   none turns authentication off. This helper's own requests authenticate as the first.
     * @param modalities DICOM peers Orthanc knows, by name: what {@code /modalities/{name}/store} sends to and
     *                   C-MOVE destinations (by AE title) it accepts
     * @param keepAlive  HTTP keep-alive on, as Orthanc has it by default
     * @param settings   more settings of Orthanc's configuration, each as its JSON value ({@code "LimitFindInstances"}
     *                   → {@code "100"}), other than those this helper writes
     */
    public record Options(boolean dicomWeb, Map<String, String> users, Map<String, Modality> modalities,
                          boolean keepAlive, Map<String, String> settings) {
        public static final Options DEFAULT = new Options(false, Map.of(), Map.of(), false, Map.of());

        public Options {
            users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
            modalities = Collections.unmodifiableMap(new LinkedHashMap<>(modalities));
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }

        /** These options with the DICOMweb plugin. */
        public Options withDicomWeb() {
            return new Options(true, users, modalities, keepAlive, settings);
        }

        /** These options with one more user. */
        public Options withUser(String user, String password) {
            Map<String, String> more = new LinkedHashMap<>(users);
            more.put(user, password);
            return new Options(dicomWeb, more, modalities, keepAlive, settings);
        }

        /** These options with one more DICOM modality. */
        public Options withModality(String name, String aeTitle, String host, int port) {
            Map<String, Modality> more = new LinkedHashMap<>(modalities);
            more.put(name, new Modality(aeTitle, host, port));
            return new Options(dicomWeb, users, more, keepAlive, settings);
        }

        /** These options with HTTP keep-alive on. */
        public Options withKeepAlive() {
            return new Options(dicomWeb, users, modalities, true, settings);
        }

        /** These options with one more setting of Orthanc's, {@code json} its value as JSON. */
        public Options with(String setting, String json) {
            Map<String, String> more = new LinkedHashMap<>(settings);
            more.put(setting, json);
            return new Options(dicomWeb, users, modalities, keepAlive, more);
        }
    }

    /** A DICOM peer of Orthanc's. */
    public record Modality(String aeTitle, String host, int port) {
    }

    /**
     * Starts Orthanc with its configuration, storage and log in {@code dir} and waits (at most
     * {@link #START_TIMEOUT}) until its REST API answers. Skips the test when Orthanc is not installed, or fails it
     * when peers are required ({@link Peers}).
     */
    public static OrthancServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, Options.DEFAULT);
    }

    /** Like {@link #start(Path)}, with {@code options}. */
    public static OrthancServer start(Path dir, Options options) throws IOException, InterruptedException {
        OrthancServer orthanc = new OrthancServer(options);
        orthanc.startIn(dir);
        return orthanc;
    }

    /**
     * An Orthanc with {@code options} for all the tests of a class, started before them in a temporary folder and
     * killed after them, the folder deleted:
     * {@code @RegisterExtension static final OrthancServer orthanc = OrthancServer.perClass(options);}.
     */
    public static OrthancServer perClass(Options options) {
        return new OrthancServer(options);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        folder = Files.createTempDirectory("ferry-orthanc-");
        startIn(folder);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        if (folder != null) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private void startIn(Path dir) throws IOException, InterruptedException {
        Path executable = Peers.requireExecutable("Orthanc", "apt-get install orthanc");
        if (options.dicomWeb()) {
            Peers.requireFile(DICOM_WEB_PLUGIN, "apt-get install orthanc-dicomweb");
        }
        for (int attempt = 1; ; attempt++) {
            launch(executable, dir);
            try {
                awaitHttp();
                return;
            } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
                boolean exited = !process.isAlive();
                close();
                // Orthanc exits when it cannot bind a port (another process took it since FreePorts.next()): other ports
                if (attempt == START_ATTEMPTS || !exited) {
                    throw e;
                }
            }
        }
    }

    private void launch(Path executable, Path dir) throws IOException {
        dicomPort = FreePorts.next();
        httpPort = FreePorts.next();
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, """
                {
                  "Name": "ferry-test",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "DicomAet": "%s",
                  "DicomPort": %d,
                  "HttpPort": %d,
                  "KeepAlive": %s,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": %s,
                  "RegisteredUsers": {%s},
                  "Plugins": [%s],
                  "DicomWeb": {"Enable": %s, "Root": "%s"},
                  "DicomModalities": {%s},
                  "SaveJobs": false,
                  "DicomScuTimeout": 10,
                  "DicomThreadsCount": 2,
                  "HttpThreadsCount": 4,
                  "ConcurrentJobs": 1%s
                }
                """.formatted(json(dir.resolve("storage")), json(dir.resolve("index")), AE_TITLE, dicomPort, httpPort,
                options.keepAlive(), !options.users().isEmpty(), options.users().entrySet().stream()
                        .map(u -> "\"" + json(u.getKey()) + "\": \"" + json(u.getValue()) + "\"")
                        .collect(Collectors.joining(", ")),
                options.dicomWeb() ? "\"" + json(DICOM_WEB_PLUGIN) + "\"" : "", options.dicomWeb(), DICOM_WEB_ROOT,
                options.modalities().entrySet().stream()
                        .map(m -> "\"%s\": [\"%s\", \"%s\", %d]".formatted(json(m.getKey()),
                                json(m.getValue().aeTitle()), json(m.getValue().host()), m.getValue().port()))
                        .collect(Collectors.joining(", ")),
                options.settings().entrySet().stream()
                        .map(setting -> ",\n  \"" + json(setting.getKey()) + "\": " + setting.getValue())
                        .collect(Collectors.joining())),
                StandardCharsets.UTF_8);
        log = dir.resolve("orthanc.log");
        process = new ProcessBuilder(executable.toString(), config.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private void awaitHttp() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Orthanc exited with " + process.exitValue() + ": " + logText());
            }
            try {
                if (request("GET", "/system", null).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Orthanc did not answer on HTTP port " + httpPort + " within " + START_TIMEOUT
                + ": " + logText());
    }

    /** The DICOM port, on loopback. */
    public int dicomPort() {
        return dicomPort;
    }

    /** The HTTP port of the REST API, on loopback. */
    public int httpPort() {
        return httpPort;
    }

    /** The process id of this Orthanc. */
    public long pid() {
        return process.pid();
    }

    /** What Orthanc logged so far. */
    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * One REST call; {@code body} null for none. Sent again, up to three times in all, when the connection dropped
     * before an answer (a kept-alive connection Orthanc closed meanwhile).
     */
    public HttpResponse<String> request(String method, String path, byte[] body) throws IOException,
            InterruptedException {
        HttpRequest request = builder(path)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException,
            InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return http.send(request, handler);
            } catch (ConnectException e) {
                throw e;
            } catch (IOException dropped) {
                if (attempt == 3) {
                    throw dropped;
                }
            }
        }
    }

    /** A request to {@code path}, authenticated as the first user when there are users. */
    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    /** The REST API's base URL, {@code http://127.0.0.1:port}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** GET, expecting 200; the body. */
    public String get(String path) throws IOException, InterruptedException {
        return expectOk("GET", path, null);
    }

    /** GET of binary content (a DICOM file), expecting 200. */
    public byte[] getBytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(builder(path).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " → HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** POST, expecting 200; the body. */
    public String post(String path, String body) throws IOException, InterruptedException {
        return expectOk("POST", path, body.getBytes(StandardCharsets.UTF_8));
    }

    /** POST of binary content (a DICOM file to {@code /instances}), expecting 200; the body. */
    public String post(String path, byte[] body) throws IOException, InterruptedException {
        return expectOk("POST", path, body);
    }

    private String expectOk(String method, String path, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> response = request(method, path, body);
        if (response.statusCode() != 200) {
            throw new AssertionError(method + " " + path + " → HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** Uploads a DICOM file ({@code POST /instances}); Orthanc's id of the instance. */
    public String upload(Path file) throws IOException, InterruptedException {
        String id = field(post("/instances", Files.readAllBytes(file)), "ID");
        if (id == null) {
            throw new AssertionError("Orthanc took no instance from " + file);
        }
        return id;
    }

    /** Uploads every regular file under {@code folder}, in name order; Orthanc's ids of the instances. */
    public List<String> uploadAll(Path folder) throws IOException, InterruptedException {
        List<Path> files;
        try (var walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> ids = new ArrayList<>();
        for (Path file : files) {
            ids.add(upload(file));
        }
        return ids;
    }

    /** The SOP Instance UIDs of every instance Orthanc holds, sorted. */
    public List<String> sopInstanceUids() throws IOException, InterruptedException {
        List<String> uids = new ArrayList<>();
        Matcher matcher = SOP_INSTANCE_UID.matcher(post("/tools/find", "{\"Level\": \"Instance\", \"Query\": {}, "
                + "\"Expand\": true}"));
        while (matcher.find()) {
            uids.add(matcher.group(1));
        }
        Collections.sort(uids);
        return uids;
    }

    /** The file of the instance with this SOP Instance UID, as Orthanc gives it ({@code GET /instances/{id}/file}). */
    public byte[] fileOf(String sopInstanceUid) throws IOException, InterruptedException {
        String id = instanceId(sopInstanceUid);
        if (id == null) {
            throw new AssertionError("Orthanc has no instance " + sopInstanceUid);
        }
        return getBytes("/instances/" + id + "/file");
    }

    /** Deletes the instance with this SOP Instance UID ({@code DELETE /instances/{id}}). */
    public void delete(String sopInstanceUid) throws IOException, InterruptedException {
        String id = instanceId(sopInstanceUid);
        if (id == null) {
            throw new AssertionError("Orthanc has no instance " + sopInstanceUid);
        }
        expectOk("DELETE", "/instances/" + id, null);
    }

    /** Declares a DICOM peer Orthanc can reach as {@code name} ({@code PUT /modalities/name}). */
    public void addModality(String name, String aeTitle, String host, int port) throws IOException,
            InterruptedException {
        expectOk("PUT", "/modalities/" + name, """
                {"AET": "%s", "Host": "%s", "Port": %d}""".formatted(aeTitle, host, port)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The Orthanc identifiers in a JSON answer (an array of them, or objects with "ID"). */
    public static List<String> ids(String json) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = ID.matcher(json);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    /** The first string value of {@code name} in a JSON answer, or null. */
    public static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** The Orthanc identifier of the instance with this SOP Instance UID, or null ({@code POST /tools/lookup}). */
    public String instanceId(String sopInstanceUid) throws IOException, InterruptedException {
        return field(post("/tools/lookup", sopInstanceUid), "ID");
    }

    /**
     * Kills this Orthanc (SIGKILL to its own pid: its graceful stop takes over 3 s, and nothing of a test's Orthanc
     * needs keeping) and waits for it to go.
     */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    /** {@code text} escaped for a JSON string. */
    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String json(Path path) {
        return json(path.toAbsolutePath().toString());
    }
}
