package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.config.yaml.YamlSource;
import ferry.router.storage.CollisionPolicy;
import ferry.router.storage.Layout;
import ferry.router.tagexport.TagShape;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DestinationConfigTest {
    static final Path BASE = Path.of("/etc/ferry");

    final ConfigProblems problems = new ConfigProblems();

    /** The top-level {@code destinations:} of {@code yaml}, read as the loader reads it. */
    Map<String, DestinationConfig> read(String yaml) throws ConfigException {
        ConfigNode root = YamlSource.read(new StringReader(yaml), "test");
        return DestinationConfig.parseAll(Section.of(root, problems).node("destinations").orElseThrow(), problems,
                BASE);
    }

    List<String> problems() {
        return problems.all().stream().map(Object::toString).toList();
    }

    @Test
    void everyTypeIsReadInItsLongFormInTheFilesOrder() throws Exception {
        Map<String, DestinationConfig> destinations = read("""
                destinations:
                  pacs:
                    dicom: {ae-title: PACS, host: 10.0.0.9, port: 104, calling-ae-title: FERRY, max-parallel: 4,
                            idle-timeout: 30s, timeout: 20s,
                            tls: {key-store: ferry.p12, trust-store: /etc/pki/ca.p12, password-env: PACS_TLS}}
                  archive:
                    dicomweb: {url: "https://pacs.example.org/dicom-web", auth: bearer,
                               token-variable: FERRY_ARCHIVE_TOKEN, headers: {X-Site: lab}, timeout: 60s,
                               max-parallel: 4, tls: {trust-store: ca.p12}}
                  research:
                    orthanc: {url: "http://orthanc:8042", user: ferry, password-variable: FERRY_ORTHANC_PASSWORD,
                              skip-existing: false, max-parallel: 3, timeout: 10s}
                  copy:
                    folder: {folder: /data/copy, layout: dcmserver, collision: keep-both, max-parallel: 1}
                """);

        assertThat(problems()).isEmpty();
        assertThat(destinations.keySet()).containsExactly("pacs", "archive", "research", "copy");
        assertThat(destinations.get("pacs")).isEqualTo(new DestinationConfig.Dicom("PACS", "10.0.0.9", 104, "FERRY",
                4, Duration.ofSeconds(30), Duration.ofSeconds(20), new DestinationConfig.TlsStores(
                BASE.resolve("ferry.p12"), Path.of("/etc/pki/ca.p12"), "PACS_TLS")));
        assertThat(destinations.get("archive")).isEqualTo(new DestinationConfig.DicomWeb(
                URI.create("https://pacs.example.org/dicom-web"), DestinationConfig.DicomWeb.Auth.BEARER, null,
                "FERRY_ARCHIVE_TOKEN", Map.of("X-Site", "lab"), Duration.ofSeconds(60), 4,
                new DestinationConfig.TlsStores(null, BASE.resolve("ca.p12"), "FERRY_TLS_PASSWORD")));
        assertThat(destinations.get("research")).isEqualTo(new DestinationConfig.Orthanc(
                URI.create("http://orthanc:8042"), "ferry", "FERRY_ORTHANC_PASSWORD", false, Duration.ofSeconds(10),
                3, null));
        DestinationConfig.Folder copy = (DestinationConfig.Folder) destinations.get("copy");
        assertThat(copy.maxParallel()).isEqualTo(1);
        assertThat(copy.store().folder()).isEqualTo(Path.of("/data/copy"));
        assertThat(copy.store().layout().template()).isEqualTo(Layout.preset("dcmserver").template());
        assertThat(copy.store().collision()).isEqualTo(CollisionPolicy.KEEP_BOTH);
        assertThat(copy.store().edits()).isEmpty();
    }

    @Test
    void shortFormsAndOmittedKeysTakeTheDefaults() throws Exception {
        Map<String, DestinationConfig> destinations = read("""
                destinations:
                  pacs: {dicom: "PACS@pacs.example.org:11112"}
                  v6: {dicom: "PACS@[::1]:104"}
                  minimal: {dicom: {ae-title: PACS, host: pacs}}
                  relay: {dicom: {ae-title: PACS, host: pacs, calling-ae-title: pass-through}}
                  web: {dicomweb: "http://127.0.0.1:8042/dicom-web"}
                  basic: {dicomweb: {url: "http://web/dicom-web", user: ferry, password-variable: WEB_PASSWORD}}
                  orthanc: {orthanc: "http://orthanc:8042"}
                  copy: {folder: copies}
                """);

        assertThat(problems()).isEmpty();
        DestinationConfig.Dicom pacs = (DestinationConfig.Dicom) destinations.get("pacs");
        assertThat(pacs).isEqualTo(new DestinationConfig.Dicom("PACS", "pacs.example.org", 11112, "FERRY",
                DestinationConfig.DEFAULT_MAX_PARALLEL, DestinationConfig.Dicom.DEFAULT_IDLE_TIMEOUT,
                DestinationConfig.DEFAULT_TIMEOUT, null));
        assertThat(((DestinationConfig.Dicom) destinations.get("v6")).host()).isEqualTo("::1");
        assertThat(destinations.get("minimal")).isEqualTo(new DestinationConfig.Dicom("PACS", "pacs",
                DestinationConfig.Dicom.DEFAULT_PORT, "FERRY", 2, Duration.ofSeconds(30), Duration.ofSeconds(60),
                null));
        assertThat(((DestinationConfig.Dicom) destinations.get("relay")).passThrough()).isTrue();
        assertThat(destinations.get("web")).isEqualTo(new DestinationConfig.DicomWeb(
                URI.create("http://127.0.0.1:8042/dicom-web"), DestinationConfig.DicomWeb.Auth.NONE, null, null,
                Map.of(), DestinationConfig.DEFAULT_TIMEOUT, 2, null));
        assertThat(destinations.get("basic")).isEqualTo(new DestinationConfig.DicomWeb(URI.create("http://web/dicom-web"),
                DestinationConfig.DicomWeb.Auth.BASIC, "ferry", "WEB_PASSWORD", Map.of(),
                DestinationConfig.DEFAULT_TIMEOUT, 2, null));
        assertThat(destinations.get("orthanc")).isEqualTo(new DestinationConfig.Orthanc(
                URI.create("http://orthanc:8042"), null, null, true, DestinationConfig.DEFAULT_TIMEOUT, 2, null));
        DestinationConfig.Folder copy = (DestinationConfig.Folder) destinations.get("copy");
        assertThat(copy.store().folder()).isEqualTo(BASE.resolve("copies"));
        assertThat(copy.store().layout().template()).isEqualTo(Layout.DEFAULT_TEMPLATE);
        assertThat(copy.store().collision()).isEqualTo(CollisionPolicy.SKIP_IDENTICAL);
    }

    @Test
    void everyProblemIsReportedWithItsLine() throws Exception {
        read("""
                destinations:
                  nothing: {}
                  two: {dicom: "A@h:1", folder: /x}
                  typo: {dicomm: "A@h:1"}
                  pacs:
                    dicom:
                      ae-title: THIS-TITLE-IS-TOO-LONG
                      port: 70000
                      calling-ae-title: "BAD\\\\AE"
                      max-parallel: 0
                      idle-timeout: 0s
                      timout: 5s
                  short: {dicom: "no-port-here"}
                  web:
                    dicomweb:
                      url: "ftp://files.example.org"
                      auth: basic
                      token-variable: "1BAD"
                      headers: {Authorization: "Bearer abc", X-Ok: yes}
                  secret-in-url: {dicomweb: "https://me:pw@web.example.org/dicom-web"}
                  bearer: {dicomweb: {url: "http://web/", auth: bearer, user: me}}
                  orthanc:
                    orthanc: {url: "http://orthanc:8042", password-variable: PW, skip-existing: maybe,
                              tls: {trust-store: ca.p12}}
                  nouser: {orthanc: {url: "http://orthanc:8042", user: ferry}}
                  copy: {folder: {layout: "{NoSuchKeyword}", collision: sometimes}}
                """);

        assertThat(problems()).containsExactlyInAnyOrder(
                "line 2, destinations.nothing: names no destination type: expected dicom, dicomweb, orthanc, folder, splunk-hec, json-lines",
                "line 3, destinations.two: names 2 destination types; give each destination a name of its own",
                "line 4, destinations.typo.dicomm: unknown setting 'dicomm' (did you mean 'dicom'?)",
                "line 4, destinations.typo: names no destination type: expected dicom, dicomweb, orthanc, folder, splunk-hec, json-lines",
                "line 7, destinations.pacs.dicom.ae-title: 'THIS-TITLE-IS-TOO-LONG' is not an AE title (1 to 16 "
                        + "printable ASCII characters, no backslash; PS3.5 §6.2)",
                "line 7, destinations.pacs.dicom.host: is required",
                "line 8, destinations.pacs.dicom.port: must be between 1 and 65535, found 70000",
                "line 9, destinations.pacs.dicom.calling-ae-title: 'BAD\\AE' is not an AE title (1 to 16 printable "
                        + "ASCII characters, no backslash; PS3.5 §6.2)",
                "line 10, destinations.pacs.dicom.max-parallel: must be between 1 and 64, found 0",
                "line 11, destinations.pacs.dicom.idle-timeout: must be more than 0",
                "line 12, destinations.pacs.dicom.timout: unknown setting 'timout' (did you mean 'timeout'?)",
                "line 13, destinations.short.dicom: expected AET@host:port or a map with ae-title, host and port, "
                        + "found 'no-port-here'",
                "line 16, destinations.web.dicomweb.url: expected an http:// or https:// URL with a host, found "
                        + "'ftp://files.example.org'",
                "line 18, destinations.web.dicomweb.token-variable: '1BAD' is not an environment variable name "
                        + "(letters, digits and _, not starting with a digit)",
                "line 16, destinations.web.dicomweb: basic authentication needs a user",
                "line 16, destinations.web.dicomweb: basic authentication needs password-variable: the environment "
                        + "variable holding the password",
                "line 19, destinations.web.dicomweb.headers.Authorization: Ferry sets Authorization itself",
                "line 20, destinations.secret-in-url.dicomweb: credentials do not belong in the URL: give user and "
                        + "password-variable",
                "line 21, destinations.bearer.dicomweb.user: user has no use with auth: bearer",
                "line 21, destinations.bearer.dicomweb: auth: bearer needs token-variable: the environment variable "
                        + "holding the token",
                "line 23, destinations.orthanc.orthanc.password-variable: password-variable has no use with no user",
                "line 23, destinations.orthanc.orthanc.skip-existing: expected true or false, found 'maybe'",
                "line 24, destinations.orthanc.orthanc.tls: tls needs an https:// URL",
                "line 25, destinations.nouser.orthanc: basic authentication needs password-variable: the "
                        + "environment variable holding the password",
                "line 26, destinations.copy.folder.folder: is required",
                "line 26, destinations.copy.folder.collision: expected one of skip-identical, overwrite, keep-both, "
                        + "found 'sometimes'",
                problemOfLayout());
    }

    /** What the layout reader says of an unknown keyword, so this test follows its wording. */
    private static String problemOfLayout() {
        ConfigProblems layout = new ConfigProblems();
        Layout.parse(new ConfigNode.ScalarNode("destinations.copy.folder.layout", 26, "{NoSuchKeyword}"), layout);
        return layout.all().get(0).toString();
    }

    @Test
    void destinationsThatAreNotAMapAndBadNamesAreReported() throws Exception {
        read("""
                destinations: [pacs]
                """);
        read("""
                destinations:
                  " ": {folder: /x}
                """);

        assertThat(problems()).containsExactly(
                "line 1, destinations: expected a map of destination names to destinations, found a list",
                "line 2, destinations. : ' ' cannot be a destination name (not empty, no control characters)");
    }

    @Test
    void tagExportDestinationsAreReadWithEveryKeyAndTheirDefaults() throws Exception {
        Map<String, DestinationConfig> destinations = read("""
                destinations:
                  splunk:
                    splunk-hec: {url: "https://splunk.example.org:8088/services/collector/event",
                                 token-env: SPLUNK_TOKEN, index: dicom, sourcetype: dicom:tags, source: ferry-a,
                                 host: relay-1, shape: dicom-json, batch-size: 500, timeout: 20s, max-parallel: 4,
                                 acknowledgement: on, ack-timeout: 5m}
                  plain:
                    splunk-hec: {url: "http://127.0.0.1:8088/services/collector/event", token-env: HEC_TOKEN}
                  lines:
                    json-lines: {folder: tags, name: relay, shape: dicom-json, max-size: 10MiB, daily: false,
                                 batch-size: 50}
                  short: {json-lines: /var/log/ferry}
                """);
        assertThat(problems()).isEmpty();
        assertThat(destinations.get("splunk")).isEqualTo(new SplunkHecConfig(
                URI.create("https://splunk.example.org:8088/services/collector/event"), "SPLUNK_TOKEN", "dicom",
                "dicom:tags", "ferry-a", "relay-1", TagShape.DICOM_JSON, 500, Duration.ofSeconds(20), 4, true,
                Duration.ofMinutes(5), null));
        assertThat(destinations.get("plain")).isEqualTo(new SplunkHecConfig(
                URI.create("http://127.0.0.1:8088/services/collector/event"), "HEC_TOKEN", null, "_json", "ferry",
                null, TagShape.SIMPLIFIED, 100, DestinationConfig.DEFAULT_TIMEOUT, 2, false, Duration.ofMinutes(2),
                null));
        assertThat(destinations.get("lines")).isEqualTo(new JsonLinesConfig(BASE.resolve("tags"), "relay",
                TagShape.DICOM_JSON, 10L << 20, false, 50));
        assertThat(destinations.get("short")).isEqualTo(new JsonLinesConfig(Path.of("/var/log/ferry"), "ferry-tags",
                TagShape.SIMPLIFIED, 100L << 20, true, 100));
        assertThat(destinations.get("lines").maxParallel()).isEqualTo(1);
    }

    @Test
    void aTagExportTokenInTheFileBadValuesAndSharedFilesAreReportedWithTheirLines() throws Exception {
        read("""
                destinations:
                  splunk:
                    splunk-hec: {url: "http://splunk:8088/services/collector/event", token: abc, shape: flat,
                                 batch-size: 0}
                  noack:
                    splunk-hec: {url: "http://splunk:8088/", token-env: T, acknowledgement: on}
                  badvar:
                    splunk-hec: {url: "http://splunk:8088/services/collector/event", token-env: "not a name"}
                  a: {json-lines: {folder: /data/tags, max-size: 1KiB, name: ../x}}
                  b: {json-lines: {folder: /data/tags}}
                  c: {json-lines: {folder: /data/tags/, name: ferry-tags}}
                """);
        assertThat(problems()).containsExactlyInAnyOrder(
                "line 3, destinations.splunk.splunk-hec: needs token-env: the environment variable holding the HEC "
                        + "token",
                "line 3, destinations.splunk.splunk-hec.token: unknown setting 'token'",
                "line 3, destinations.splunk.splunk-hec.shape: expected one of dicom-json, simplified, found 'flat'",
                "line 4, destinations.splunk.splunk-hec.batch-size: must be between 1 and 10000, found 0",
                "line 6, destinations.noack.splunk-hec.url: acknowledgement needs the collector's URL "
                        + "(…/services/collector/event), to find …/services/collector/ack",
                "line 8, destinations.badvar.splunk-hec.token-env: 'not a name' is not an environment variable name "
                        + "(letters, digits and _, not starting with a digit)",
                "line 9, destinations.a.json-lines.max-size: must be at least 64KiB, found 1024 bytes",
                "line 9, destinations.a.json-lines.name: '../x' cannot name the files: letters, digits, '.', '_' and "
                        + "'-', not starting with '.', '_' or '-'",
                "line 11, destinations.c: writes the same files as destination b (/data/tags, name ferry-tags): give "
                        + "it another folder or name");
    }
}
