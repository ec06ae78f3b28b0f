package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.Peers;
import ferry.core.testing.Storescp;
import ferry.core.testing.ToolRun;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry start}, {@code status}, {@code reload} and {@code stop} as real processes through the launcher. */
class DaemonCommandsTest {
    private static final Path PYDICOM_TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @TempDir
    Path dir;

    Path config;

    record Run(int exitCode, String output) {
    }

    Run ferry(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "cmd", ".log");
        Process process = FerryProcess.builder(dir, args).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("ferry " + String.join(" ", args) + " finished").isTrue();
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopIfRunning() throws Exception {
        if (config != null) {
            ferry("stop", "--config", config.toString());
        }
        // a Ferry of this test that stop did not find (a failed test) is terminated by its pid
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path pidFile : files.filter(file -> file.endsWith("ferry.pid")).toList()) {
                String pid = Files.readString(pidFile).trim();
                if (pid.matches("\\d+")) {
                    // the pid file is this test's; the pid is still a JVM's (its command line, with a long class
                    // path, may be cut short by the JDK, so the folder is not looked for in it)
                    ProcessHandle.of(Long.parseLong(pid)).filter(process -> process.info().command()
                            .map(command -> command.endsWith("/java")).orElse(false)).ifPresent(process -> {
                                process.destroy();
                                process.onExit().join();
                            });
                }
            }
        }
    }

    static long stored(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void startTwiceStatusReloadAndStopWhileASendRuns() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        config = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data"));
        String yaml = "data-directory: data\nhttp: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n";
        Files.writeString(config, yaml);

        Run first = ferry("start", "--config", config.toString());
        Run second = ferry("start", "--config", config.toString());
        Run status = ferry("status", "--config", config.toString());

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("Ferry started (pid ");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("already runs");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("running, pid").contains("port " + port).contains("free disk");
        assertThat(Files.readString(dir.resolve("data/ferry.pid")).trim()).matches("\\d+");

        Files.writeString(config, yaml.replace("name: all", "name: everything"));
        Run reload = ferry("reload", "--config", config.toString());
        assertThat(reload.exitCode()).as(reload.output()).isZero();
        assertThat(reload.output()).contains("reloaded");

        new TestStudy("DAEMON", "2.25.8000", 1, 300, 128 * 1024).write(dir.resolve("out"));
        Path senderLog = dir.resolve("storescu.log");
        ProcessBuilder sender = new ProcessBuilder(Dcmtk.storescu("SCANNER", "FERRY", port, dir.resolve("out")))
                .redirectErrorStream(true).redirectOutput(senderLog.toFile());
        sender.environment().put("TCP_NODELAY", "1");
        Process storescu = sender.start();
        Await.until("the send under way", () -> stored(dir.resolve("store")) >= 20);

        Run stop = ferry("stop", "--config", config.toString());

        assertThat(stop.exitCode()).as(stop.output()).isZero();
        assertThat(storescu.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(storescu.exitValue()).as(Files.readString(senderLog)).isZero();
        assertThat(stored(dir.resolve("store"))).as("the running association finished before Ferry stopped")
                .isEqualTo(300);
        Run after = ferry("status", "--config", config.toString());
        assertThat(after.exitCode()).isEqualTo(3);
        assertThat(after.output()).contains("not running");
        assertThat(dir.resolve("data/ferry.pid")).doesNotExist();
        config = null;
    }

    /** A configuration storing everything into {@code store}, with its data in {@code data}, on a free port. */
    static String storingConfig(String data) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "data-directory: " + data + "\nhttp: off\nlisteners:\n  - port: " + socket.getLocalPort() + "\n"
                    + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n";
        }
    }

    /** Writes {@code yaml} as {@link #config}, whose data directory is {@code data}, starts Ferry; its pid. */
    long startDaemon(String yaml) throws IOException, InterruptedException {
        config = dir.resolve("ferry.yaml");
        Files.writeString(config, yaml);
        Files.createDirectories(dir.resolve("data"));
        Run start = ferry("start", "--config", config.toString());
        assertThat(start.exitCode()).as(start.output()).isZero();
        return Long.parseLong(Files.readString(dir.resolve("data/ferry.pid")).trim());
    }

    @Test
    void statusReloadStartAndStopFindTheDaemonAfterItsDataDirectoryWasEdited() throws Exception {
        String yaml = storingConfig("data");
        long pid = startDaemon(yaml);

        Files.writeString(config, yaml.replace("data-directory: data", "data-directory: moved"));
        Run status = ferry("status", "--config", config.toString());
        Run reload = ferry("reload", "--config", config.toString());
        Run statusAfterReload = ferry("status", "--config", config.toString());
        Run start = ferry("start", "--config", config.toString());

        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("running, pid " + pid).contains("data directory: " + dir.resolve("data"))
                .contains("now names data directory " + dir.resolve("moved"));
        assertThat(reload.exitCode()).as(reload.output()).isZero();
        assertThat(reload.output()).contains("reloaded").contains("data-directory stays " + dir.resolve("data")
                + " (the file now says " + dir.resolve("moved") + "): it cannot change while Ferry runs");
        assertThat(statusAfterReload.output()).contains("data directory: " + dir.resolve("data"));
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output()).contains("already runs (pid " + pid);

        Run stop = ferry("stop", "--config", config.toString());

        assertThat(stop.exitCode()).as(stop.output()).isZero();
        assertThat(stop.output()).contains("stopping Ferry (pid " + pid + ")").contains("stopped");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(dir.resolve("data/ferry.pid")).doesNotExist();
        assertThat(dir.resolve("moved")).doesNotExist();
        Run after = ferry("status", "--config", config.toString());
        assertThat(after.exitCode()).isEqualTo(3);
        assertThat(after.output()).contains("not running (data directory " + dir.resolve("moved") + ")");
        config = null;
    }

    @Test
    void aRunningFerryThatCannotBeAskedIsNeverReportedAsNotRunning() throws Exception {
        long pid = startDaemon(storingConfig("data"));
        Files.delete(dir.resolve("data/control"));

        Run status = ferry("status", "--config", config.toString());
        Run reload = ferry("reload", "--config", config.toString());
        Run stop = ferry("stop", "--config", config.toString());

        assertThat(status.exitCode()).as(status.output()).isEqualTo(4);
        assertThat(status.output()).contains("Ferry runs on data directory " + dir.resolve("data") + " (pid "
                + pid + ") but cannot be reached").doesNotContain("not running");
        assertThat(reload.exitCode()).as(reload.output()).isEqualTo(1);
        assertThat(reload.output()).contains("cannot be reached");
        assertThat(stop.exitCode()).as(stop.output()).isEqualTo(1);
        assertThat(stop.output()).contains("cannot be reached").contains("kill -TERM " + pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        // the pid file leads stopIfRunning to it
    }

    @Test
    void aReloadOfABrokenFileIsRefusedAndLoggedByTheRunningFerryWhichStillAnswers() throws Exception {
        String yaml = storingConfig("data");
        startDaemon(yaml);
        Files.writeString(config, yaml + "  - name: broken\n    stor: {folder: x}\n");

        Run reload = ferry("reload", "--config", config.toString());
        Run status = ferry("status", "--config", config.toString());

        assertThat(reload.exitCode()).as(reload.output()).isEqualTo(1);
        assertThat(reload.output()).contains("reload refused, the running configuration stays")
                .contains("line 10, routes[1].stor: unknown setting 'stor'");
        assertThat(Files.readString(dir.resolve("data/ferry.log"), StandardCharsets.UTF_8))
                .contains("reload refused").contains("routes[1].stor: unknown setting 'stor'");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("running, pid");
    }

    @Test
    void aDaemonStartedFromAShellThatIgnoresHangUpsStillReloadsOnSighup() throws Exception {
        Peers.requireExecutable("nohup", "coreutils");
        Peers.requireExecutable("kill", "a POSIX system");
        config = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data"));
        String yaml = "data-directory: data\nhttp: off\nlisteners: []\nroutes:\n  - name: all\n    default: true\n"
                + "    store: {folder: store}\n";
        Files.writeString(config, yaml);
        Path log = dir.resolve("start.log");
        ProcessBuilder start = FerryProcess.builder(dir, "start", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        start.command().add(0, "nohup"); // as from cron or `nohup ./ferry start`: SIGHUP ignored, and inherited
        Process started = start.start();
        assertThat(started.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(started.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();
        String pid = Files.readString(dir.resolve("data/ferry.pid")).trim();
        Files.writeString(config, yaml.replace("name: all", "name: everything"));

        ToolRun hup = ToolRun.run("kill", "-HUP", pid);

        assertThat(hup.exitCode()).as(hup.describe()).isZero();
        Path daemonLog = dir.resolve("data/ferry.log");
        Await.until("the daemon logging the reload", () -> Files.readString(daemonLog, StandardCharsets.UTF_8)
                .contains("reloaded " + config));
        assertThat(Files.readString(daemonLog, StandardCharsets.UTF_8)).doesNotContain("SIGHUP is ignored");
    }

    @Test
    void queueListsFailedJobsByIdRetriesSeveralOnceTheDestinationIsFixedAndRefusesWhatItDoesNotKnow()
            throws Exception {
        try (Storescp storescp = Storescp.start(dir, "+xi")) { // implicit VR only: no context for compressed objects
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            config = dir.resolve("ferry.yaml");
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(config, "data-directory: data\nhttp: off\nlisteners:\n  - port: " + port + "\n"
                    + "queue: {retry-first: 100ms, retry-longest: 500ms}\n"
                    + "destinations:\n  scp: {dicom: {ae-title: SCP, host: 127.0.0.1, port: " + storescp.port()
                    + ", max-parallel: 1}}\nroutes:\n  - name: relay\n    forward: [scp]\n");
            Run start = ferry("start", "--config", config.toString());
            assertThat(start.exitCode()).as(start.output()).isZero();
            TestStudy.of("Q1", "2.25.8100", 3).write(dir.resolve("mr"));
            ToolRun mr = Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("mr"));
            assertThat(mr.exitCode()).as(mr.describe()).isZero();
            Map<String, DataSet> compressed = new HashMap<>();
            for (List<String> file : List.of(List.of("SC_rgb_jpeg_dcmtk.dcm", "-xy"), List.of("JPEG2000.dcm", "-xw"))) {
                Path folder = Files.createDirectories(dir.resolve("compressed" + file.get(1)));
                Path copy = Files.copy(Peers.requireFile(PYDICOM_TEST_FILES.resolve(file.get(0)),
                        "apt-get install python3-pydicom"), folder.resolve(file.get(0)));
                DataSet sent = DicomReader.read(copy, ReadOptions.IN_MEMORY).dataSet();
                compressed.put(sent.getString(Tags.SOPInstanceUID), sent);
                ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, folder, file.get(1));
                assertThat(run.exitCode()).as(run.describe()).isZero();
            }
            Await.until("two failed jobs listed, none pending", () -> {
                String queue = queueOutput();
                return failedJobIds(queue).size() == 2 && queue.matches("(?s).*scp\\s+0\\s+0\\s+2\\s.*");
            });
            List<String> ids = failedJobIds(queueOutput());

            Run unknownJob = ferry("queue", "--config", config.toString(), "retry", ids.get(0), "999999");
            Run unknownDestination = ferry("queue", "--config", config.toString(), "retry", "pcas");
            Run notFailed = ferry("queue", "--config", config.toString(), "purge", "scp", "1");

            assertThat(unknownJob.exitCode()).as(unknownJob.output()).isEqualTo(1);
            assertThat(unknownJob.output()).contains("ferry queue retry: no job 999999; nothing was changed");
            assertThat(unknownDestination.exitCode()).as(unknownDestination.output()).isEqualTo(1);
            assertThat(unknownDestination.output()).contains("no destination named 'pcas' (the destinations: scp)");
            assertThat(notFailed.exitCode()).as(notFailed.output()).isEqualTo(1);
            assertThat(notFailed.output()).contains("job 1 is done (delivered or purged): only failed jobs are purged");
            assertThat(failedJobIds(queueOutput())).as("nothing changed").isEqualTo(ids);

            storescp.stop();
            storescp.restartWith("+xa"); // the destination fixed: it takes compressed objects as they are
            Run retry = ferry("queue", "--config", config.toString(), "retry", "scp", ids.get(0), ids.get(1));

            assertThat(retry.exitCode()).as(retry.output()).isZero();
            assertThat(retry.output()).contains("2 failed job(s) queued again");
            Await.until("the two objects at storescp", () -> stored(storescp.out()) == 5);
            Map<String, DataSet> arrived = new HashMap<>();
            try (Stream<Path> files = Files.list(storescp.out())) {
                for (Path file : files.toList()) {
                    DataSet dataSet = DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
                    arrived.put(dataSet.getString(Tags.SOPInstanceUID), dataSet);
                }
            }
            compressed.forEach((sop, sent) -> assertThat(arrived.get(sop)).as(sop).isEqualTo(sent));
            Run queue = ferry("queue", "--config", config.toString());
            assertThat(queue.output()).containsPattern("scp\\s+0\\s+0\\s+0");
        }
    }

    /** What {@code ferry queue} prints. */
    private String queueOutput() throws IOException, InterruptedException {
        Run queue = ferry("queue", "--config", config.toString());
        assertThat(queue.exitCode()).as(queue.output()).isZero();
        return queue.output();
    }

    /** The ids of the failed jobs in {@code ferry queue}'s output. */
    private static List<String> failedJobIds(String queue) {
        Matcher job = Pattern.compile("(?m)^  (\\d+) +failed ").matcher(queue);
        List<String> ids = new ArrayList<>();
        while (job.find()) {
            ids.add(job.group(1));
        }
        return ids;
    }

    @Test
    void checkListsEveryProblemWithItsLine() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "durabilty: power\nlisteners:\n  - port: 70000\n    ae-titles: [THIS_AE_TITLE_IS_TOO_LONG]\n"
                + "routes:\n  - name: r\n    store: {folder: x, collision: sometimes}\n");

        Run check = ferry("check", "--config", bad.toString());

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.output()).contains("line 1, durabilty: unknown setting 'durabilty' (did you mean 'durability'?)")
                .contains("line 3, listeners[0].port: must be between 1 and 65535")
                .contains("line 4, listeners[0].ae-titles[0]")
                .contains("line 7, routes[0].store.collision");
    }

    @Test
    void checkSummarisesAValidConfiguration() throws Exception {
        Path good = dir.resolve("good.yaml");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(good, "http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: research\n    when: {called: FERRY}\n    store: {folder: " + dir.resolve("research")
                + "}\n");

        Run check = ferry("check", "--config", good.toString());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("listener: port " + port).contains("route research")
                .contains("store into " + dir.resolve("research")).endsWith(good + ": valid\n");
    }

    @Test
    void checkListsNotificationsAndFailsWhenTheSmtpPasswordVariableIsNotSet() throws Exception {
        Path file = dir.resolve("notify.yaml");
        Files.writeString(file, "smtp: {host: mail.example.org, user: ferry, password-variable: FERRY_TEST_UNSET_PW}\n"
                + "routes:\n  - name: research\n    store: /data/research\n"
                + "    completion: {quiet-period: 16s, expected-objects: 300}\n"
                + "    notify:\n      - email: [pi@example.org]\n"
                + "      - webhook: {url: 'https://lab.example.org/hook', on: series}\n");

        Run check = ferry("check", "--config", file.toString());

        assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
        assertThat(check.output()).contains("a study is complete after 16 s quiet, or at 300 objects")
                .contains("notify (series): ").contains("lab.example.org")
                .contains("environment variable FERRY_TEST_UNSET_PW is not set (needed by route research, notify email)")
                .contains("Ferry would not start").doesNotContain("valid");
    }

    @Test
    void statusOfAFerryThatDoesNotRunSaysSoWithExitCode3() throws Exception {
        Run status = ferry("status", "--config", writeMinimal().toString());

        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.output()).contains("not running");
    }

    Path writeMinimal() throws IOException {
        Path file = dir.resolve("minimal.yaml");
        Files.writeString(file, "data-directory: data\n");
        return file;
    }

    @Test
    void aDaemonLogsToTheConfiguredFileFindsItsConfigurationInFerryConfigAndAppliesNewLogSettingsOnReload()
            throws Exception {
        config = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data"));
        String yaml = "data-directory: data\nlog: {file: logs/ferry.log}\nhttp: off\nlisteners: []\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n";
        Files.writeString(config, yaml);
        Path log = dir.resolve("logs/ferry.log");

        Run start = ferry("start", "--config", config.toString());
        ProcessBuilder status = FerryProcess.builder(dir, "status").redirectErrorStream(true);
        status.environment().put("FERRY_CONFIG", config.toString());
        Process statusProcess = status.start();
        String statusOutput = new String(statusProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output()).contains("log: " + log);
        assertThat(statusProcess.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(statusProcess.exitValue()).as(statusOutput).isZero();
        assertThat(statusOutput).as("status without --config, through FERRY_CONFIG").contains("running, pid");
        Await.until("the daemon's log lines in " + log, () -> Files.exists(log)
                && Files.readString(log, StandardCharsets.UTF_8).contains("INFO"));
        assertThat(dir.resolve("data/ferry.log")).as("no log in the data directory when log.file names one")
                .doesNotExist();

        Files.writeString(config, yaml.replace("{file: logs/ferry.log}", "{file: logs/ferry.log, json: true}"));
        Run reload = ferry("reload", "--config", config.toString());

        assertThat(reload.exitCode()).as(reload.output()).isZero();
        String last = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("reloaded")).reduce((a, b) -> b).orElseThrow();
        assertThat(last).as("the reload's own line, written after the new settings took effect")
                .startsWith("{").contains("\"level\":\"INFO\"");
    }

    @Test
    void statusAndStopOfAFerryThatDoesNotAnswerEndWithTheirCodesAndStopNamesThePid() throws Exception {
        Peers.requireExecutable("kill", "a POSIX system");
        Files.createDirectories(dir.resolve("data"));
        config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nhttp: off\nlisteners: []\n");
        Run started = ferry("start", "--config", config.toString());
        assertThat(started.exitCode()).as(started.output()).isZero();
        String pid = Files.readString(dir.resolve("data/ferry.pid")).trim();
        ToolRun.run("kill", "-STOP", pid);
        try {
            Run status = ferry("status", "--config", config.toString());
            Run stop = ferry("stop", "--wait", "5", "--config", config.toString());

            assertThat(status.exitCode()).as(status.output()).isEqualTo(ControlCommands.STATUS_UNKNOWN);
            assertThat(status.output()).contains("does not answer");
            assertThat(stop.exitCode()).as(stop.output()).isEqualTo(1);
            assertThat(stop.output()).contains("has not stopped within 5 s").contains("kill -TERM " + pid);
        } finally {
            ToolRun.run("kill", "-CONT", pid);
        }
        Run stop = ferry("stop", "--config", config.toString());
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        config = null;
    }

    @Test
    void aStartAfterAKillNamesTheNewFerryNotTheKilledOne() throws Exception {
        Peers.requireExecutable("kill", "a POSIX system");
        Files.createDirectories(dir.resolve("data"));
        config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nhttp: off\nlisteners: []\n");
        Run first = ferry("start", "--config", config.toString());
        assertThat(first.exitCode()).as(first.output()).isZero();
        String killed = Files.readString(dir.resolve("data/ferry.pid")).trim();
        ToolRun.run("kill", "-9", killed);
        Await.until("the killed Ferry gone", () -> ProcessHandle.of(Long.parseLong(killed))
                .map(process -> !process.isAlive()).orElse(true));

        Run second = ferry("start", "--config", config.toString());

        assertThat(second.exitCode()).as(second.output()).isZero();
        String now = Files.readString(dir.resolve("data/ferry.pid")).trim();
        assertThat(now).isNotEqualTo(killed);
        assertThat(second.output()).contains("Ferry started (pid " + now + ")").doesNotContain(killed);
    }
}
