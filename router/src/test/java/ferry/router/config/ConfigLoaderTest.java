package ferry.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.net.assoc.AcceptorLimits;
import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.config.yaml.YamlSource;
import ferry.router.journal.Durability;
import ferry.router.notify.NotifyConfig;
import ferry.router.receive.RouteConfig;
import ferry.router.replicate.ReplicationConfig;
import ferry.router.replicate.Retrieve;
import ferry.router.storage.StoreConfig;
import ferry.router.study.CompletionConfig;
import ferry.router.study.RetryConfig;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    FerryConfig load(String yaml) throws Exception {
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file);
    }

    ConfigException problems(String yaml) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return (ConfigException) thrown;
    }

    @Test
    void noFileMeansTheEmbeddedDefault() {
        FerryConfig config = ConfigLoader.embeddedDefault(Path.of("ferry-data"));

        assertThat(config.listeners()).singleElement().satisfies(l -> {
            assertThat(l.port()).isEqualTo(11112);
            assertThat(l.aeTitles()).containsExactly("FERRY");
        });
        assertThat(config.durability()).isEqualTo(Durability.PROCESS);
        assertThat(config.routes()).singleElement().satisfies(r -> {
            assertThat(r.isDefault()).isTrue();
            assertThat(r.stores()).singleElement().satisfies(s ->
                    assertThat(s.folder()).isEqualTo(Path.of("ferry-data", "store")));
        });
    }

    @Test
    void aFullFileIsReadWithPathsRelativeToIt() throws Exception {
        FerryConfig config = load("""
                data-directory: var/ferry
                durability: power
                min-free-disk: 2GB
                listeners:
                  - port: 104
                    bind: 127.0.0.1
                    ae-titles: [FERRY, RESEARCH]
                    allowed-callers: [SCANNER1@10.0.0.5, {ae: SCANNER2}]
                    max-associations: 8
                routes:
                  - name: research
                    when: {called: RESEARCH}
                    continue: true
                    store:
                      - {folder: /data/research, layout: '{PatientID}/{SOPInstanceUID}.dcm', collision: overwrite}
                      - folder: copies
                  - name: rest
                    default: true
                    store: rest
                """);

        assertThat(config.dataDirectory()).isEqualTo(dir.resolve("var/ferry"));
        assertThat(config.durability()).isEqualTo(Durability.POWER);
        assertThat(config.minimumFreeDisk()).isEqualTo(2L << 30);
        ListenerConfig listener = config.listeners().get(0);
        assertThat(listener.port()).isEqualTo(104);
        assertThat(listener.bindAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(listener.aeTitles()).containsExactlyInAnyOrder("FERRY", "RESEARCH");
        assertThat(listener.allowedCallers()).hasSize(2);
        assertThat(listener.allowedCallers().get(0).aeTitle()).isEqualTo("SCANNER1");
        assertThat(listener.allowedCallers().get(0).address()).isEqualTo(InetAddress.getByName("10.0.0.5"));
        assertThat(listener.maxAssociations()).isEqualTo(8);
        assertThat(config.routes()).extracting(RouteConfig::name).containsExactly("research", "rest");
        RouteConfig research = config.routes().get(0);
        assertThat(research.continueToNext()).isTrue();
        assertThat(research.stores()).extracting(StoreConfig::folder)
                .containsExactly(Path.of("/data/research"), dir.resolve("copies"));
        assertThat(research.stores().get(0).collision()).isEqualTo(ferry.router.storage.CollisionPolicy.OVERWRITE);
        assertThat(config.routes().get(1).isDefault()).isTrue();
        assertThat(config.routes().get(1).stores().get(0).folder()).isEqualTo(dir.resolve("rest"));
    }

    @Test
    void metricsAreOnUnlessTheFileTurnsThemOffAndAReloadCannotChangeThat() throws Exception {
        FerryConfig on = load("routes: []\n");
        FerryConfig off = load("metrics: off\n");

        assertThat(ConfigLoader.embeddedDefault(Path.of("ferry-data")).metrics()).isTrue();
        assertThat(on.metrics()).isTrue();
        assertThat(off.metrics()).isFalse();
        assertThat(on.startSettingsChangedIn(off)).containsExactly("metrics stays on (the file now says off)");
        assertThat(problems("metrics: maybe\n").getMessage()).contains("metrics");
    }

    @Test
    void aListenersTimeLimitsAndPendingConnectionLimitsAreReadWithTheirDefaults() throws Exception {
        FerryConfig config = load("""
                listeners:
                  - port: 104
                    association-request-timeout: 5s
                    pdu-timeout: 20s
                    min-data-rate: 64KB
                    idle-timeout: 2m
                    max-pending: 200
                    max-pending-per-address: 8
                  - port: 105
                """);

        assertThat(config.listeners().get(0).limits()).isEqualTo(new AcceptorLimits(Duration.ofSeconds(5),
                Duration.ofSeconds(20), 64 * 1024, Duration.ofMinutes(2), 200, 8));
        assertThat(config.listeners().get(1).limits()).isEqualTo(AcceptorLimits.DEFAULT);
    }

    @Test
    void aListenersLimitsMustBeMoreThanZero() {
        ConfigException e = problems("""
                listeners:
                  - port: 104
                    association-request-timeout: 0s
                    pdu-timeout: soon
                    min-data-rate: 0
                    idle-timeout: 0
                    max-pending: 0
                    max-pending-per-address: -1
                """);

        assertThat(e.problems()).extracting(Object::toString).containsExactly(
                "line 3, listeners[0].association-request-timeout: must be more than 0",
                "line 4, listeners[0].pdu-timeout: expected a duration such as 16s, 500ms, 5m or 2h, found 'soon'",
                "line 5, listeners[0].min-data-rate: must be at least 1 byte per second, e.g. 8KB",
                "line 6, listeners[0].idle-timeout: must be more than 0",
                "line 7, listeners[0].max-pending: must be between 1 and 10000, found 0",
                "line 8, listeners[0].max-pending-per-address: must be between 1 and 10000, found -1");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceWithItsLine() {
        ConfigException e = problems("""
                durability: sometimes
                min-free-disk: lots
                listeners:
                  - port: 0
                    bind: not-an-address
                    allowed-callers: ["@10.0.0.1"]
                    colour: blue
                routes:
                  - when: {called: X}
                    store: {layout: '{PatientID}'}
                """);

        assertThat(e.problems()).extracting(Object::toString).contains(
                "line 1, durability: expected one of process, power, found 'sometimes'",
                "line 2, min-free-disk: expected a size such as 5GB or 512MB, found 'lots'",
                "line 4, listeners[0].port: must be between 1 and 65535, found 0",
                "line 5, listeners[0].bind: 'not-an-address' is not an IP address",
                "line 6, listeners[0].allowed-callers[0]: a caller needs an AE title",
                "line 7, listeners[0].colour: unknown setting 'colour'",
                "line 9, routes[0].name: is required",
                "line 10, routes[0].store.folder: is required");
        assertThat(e.getMessage()).contains(e.problems().size() + " problems");
    }

    @Test
    void invalidYamlNamesTheLine() {
        ConfigException e = problems("listeners:\n  - port: 1\n   bad indentation: [\n");

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isGreaterThan(1);
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void seed000RoutesJsonIsAConfigurationAsItIs() throws Exception {
        Path file = dir.resolve("routes.json");
        Files.writeString(file, """
                [
                  {"AETITLE": "BTUANON", "PATH": "/data/btuanon", "EMAIL": ["pi@example.org"]},
                  {"AETITLE": "MMILREC", "PATH": "mmilrec", "EMAIL": []}
                ]
                """);

        FerryConfig config = ConfigLoader.load(file);

        assertThat(config.routes()).extracting(RouteConfig::name).containsExactly("BTUANON", "MMILREC");
        assertThat(config.routes().get(0).stores().get(0).folder()).isEqualTo(Path.of("/data/btuanon"));
        assertThat(config.routes().get(1).stores().get(0).folder()).isEqualTo(dir.resolve("mmilrec"));
        assertThat(config.listeners().get(0).port()).isEqualTo(11112);
        assertThat(config.listeners().get(0).aeTitles()).as("any called AE title, like storescp").isEmpty();
    }

    @Test
    void aRoutesJsonEntryWithoutPathIsReported() throws Exception {
        Path file = dir.resolve("routes.json");
        Files.writeString(file, "[{\"AETITLE\": \"BTUANON\"}]");

        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("[0].PATH: is required");
    }

    @Test
    void durationsAndSizesAcceptTheUsualUnits() throws Exception {
        ConfigNode node = YamlSource.read(new StringReader("a: 16s\nb: 250ms\nc: 5m\nd: 2h\ne: 30\n"
                + "f: 512MB\ng: 1.5GiB\nh: 4096\n"), "test");
        ConfigProblems problems = new ConfigProblems();
        Section section = Section.of(node, problems);

        assertThat(section.duration("a", null)).isEqualTo(Duration.ofSeconds(16));
        assertThat(section.duration("b", null)).isEqualTo(Duration.ofMillis(250));
        assertThat(section.duration("c", null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(section.duration("d", null)).isEqualTo(Duration.ofHours(2));
        assertThat(section.duration("e", null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(section.size("f", 0)).isEqualTo(512L << 20);
        assertThat(section.size("g", 0)).isEqualTo(3L << 29);
        assertThat(section.size("h", 0)).isEqualTo(4096);
        section.finish();
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void yamlTagsCannotMakeJavaObjects() {
        ConfigException e = problems("data-directory: !!javax.script.ScriptEngineManager [x]\n");

        assertThat(e.problems()).isNotEmpty();
    }

    @Test
    void aSecretCannotBeKeptInAVariableThatNotificationCommandsGet() {
        ConfigException e = problems("""
                smtp: {host: mail.example.org, user: ferry, password-variable: HOME}
                listeners:
                  - {port: 2762, tls: {key-store: ferry.p12, password-env: LANG}}
                destinations:
                  pacs: {orthanc: {url: 'http://orthanc:8042', user: ferry, password-variable: TZ}}
                routes:
                  - name: r
                    modify: [{deidentify: {secret-variable: PATH}}]
                    forward: [pacs]
                    notify: [{webhook: {url: 'https://example.org/hook', secret-variable: LC_ALL}}]
                """);

        assertThat(e.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                "line 1, smtp.password-variable: HOME cannot hold a secret: notification commands get it "
                        + "(docs/notifications.md); name a variable of its own",
                "line 3, listeners[0].tls.password-env: LANG cannot hold a secret: notification commands get it "
                        + "(docs/notifications.md); name a variable of its own",
                "line 5, destinations.pacs.orthanc.password-variable: TZ cannot hold a secret: notification commands "
                        + "get it (docs/notifications.md); name a variable of its own",
                "line 8, routes[0].modify[0].deidentify.secret-variable: PATH cannot hold a secret: notification "
                        + "commands get it (docs/notifications.md); name a variable of its own",
                "line 10, routes[0].notify[0].webhook.secret-variable: LC_ALL cannot hold a secret: notification "
                        + "commands get it (docs/notifications.md); name a variable of its own");
    }

    @Test
    void aStoreWithKeepAndTheRetentionSettingsAreRead() throws Exception {
        FerryConfig config = load("retention: {journal: 180d, notifications: off}\n"
                + "routes:\n  - name: cache\n    store: {folder: cache, keep: 14d}\n"
                + "  - name: archive\n    store: {folder: archive}\n");

        assertThat(config.retention().journal()).isEqualTo(java.time.Duration.ofDays(180));
        assertThat(config.retention().notifications()).isNull();
        assertThat(config.routes().get(0).stores().get(0).keep()).isEqualTo(java.time.Duration.ofDays(14));
        assertThat(config.routes().get(1).stores().get(0).keep()).isNull();
        assertThat(config.agingStores()).containsExactly(new ferry.router.retention.StoreAgeOut.Folder("cache",
                dir.resolve("cache"), java.time.Duration.ofDays(14)));
    }

    @Test
    void aKeepThatWouldDeleteWhatIsNotItsOwnOrNotYetReportedIsRefused() {
        ConfigException e = problems("data-directory: cache/ferry-data\n"
                + "destinations:\n  copy: {folder: cache/copies}\n"
                + "routes:\n"
                + "  - name: cache\n    store: {folder: cache, keep: 2d}\n"
                + "  - name: archive\n    store: {folder: cache/archive}\n"
                + "  - name: notified\n    store: {folder: notified, keep: 12h}\n"
                + "    notify: [{command: [/bin/true]}]\n"
                + "  - name: hasty\n    store: {folder: hasty, keep: 10m}\n");

        assertThat(e.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                "line 13, routes[3].store.keep: should be at least 1h (files younger than an hour may belong to a "
                        + "study still arriving)",
                "line 5, routes.cache.store.keep: the folder " + dir.resolve("cache") + " holds Ferry's data "
                        + "directory " + dir.resolve("cache/ferry-data") + ": ageing it out would delete the journal "
                        + "and the spool",
                "line 5, routes.cache.store.keep: the folder " + dir.resolve("cache") + " holds "
                        + dir.resolve("cache/archive") + ", whose files are kept for ever: give it a keep of its own,"
                        + " or another place",
                "line 9, routes.notified.store.keep: is shorter than the route's completion force-after (24 h): "
                        + "files could go before their study is reported complete");
    }

    @Test
    void aKeepFolderReachedThroughALinkIsJudgedWhereItLeads() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.createDirectories(site.resolve("ferry-data"));
        Files.createSymbolicLink(dir.resolve("cache"), site);

        ConfigException e = problems("data-directory: site/ferry-data\n"
                + "routes:\n  - name: cache\n    store: {folder: cache, keep: 2d}\n");

        assertThat(e.problems()).extracting(Object::toString).containsExactly(
                "line 3, routes.cache.store.keep: the folder " + site.toRealPath() + " holds Ferry's data directory "
                        + site.toRealPath().resolve("ferry-data") + ": ageing it out would delete the journal and "
                        + "the spool");
    }

    @Test
    void twoListenersOnOnePortAreAProblem() {
        ConfigException e = problems("listeners:\n  - port: 104\n  - port: 104\n");

        assertThat(e.problems()).extracting(Object::toString).containsExactly("line 3, listeners[1].port: port 104 is "
                + "listeners[0]'s already: two listeners cannot share a port");
    }

    @Test
    void invalidPortsAreReportedOnceEachAndNeverAsASharedPort() {
        ConfigException e = problems("listeners:\n  - port: 70000\n  - port: 0\n  - {ae-titles: [A]}\n"
                + "  - port: eleven\n");

        assertThat(e.problems()).extracting(Object::toString).containsExactly(
                "line 2, listeners[0].port: must be between 1 and 65535, found 70000",
                "line 3, listeners[1].port: must be between 1 and 65535, found 0",
                "line 5, listeners[3].port: expected a whole number, found 'eleven'");
    }

    @Test
    void completionRulesAreReadAndTheTopLevelOnesAreEveryRoutesDefault() throws Exception {
        FerryConfig config = load("""
                completion: {quiet-period: 16s}
                notifications: {retry-first: 2s, retry-longest: 1m, give-up-after: 1d}
                routes:
                  - name: plain
                    store: a
                    notify:
                      - email: [pi@example.org]
                  - name: own
                    store: b
                    completion:
                      quiet-period: 2m
                      series-quiet-period: 20s
                      expected-objects: 4707
                      expected-series: ["T1*", "DTI*"]
                      force-after: 6h
                """);

        assertThat(config.routes().get(0).completion()).isEqualTo(new CompletionConfig(Duration.ofSeconds(16),
                CompletionConfig.DEFAULT_SERIES_QUIET_PERIOD, 0, List.of(), CompletionConfig.DEFAULT_FORCE_AFTER));
        assertThat(config.routes().get(0).notifications()).singleElement().isInstanceOf(NotifyConfig.Email.class);
        assertThat(config.routes().get(1).completion()).isEqualTo(new CompletionConfig(Duration.ofMinutes(2),
                Duration.ofSeconds(20), 4707, List.of("T1*", "DTI*"), Duration.ofHours(6)));
        assertThat(config.routes().get(1).notifications()).isEmpty();
        assertThat(config.notificationRetry()).isEqualTo(new RetryConfig(Duration.ofSeconds(2),
                Duration.ofMinutes(1), Duration.ofDays(1)));
        assertThat(config.notificationRetry().waitAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.notificationRetry().waitAfter(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(config.notificationRetry().waitAfter(30)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void impossibleCompletionRulesAreReportedWithTheirLines() {
        ConfigException thrown = problems("""
                routes:
                  - name: r
                    store: a
                    completion:
                      quiet-period: 0s
                      expected-objects: -3
                      force-after: 30s
                      quiet: 5s
                notifications: {retry-first: 0s}
                """);

        assertThat(thrown.problems()).extracting(ConfigProblems.Problem::line).contains(5, 6, 7, 8, 9);
        assertThat(thrown.getMessage()).contains("quiet-period must be longer than 0")
                .contains("force-after").contains("quiet").contains("retry-first must be longer than 0");
    }

    @Test
    void seed000RoutesJsonEmailBecomesAMailWithSeed000sText() throws Exception {
        Files.writeString(dir.resolve("routes.json"), """
                [{"AETITLE": "BTUANON", "PATH": "orig", "EMAIL": ["hbartsch@example.org", "lab@example.org"]},
                 {"AETITLE": "QUIET", "PATH": "q", "EMAIL": []}]""");

        FerryConfig config = load("routes-json: routes.json\ncompletion: {quiet-period: 16s}\n");

        assertThat(config.routes().get(0).notifications()).singleElement().satisfies(n -> {
            NotifyConfig.Email email = (NotifyConfig.Email) n;
            assertThat(email.to()).containsExactly("hbartsch@example.org", "lab@example.org");
            assertThat(email.body()).isEqualTo(ferry.router.notify.ReportText.defaultBody());
        });
        assertThat(config.routes().get(0).completion().quietPeriod()).isEqualTo(Duration.ofSeconds(16));
        assertThat(config.routes().get(1).notifications()).isEmpty();
    }

    @Test
    void replicationsAreReadWithTheirEndsQueryAndEdits() throws Exception {
        FerryConfig config = load("""
                destinations:
                  archive: {orthanc: "http://pacs:8042"}
                replications:
                  - name: dose
                    from: archive
                    to: ./project
                    query: {Modality: SR, SeriesDescription: Dose Record}
                    modify: [{set: {InstitutionName: Project}}]
                    parallel: 8
                    poll: 5s
                """);

        ReplicationConfig dose = config.replications().get(0);
        assertThat(dose.name()).isEqualTo("dose");
        assertThat(dose.from()).isEqualTo("archive");
        assertThat(dose.to()).endsWith("/project").startsWith("/");
        assertThat(dose.query().texts()).containsExactly("Modality=SR", "SeriesDescription=Dose Record");
        assertThat(dose.edits()).hasSize(1);
        assertThat(dose.parallel()).isEqualTo(8);
        assertThat(dose.follow()).isTrue();
        assertThat(dose.poll()).hasSeconds(5);
    }

    @Test
    void replicationsNamingNothingOrTwiceOrWithBadKeysAreReportedWithTheirLines() {
        ConfigException e = problems("""
                replications:
                  - {name: a, from: pacs, to: ./x}
                  - {name: a, from: ./y, to: local}
                  - {name: b, from: local, to: ./z, query: {NoSuchKeyword: 1}}
                  - {from: ./y, to: ./z}
                """);

        assertThat(e.problems()).extracting(Object::toString).anySatisfy(p -> assertThat(p).startsWith("line 2")
                .contains("'pacs' is no destination under destinations:")).anySatisfy(p -> assertThat(p)
                .startsWith("line 3").contains("'local' is a source only")).anySatisfy(p -> assertThat(p)
                .startsWith("line 3").contains("a second replication named a")).anySatisfy(p -> assertThat(p)
                .startsWith("line 4").contains("'NoSuchKeyword' is not a keyword")).anySatisfy(p -> assertThat(p)
                .startsWith("line 5").contains("name"));
    }

    @Test
    void aReplicationFetchesByGetUnlessItSaysMoveWithTheAeTitleAndPortOfItsListener() throws Exception {
        FerryConfig config = load("""
                destinations:
                  pacs: {dicom: {ae-title: PACS, host: 10.0.0.9, port: 104}}
                replications:
                  - {name: by-get, from: pacs, to: ./a}
                  - {name: by-move, from: pacs, to: ./b, retrieve: move, move-ae-title: FERRYMOVE, move-port: 11113}
                  - name: bound
                    from: pacs
                    to: ./c
                    retrieve: move
                    move-ae-title: FERRYMOVE2
                    move-port: 11114
                    move-bind: 10.0.0.5
                """);

        assertThat(config.replications()).extracting(ReplicationConfig::retrieve).containsExactly(Retrieve.GET,
                new Retrieve.Move("FERRYMOVE", null, 11113),
                new Retrieve.Move("FERRYMOVE2", InetAddress.getByName("10.0.0.5"), 11114));
    }

    @Test
    void aMoveWithoutItsAeTitleOrPortOrFromNoDicomNodeOrOnATakenPortIsReportedWithItsLine() {
        ConfigException e = problems("""
                destinations:
                  pacs: {dicom: {ae-title: PACS, host: 10.0.0.9, port: 104}}
                listeners:
                  - {port: 11112}
                replications:
                  - {name: a, from: pacs, to: ./a, retrieve: move, move-port: 11113}
                  - {name: b, from: ./in, to: ./b, retrieve: move, move-ae-title: M, move-port: 11114}
                  - {name: c, from: pacs, to: ./c, retrieve: move, move-ae-title: M, move-port: 11112}
                  - {name: d, from: pacs, to: ./d, retrieve: move, move-ae-title: N, move-port: 11114}
                  - {name: e, from: pacs, to: ./e, move-ae-title: M}
                  - {name: f, from: pacs, to: ./f, retrieve: copy}
                  - {name: g, from: pacs, to: ./g, retrieve: move, move-ae-title: TOO-LONG-AE-TITLE-X, move-port: 0}
                """);

        assertThat(e.problems()).extracting(Object::toString)
                .anySatisfy(p -> assertThat(p).startsWith("line 6").contains("retrieve: move needs move-ae-title and "
                        + "move-port"))
                .anySatisfy(p -> assertThat(p).startsWith("line 7").contains("retrieval by C-MOVE is for a DICOM node"))
                .anySatisfy(p -> assertThat(p).startsWith("line 8").contains("port 11112 is listeners[0]'s"))
                .anySatisfy(p -> assertThat(p).startsWith("line 9").contains("port 11114 is the move destination of "
                        + "replication b already"))
                .anySatisfy(p -> assertThat(p).startsWith("line 10").contains("move-ae-title").contains("is for "
                        + "retrieve: move"))
                .anySatisfy(p -> assertThat(p).startsWith("line 11").contains("expected get or move, found 'copy'"))
                .anySatisfy(p -> assertThat(p).startsWith("line 12").contains("is not an AE title"))
                .anySatisfy(p -> assertThat(p).startsWith("line 12").contains("must be between 1 and 65535"));
    }
}
