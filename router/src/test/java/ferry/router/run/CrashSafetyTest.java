package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.TestStudy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 of Ferry in the middle of a 1,000-object send, then a restart, at both durability levels: every object
 * storescu saw acknowledged is stored once, intact and journaled, and nothing half-written is visible in the
 * destination folder.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void everyAcknowledgedObjectSurvivesAKillDuringASendAndIsStoredOnce(Durability durability) throws Exception {
        int port = RouterEndToEndTest.freePort();
        Path config = dir.resolve("ferry.yaml");
        Files.writeString(config, "data-directory: data\ndurability: " + durability.name().toLowerCase(Locale.ROOT)
                + "\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        TestStudy study = new TestStudy("CRASH", "2.25.7000", 4, 250, 8192);
        study.write(dir.resolve("out"));
        Path store = dir.resolve("store");

        Process ferry = FerryProcess.run(dir, dir.resolve("ferry.log"), "--config", config.toString());
        Path senderLog = dir.resolve("storescu.log");
        ProcessBuilder sender = new ProcessBuilder(Dcmtk.storescu("SCANNER", "FERRY", port, dir.resolve("out"), "-v"))
                .redirectErrorStream(true).redirectOutput(senderLog.toFile());
        sender.environment().put("TCP_NODELAY", "1");
        Process storescu = sender.start();
        Await.until("200 objects stored", () -> RouterEndToEndTest.files(store).size() >= 200);
        ferry.destroyForcibly(); // SIGKILL
        assertThat(ferry.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(storescu.waitFor(120, TimeUnit.SECONDS)).isTrue();

        List<Path> acknowledged = acknowledged(Files.readAllLines(senderLog, StandardCharsets.UTF_8));
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200).hasSizeLessThan(study.size());
        try (Stream<Path> visible = Files.walk(store)) {
            assertThat(visible.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .as("only complete objects are visible in the destination")
                    .allMatch(name -> name.endsWith(".dcm") && !name.startsWith("."));
        }

        FerryConfig loaded = ConfigLoader.load(config);
        try (FerryService restarted = FerryService.start(withPort(loaded, 0))) {
            Await.until("recovery finished",
                    () -> RouterEndToEndTest.spooledObjects(loaded.spoolDirectory()).isEmpty());
        }
        Map<String, Path> stored = new HashMap<>();
        List<Path> storedFiles = RouterEndToEndTest.files(store);
        for (Path file : storedFiles) {
            stored.put(RouterEndToEndTest.read(file).getString(Tags.SOPInstanceUID), file);
        }
        assertThat(stored).as("no object stored twice (a suffixed copy)").hasSameSizeAs(storedFiles);
        for (Path file : acknowledged) {
            DataSet original = RouterEndToEndTest.read(file);
            Path copy = stored.get(original.getString(Tags.SOPInstanceUID));
            assertThat(copy).as("stored copy of acknowledged " + file.getFileName()).isNotNull();
            assertThat(RouterEndToEndTest.read(copy)).isEqualTo(original);
        }
        try (Journal journal = Journal.open(loaded.journalFile(), loaded.durability())) {
            assertThat(journal.counts().objects()).isGreaterThanOrEqualTo(acknowledged.size());
            assertThat(journal.unfinished()).isEmpty();
        }
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
                        listener.allowedCallers(), listener.maxAssociations(), listener.limits(), listener.tls())),
                config.routes(), config.smtp(), config.notificationRetry(), config.queue(), config.destinations(),
                config.destinationQueues());
    }
}
