package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Await;
import ferry.core.testing.Storescp;
import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.FerryProcess;
import ferry.core.testing.FreePorts;
import ferry.router.testing.SentObjects;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kill -9 of Ferry in the middle of a send, then a restart, at both durability levels, for routes that store, forward
 * to dcmtk's storescp, or both: every object storescu saw acknowledged is then in the store folder and at storescp,
 * once, with the bytes that were sent (read back, not only named), every record is finished, and nothing
 * half-written is visible in the store folder.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    private Process ferry;
    private Storescp storescp;

    @AfterEach
    void stop() {
        if (ferry != null) {
            ferry.destroyForcibly();
        }
        if (storescp != null) {
            storescp.close();
        }
    }

    static Stream<Arguments> routesAndLevels() {
        return Stream.of(RouteActions.STORE, RouteActions.FORWARD, RouteActions.STORE_AND_FORWARD)
                .flatMap(actions -> Stream.of(Durability.values()).map(level -> Arguments.of(actions, level)));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("routesAndLevels")
    void everyAcknowledgedObjectSurvivesAKillDuringASendAndIsThereOnceWithItsBytes(RouteActions actions,
                                                                                  Durability durability)
            throws Exception {
        if (actions.pacs) {
            storescp = Storescp.start(dir);
        }
        int port = FreePorts.next();
        Path config = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data")); // a data directory the file names must exist
        Files.writeString(config, "data-directory: data\ndurability: " + durability.name().toLowerCase(Locale.ROOT)
                + "\nhttp: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "queue: {retry-first: 100ms, retry-longest: 500ms}\n" + actions.yaml(storescp));
        // many more objects than arrive before the kill, so that a loaded machine, slow to notice the 150th stored
        // file, still kills in the middle of the send
        TestStudy study = new TestStudy("CRASH", "2.25.7000", 2, 1000, 8192);
        SentObjects sent = SentObjects.of(study.write(dir.resolve("out")));
        Path store = dir.resolve("store");
        Path watched = actions.store ? store : storescp.out();

        ferry = FerryProcess.run(dir, dir.resolve("ferry.log"), "--config", config.toString());
        Path senderLog = dir.resolve("storescu.log");
        ProcessBuilder sender = new ProcessBuilder(Dcmtk.storescu("SCANNER", "FERRY", port, dir.resolve("out"), "-v"))
                .redirectErrorStream(true).redirectOutput(senderLog.toFile());
        sender.environment().put("TCP_NODELAY", "1");
        Process storescu = sender.start();
        Await.until("150 objects in " + watched, () -> RouterEndToEndTest.files(watched).size() >= 150);
        ferry.destroyForcibly(); // SIGKILL, while objects arrive and are placed and forwarded
        assertThat(ferry.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(storescu.waitFor(120, TimeUnit.SECONDS)).isTrue();

        List<String> acknowledged = new ArrayList<>();
        for (Path file : acknowledged(Files.readAllLines(senderLog, StandardCharsets.UTF_8))) {
            acknowledged.add(SentObjects.sopInstanceUid(file));
        }
        assertThat(acknowledged).as("the kill came in the middle of the send").hasSizeGreaterThan(100)
                .hasSizeLessThan(study.size());
        assertThat(RouterEndToEndTest.files(store)).map(file -> file.getFileName().toString())
                .as("only complete objects are visible in the store folder")
                .allMatch(name -> name.endsWith(".dcm") && !name.startsWith("."));

        FerryConfig loaded = ConfigLoader.load(config);
        try (FerryService restarted = FerryService.start(withPort(loaded, 0))) {
            try {
                Await.until("every action and job carried out after the restart",
                        () -> RouterEndToEndTest.spooledObjects(loaded.spoolDirectory()).isEmpty());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + whereItStands(restarted, loaded), e);
            }
        }
        actions.checkEveryPlaceHolds(sent, acknowledged, dir, storescp);
        try (Journal journal = Journal.open(loaded.journalFile(), loaded.durability())) {
            assertThat(journal.counts().objects()).isGreaterThanOrEqualTo(acknowledged.size());
            assertThat(journal.unfinished()).isEmpty();
        }
    }

    /**
     * What a restart that does not finish leaves to look at: the queue, the spool, storescp's and the killed
     * process's logs, and the threads of this JVM (the restarted service runs in it).
     */
    private String whereItStands(FerryService restarted, FerryConfig loaded) throws IOException {
        StringBuilder text = new StringBuilder("queue:\n").append(restarted.queueReport());
        text.append("spool: ").append(RouterEndToEndTest.spooledObjects(loaded.spoolDirectory())).append('\n');
        if (storescp != null) {
            text.append("storescp's log:\n").append(tail(storescp.logText())).append('\n');
        }
        text.append("the killed Ferry's log:\n")
                .append(tail(Files.readString(dir.resolve("ferry.log"), StandardCharsets.UTF_8))).append('\n');
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            boolean idle = List.of(thread.getStackTrace()).stream()
                    .anyMatch(frame -> frame.getMethodName().equals("getTask"));
            if (!idle && (thread.getThreadName().startsWith("ferry") || thread.getThreadName().startsWith("dicom"))) {
                text.append(thread.getThreadName()).append(' ').append(thread.getThreadState());
                for (StackTraceElement frame : List.of(thread.getStackTrace()).subList(0,
                        Math.min(12, thread.getStackTrace().length))) {
                    text.append("\n    at ").append(frame);
                }
                text.append('\n');
            }
        }
        return text.toString();
    }

    private static String tail(String log) {
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }

    /** The files storescu -v reports a Success response for ("Sending file: F" … "Received Store Response (Success)"). */
    static List<Path> acknowledged(List<String> log) {
        List<Path> files = new ArrayList<>();
        Path current = null;
        for (String line : log) {
            if (line.contains("Sending file: ")) {
                current = Path.of(line.substring(line.indexOf("Sending file: ") + "Sending file: ".length()).trim());
            } else if (line.contains("Received Store Response (Success)") && current != null) {
                files.add(current);
                current = null;
            }
        }
        return files;
    }

    static FerryConfig withPort(FerryConfig config, int port) {
        var listener = config.listeners().get(0);
        return new FerryConfig(config.source(), config.dataDirectory(), config.durability(), config.minimumFreeDisk(),
                List.of(new ferry.router.config.ListenerConfig(listener.bindAddress(), port, listener.aeTitles(),
                        listener.allowedCallers(), listener.maxAssociations(), listener.limits(), listener.tls(), listener.queryRetrieve())),
                config.routes(), config.smtp(), config.notificationRetry(), config.queue(), config.destinations(),
                config.destinationQueues(), config.log(), config.retention(), config.index(), config.replications(),
                config.metrics(), config.http(), config.users());
    }
}
