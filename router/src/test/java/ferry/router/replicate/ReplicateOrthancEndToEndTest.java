package ferry.router.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.router.config.ConfigLoader;
import ferry.router.replicate.service.Endpoints;
import ferry.router.run.FerryService;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.FerryRun;
import ferry.core.testing.FreePorts;
import ferry.router.testing.OrthancServer;
import ferry.router.testing.TcpRelay;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry replicate} between two real Orthanc servers (Debian's package, loopback): everything copied byte for
 * byte and a second run copies nothing; a query selects the dose-report series; {@code ferry run} follows the
 * source's changes; a {@code kill -9} in the middle of 1,000 instances, then a run again, leaves each instance once
 * at the destination; a destination that goes down in the middle is waited for by the queue's rules; a
 * de-identified copy is found again by its new UIDs; wrong credentials and an unreachable end exit 3 and 4 naming
 * which, and no password is ever printed.
 */
class ReplicateOrthancEndToEndTest {
    private static final String DOSE_REPORT = "1.2.840.10008.5.1.4.1.1.88.67";
    private static final Pattern SUMMARY = Pattern.compile("(\\d[\\d,]*) present, (\\d[\\d,]*) copied, (\\d+) failed");

    @TempDir
    Path dir;
    private OrthancServer source;
    private OrthancServer target;
    private TcpRelay relay;
    private Path config;

    @BeforeEach
    void twoOrthancs() throws Exception {
        source = OrthancServer.start(Files.createDirectories(dir.resolve("source")));
        target = OrthancServer.start(Files.createDirectories(dir.resolve("target")));
        relay = TcpRelay.start(target.httpPort());
        Files.createDirectories(dir.resolve("data"));
        config = dir.resolve("ferry.yaml");
        writeConfig("");
    }

    @AfterEach
    void stop() throws IOException {
        for (AutoCloseable peer : new AutoCloseable[] {relay, target, source}) {
            if (peer != null) {
                try {
                    peer.close();
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }

    private void writeConfig(String more) throws IOException {
        Files.writeString(config, """
                data-directory: %s
                queue: {retry-first: 300ms, retry-longest: 1s, breaker-after: 3}
                destinations:
                  source: {orthanc: "http://127.0.0.1:%d"}
                  target: {orthanc: "http://127.0.0.1:%d"}
                """.formatted(dir.resolve("data"), source.httpPort(), relay.port()) + more);
    }

    private FerryRun replicate(String... args) {
        return FerryRun.of(Stream.concat(Stream.of("replicate", "-c", config.toString()), Arrays.stream(args))
                .toArray(String[]::new));
    }

    /** Present, copied and failed of a run's summary line. */
    private static long[] summary(String out) {
        Matcher line = SUMMARY.matcher(out);
        assertThat(line.find()).as(out).isTrue();
        return new long[] {Long.parseLong(line.group(1).replace(",", "")),
            Long.parseLong(line.group(2).replace(",", "")), Long.parseLong(line.group(3))};
    }

    private void assertTargetHoldsTheSourcesBytes(Set<String> uids) throws Exception {
        assertThat(new HashSet<>(target.sopInstanceUids())).isEqualTo(uids);
        for (String uid : uids) {
            assertThat(target.fileOf(uid)).as(uid).isEqualTo(source.fileOf(uid));
        }
    }

    private Set<String> upload(TestStudy study) throws Exception {
        Path folder = dir.resolve("files-" + study.studyUid());
        study.write(folder);
        source.uploadAll(folder);
        Set<String> uids = new HashSet<>();
        for (int s = 1; s <= study.series(); s++) {
            for (int i = 1; i <= study.perSeries(); i++) {
                uids.add(study.studyUid() + "." + s + "." + i);
            }
        }
        return uids;
    }

    @Test
    void everythingIsCopiedByteForByteAndASecondRunCopiesOnlyWhatIsNew() throws Exception {
        Set<String> uids = upload(new TestStudy("PID-1", "2.25.9101", 2, 25, 4096));

        FerryRun first = replicate("--from", "source", "--to", "target");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(summary(first.out())).containsExactly(0, 50, 0);
        assertTargetHoldsTheSourcesBytes(uids);

        FerryRun second = replicate("--from", "source", "--to", "target");
        assertThat(summary(second.out())).containsExactly(50, 0, 0);

        uids.addAll(upload(new TestStudy("PID-2", "2.25.9102", 1, 5, 4096)));
        FerryRun third = replicate("--from", "source", "--to", "target");
        assertThat(summary(third.out())).containsExactly(50, 5, 0);
        assertTargetHoldsTheSourcesBytes(uids);
    }

    @Test
    void aQueryCopiesOnlyTheDoseReportSeries() throws Exception {
        upload(new TestStudy("PID-1", "2.25.9201", 1, 20, 2048));
        Path reports = dir.resolve("reports");
        Files.createDirectories(reports);
        TestStudy study = new TestStudy("PID-1", "2.25.9201", 2, 3, 16);
        Set<String> dose = new HashSet<>();
        for (int i = 1; i <= 3; i++) {
            DataSet report = study.object(2, i);
            report.setString(Tags.SOPClassUID, Vr.UI, DOSE_REPORT);
            report.setString(Tags.Modality, Vr.CS, "SR");
            report.setString(Tags.SeriesDescription, Vr.LO, "Dose Record");
            report.remove(Tags.PixelData);
            DicomWriter.writeFile(reports.resolve("dose" + i + ".dcm"), new DataSet(), report,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            dose.add(report.getString(Tags.SOPInstanceUID));
        }
        source.uploadAll(reports);

        FerryRun run = replicate("--from", "source", "--to", "target", "--query", "Modality=SR");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(summary(run.out())).containsExactly(0, 3, 0);
        assertTargetHoldsTheSourcesBytes(dose);

        FerryRun byDescription = replicate("--from", "source", "--to", "target", "--query",
                "SeriesDescription=Dose*");
        assertThat(summary(byDescription.out())).as("another record; the target asked").containsExactly(3, 0, 0);
    }

    @Test
    void aRunningFerryFollowsTheSourcesChangesAndShowsItInStatus() throws Exception {
        Set<String> uids = upload(new TestStudy("PID-1", "2.25.9301", 1, 10, 2048));
        writeConfig("""
                http: off
                listeners: [{port: %d}]
                replications:
                  - {name: mirror, from: source, to: target, poll: 200ms}
                """.formatted(FreePorts.next()));
        try (FerryService ferry = FerryService.start(ConfigLoader.load(config))) {
            Await.until("the first 10 at the target", () -> target.sopInstanceUids().size() == 10);
            uids.addAll(upload(new TestStudy("PID-2", "2.25.9302", 1, 5, 2048)));
            Await.until("the 5 added since at the target", () -> target.sopInstanceUids().size() == 15);
            assertTargetHoldsTheSourcesBytes(uids);
            assertThat(ferry.status()).contains("replications:", "mirror", "following");
        }
    }

    @Test
    void followingFromTheCommandLineCopiesWhatArrivesUntilStoppedBySigterm() throws Exception {
        Set<String> uids = upload(new TestStudy("PID-1", "2.25.9351", 1, 6, 2048));
        Path log = dir.resolve("follow.log");
        Process following = FerryProcess.builder(dir, "replicate", "-c", config.toString(), "--from", "source",
                "--to", "target", "--follow").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Await.until("the first 6 at the target", () -> target.sopInstanceUids().size() == 6);
            uids.addAll(upload(new TestStudy("PID-2", "2.25.9352", 1, 4, 2048)));
            Await.until("the 4 added since at the target", () -> target.sopInstanceUids().size() == 10);
        } finally {
            following.destroy(); // SIGTERM
        }
        assertThat(following.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(following.exitValue()).as(out).isZero();
        assertThat(out).contains("ferry replicate: ").contains("4 copied, 0 failed");
        assertTargetHoldsTheSourcesBytes(uids);
    }

    @Test
    void aKillInTheMiddleThenARunAgainLeavesEachInstanceOnceAtTheTarget() throws Exception {
        Set<String> uids = upload(new TestStudy("PID-1", "2.25.9401", 4, 250, 65536));
        try (TcpRelay slow = TcpRelay.throttled(target.httpPort(), 4_000_000)) {
            writeConfig("");
            Files.writeString(config, Files.readString(config).replace(":" + relay.port() + "\"",
                    ":" + slow.port() + "\""));
            Path log = dir.resolve("killed.log");
            Process killed = FerryProcess.builder(dir, "replicate", "-c", config.toString(), "--from", "source",
                    "--to", "target", "--parallel", "2").redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            Await.until("100 instances at the target", () -> target.sopInstanceUids().size() >= 100);
            killed.destroyForcibly();
            assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(killed.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            int atKill = target.sopInstanceUids().size();
            assertThat(atKill).as("the kill came in the middle").isLessThan(1000);

            writeConfig("");
            FerryRun again = replicate("--from", "source", "--to", "target", "--parallel", "4");
            assertThat(again.exitCode()).as(again.err()).isZero();
            long[] counts = summary(again.out());
            assertThat(counts[0] + counts[1]).isEqualTo(1000);
            assertThat(counts[0]).as("what the killed run copied is not copied again").isGreaterThanOrEqualTo(atKill);
        }
        assertThat(target.get("/statistics")).contains("\"CountInstances\" : 1000");
        assertTargetHoldsTheSourcesBytes(uids);
    }

    @Test
    void aTargetThatGoesDownInTheMiddleIsWaitedForByTheQueuesRules() throws Exception {
        Set<String> uids = upload(new TestStudy("PID-1", "2.25.9501", 2, 100, 16384));
        try (TcpRelay slow = TcpRelay.throttled(target.httpPort(), 600_000)) {
            Files.writeString(config, Files.readString(config).replace(":" + relay.port() + "\"",
                    ":" + slow.port() + "\""));
            CompletableFuture<FerryRun> run = CompletableFuture.supplyAsync(() -> replicate("--from", "source",
                    "--to", "target", "--parallel", "2"));
            Await.until("20 instances at the target", () -> target.sopInstanceUids().size() >= 20);
            slow.cut();
            int atCut = target.sopInstanceUids().size();
            assertThat(atCut).as("cut in the middle").isLessThan(200);
            Thread.sleep(3000);
            assertThat(run).as("the run waits while the target is down").isNotDone();
            slow.restore();
            FerryRun done = run.get(120, TimeUnit.SECONDS);
            assertThat(done.exitCode()).as(done.out() + done.err()).isZero();
            assertThat(summary(done.out())[2]).isZero();
        }
        assertTargetHoldsTheSourcesBytes(uids);
    }

    @Test
    void aDeidentifiedCopyIsFoundAgainByItsNewUids() throws Exception {
        Set<String> originals = upload(new TestStudy("PID-1", "2.25.9601", 1, 12, 2048));
        String entry = """
                  - name: %s
                    from: source
                    to: target
                    modify: [{deidentify: {secret-variable: FERRY_DEID_SECRET}}]
                """;
        writeConfig("replications:\n" + entry.formatted("project") + entry.formatted("project-again"));

        assertThat(summary(replicateProcess(Map.of("FERRY_DEID_SECRET", "project secret"), 0, "project")))
                .containsExactly(0, 12, 0);
        List<String> copies = target.sopInstanceUids();
        assertThat(copies).hasSize(12).doesNotContainAnyElementsOf(originals);
        for (String copy : copies) {
            String tags = new String(target.getBytes("/instances/" + target.instanceId(copy) + "/simplified-tags"),
                    StandardCharsets.UTF_8);
            assertThat(tags).doesNotContain("Test^Patient", "PID-1", "2.25.9601");
        }
        assertThat(summary(replicateProcess(Map.of("FERRY_DEID_SECRET", "project secret"), 0, "project-again")))
                .as("a new record: the target asked by the new UIDs").containsExactly(12, 0, 0);
    }

    @Test
    void wrongCredentialsAndUnreachableEndsExitNamingWhichAndNoPasswordIsEverPrinted() throws Exception {
        try (OrthancServer guarded = OrthancServer.start(Files.createDirectories(dir.resolve("guarded")),
                OrthancServer.Options.DEFAULT.withUser("ferry", "right-password"))) {
            Path folder = dir.resolve("one");
            new TestStudy("PID-1", "2.25.9701", 1, 3, 16).write(folder);
            guarded.uploadAll(folder);
            String url = "http://ferry@127.0.0.1:" + guarded.httpPort();

            String wrong = replicateProcess(Map.of(Endpoints.FROM_PASSWORD, "wrong-password"), 3, "--from", url,
                    "--to", "target");
            assertThat(wrong).contains("127.0.0.1:" + guarded.httpPort(), "401").doesNotContain("wrong-password");

            String dry = replicateProcess(Map.of(Endpoints.FROM_PASSWORD, "right-password"), 0, "--from", url,
                    "--to", "target", "--dry-run");
            assertThat(dry).contains("0 present, 3 to copy").doesNotContain("right-password");

            String unreachable = replicateProcess(Map.of(Endpoints.FROM_PASSWORD, "right-password"), 4, "--from",
                    url, "--to", "http://127.0.0.1:1");
            assertThat(unreachable).contains("127.0.0.1:1").doesNotContain("right-password");
        }
        Path data = dir.resolve("data");
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain("right-password", "wrong-password");
            }
        }
    }

    /** Runs {@code ferry replicate ARGS} as a process with {@code environment}; its output, its exit code checked. */
    private String replicateProcess(Map<String, String> environment, int exitCode, String... args)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("replicate", "-c", config.toString()));
        all.addAll(List.of(args));
        ProcessBuilder builder = FerryProcess.builder(dir, all.toArray(String[]::new));
        builder.environment().putAll(environment);
        Path log = dir.resolve("replicate-" + System.nanoTime() + ".log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isEqualTo(exitCode);
        return out;
    }
}
