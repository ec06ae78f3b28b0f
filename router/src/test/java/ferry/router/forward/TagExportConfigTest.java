package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.config.yaml.YamlSource;
import ferry.router.tagexport.TagShape;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code splunk-hec} and {@code json-lines} destinations as the configuration reads them, defaults and problems. */
class TagExportConfigTest {
    static final Path BASE = Path.of("/etc/ferry");

    final ConfigProblems problems = new ConfigProblems();

    Map<String, DestinationConfig> read(String yaml) throws Exception {
        ConfigNode root = YamlSource.read(new StringReader(yaml), "test");
        return DestinationConfig.parseAll(Section.of(root, problems).node("destinations").orElseThrow(), problems,
                BASE);
    }

    List<String> problems() {
        return problems.all().stream().map(Object::toString).toList();
    }

    @Test
    void everyKeyIsReadAndOmittedOnesTakeTheirDefaults() throws Exception {
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
    void aTokenInTheFileBadValuesAndSharedFilesAreReportedWithTheirLines() throws Exception {
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
