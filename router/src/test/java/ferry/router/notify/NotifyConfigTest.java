package ferry.router.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.ConfigLoader;
import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.config.yaml.YamlSource;
import ferry.router.notify.CompletionReport.Level;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifyConfigTest {
    static final Path BASE = Path.of("/etc/ferry");

    final ConfigProblems problems = new ConfigProblems();

    /** The entries of a {@code notify:} list, read as ConfigLoader reads a route's. */
    List<NotifyConfig> read(String yaml) throws ConfigException {
        ConfigNode root = YamlSource.read(new StringReader(yaml), "test");
        List<NotifyConfig> entries = new ArrayList<>();
        for (ConfigNode entry : Section.of(root, problems).list("notify")) {
            entries.add(NotifyConfig.parse(entry, problems, BASE));
        }
        return entries;
    }

    List<String> problems() {
        return problems.all().stream().map(Object::toString).toList();
    }

    @Test
    void everyChannelIsReadInItsLongForm() throws Exception {
        List<NotifyConfig> entries = read("""
                notify:
                  - email:
                      to: [a@example.org, "Lab <lab@example.org>"]
                      subject: "{called} done"
                      body: "{objects} files"
                      patient-identifiers: include
                      on: series
                  - webhook: {url: "https://hooks.example.org/ferry", secret-variable: FERRY_WEBHOOK_SECRET,
                              headers: {X-Site: lab}, timeout: 5s}
                  - command: {run: ["bin/process", "{folder}", "#c"], time-limit: 2m, directory: work}
                """);

        assertThat(problems()).isEmpty();
        assertThat(entries.get(0)).isEqualTo(new NotifyConfig.Email(List.of("a@example.org", "Lab <lab@example.org>"),
                ReportText.parse("{called} done"), ReportText.parse("{objects} files"),
                NotifyConfig.PatientIdentifiers.INCLUDE, Level.SERIES));
        assertThat(entries.get(1)).isEqualTo(new NotifyConfig.Webhook(URI.create("https://hooks.example.org/ferry"),
                "FERRY_WEBHOOK_SECRET", Map.of("X-Site", "lab"), Duration.ofSeconds(5),
                NotifyConfig.PatientIdentifiers.INCLUDE, Level.STUDY));
        assertThat(entries.get(2)).isEqualTo(new NotifyConfig.Command(List.of(
                ReportText.parseArgument("/etc/ferry/bin/process"), ReportText.parseArgument("{folder}"),
                ReportText.parseArgument("#c")), Duration.ofMinutes(2), BASE.resolve("work"), Level.STUDY));
    }

    @Test
    void shortFormsTakeTheDefaults() throws Exception {
        List<NotifyConfig> entries = read("""
                notify:
                  - email: [b@example.org]
                  - email: c@example.org
                  - webhook: http://127.0.0.1:8080/hook
                  - command: "/opt/bin/process {folder}  #c"   # quoted: YAML reads ' #' as a comment
                """);

        assertThat(problems()).isEmpty();
        assertThat(entries.get(0)).isEqualTo(new NotifyConfig.Email(List.of("b@example.org"),
                ReportText.defaultSubject(), ReportText.defaultBody(), NotifyConfig.PatientIdentifiers.OMIT,
                Level.STUDY));
        assertThat(((NotifyConfig.Email) entries.get(1)).to()).containsExactly("c@example.org");
        assertThat(entries.get(2)).isEqualTo(new NotifyConfig.Webhook(URI.create("http://127.0.0.1:8080/hook"), null,
                Map.of(), NotifyConfig.DEFAULT_TIMEOUT, NotifyConfig.PatientIdentifiers.INCLUDE, Level.STUDY));
        NotifyConfig.Command command = (NotifyConfig.Command) entries.get(3);
        assertThat(command.run()).hasSize(3);
        assertThat(command.timeLimit()).isEqualTo(Duration.ofMinutes(10));
        assertThat(command.directory()).isNull();
    }

    @Test
    void everyProblemIsReportedWithItsLine() throws Exception {
        read("""
                notify:
                  - email: {to: [not an address], subject: "{called} for {patient}", bodi: x}
                  - webhook: {url: "ftp://example.org/x", timeout: 0s, headers: {Content-Type: text/plain}}
                  - webhook: {secret-variable: "1 bad", headers: {Host: example.org}}
                  - command: {run: ["/bin/x", "{folder"], time-limit: soon}
                  - {on: series}
                  - {email: [a@example.org], command: /bin/true}
                  - email: []
                """);

        assertThat(problems()).contains(
                "line 2, notify[0].email.to[0]: 'not an address' is not an e-mail address: Local address contains "
                        + "control or whitespace",
                "line 2, notify[0].email.subject: unknown placeholder {patient}; known are "
                        + String.join(", ", ReportText.placeholders()),
                "line 2, notify[0].email.bodi: unknown setting 'bodi' (did you mean 'body'?)",
                "line 3, notify[1].webhook.url: expected an http:// or https:// URL with a host, found "
                        + "'ftp://example.org/x'",
                "line 3, notify[1].webhook.timeout: must be more than 0",
                "line 3, notify[1].webhook.headers.Content-Type: Ferry sets Content-Type itself",
                "line 4, notify[2].webhook: a webhook needs a url",
                "line 4, notify[2].webhook.secret-variable: '1 bad' is not an environment variable name (letters, "
                        + "digits and _, not starting with a digit)",
                "line 4, notify[2].webhook.headers.Host: not a header Java's HTTP client may send: restricted header "
                        + "name: \"Host\"",
                "line 5, notify[3].command.run[1]: '{' at position 1 is not closed with '}' (write {{ for a literal "
                        + "brace)",
                "line 5, notify[3].command.time-limit: expected a duration such as 16s, 500ms, 5m or 2h, found 'soon'",
                "line 6, notify[4].on: unknown setting 'on'",
                "line 6, notify[4]: names no channel: expected email, webhook or command",
                "line 7, notify[5]: names 2 channels; write each in an entry of its own",
                "line 8, notify[6].email: an e-mail needs at least one recipient");
    }
}
