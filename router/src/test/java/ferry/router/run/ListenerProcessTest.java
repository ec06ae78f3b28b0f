package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.Peers;
import ferry.core.testing.TestPki;
import ferry.core.testing.ToolRun;
import ferry.router.testing.FerryProcess;
import ferry.core.testing.FreePorts;
import ferry.router.testing.TestStudy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./ferry run} as a process of its own, the way systemd runs it: a listener that takes DICOM over TLS only
 * (PS3.15 Annex B) from dcmtk's storescu, and SIGHUP applying an edited configuration file while Ferry runs.
 */
class ListenerProcessTest {
    @TempDir
    Path dir;
    private Process ferry;

    @AfterEach
    void stop() throws InterruptedException {
        if (ferry != null) {
            ferry.destroy();
            ferry.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(Path config, String passwordVariableValue) throws Exception {
        return start(config, passwordVariableValue, false);
    }

    /** {@code hangUpsIgnored}: started by {@code nohup}, as from a shell that ignores SIGHUP. */
    private Process start(Path config, String passwordVariableValue, boolean hangUpsIgnored) throws Exception {
        ProcessBuilder builder = FerryProcess.builder(dir, "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("ferry.log").toFile());
        if (hangUpsIgnored) {
            builder.command().add(0, "nohup");
        }
        if (passwordVariableValue != null) {
            builder.environment().put("FERRY_TLS_PASSWORD", passwordVariableValue);
        }
        Process process = builder.start();
        Await.until("ferry run saying it runs", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("ferry run exited with " + process.exitValue() + ": " + log());
            }
            return log().contains("ferry: running");
        });
        return process;
    }

    private String log() throws java.io.IOException {
        Path log = dir.resolve("ferry.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static ToolRun storescu(int port, List<String> options, Path folder) throws Exception {
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "SCANNER", "-aec", "FERRY"));
        command.addAll(options);
        command.addAll(List.of("+sd", "127.0.0.1", String.valueOf(port), folder.toString()));
        return ToolRun.run(command.toArray(String[]::new));
    }

    @Test
    void aTlsListenerStoresWhatStorescuSendsOverTlsAndRefusesPlainTcpAndCallersWithoutACertificate()
            throws Exception {
        Peers.requireExecutable("storescu", "apt-get install dcmtk");
        TestPki pki = TestPki.shared();
        int port = FreePorts.next();
        Files.createDirectories(dir.resolve("data")); // a data directory the file names must exist
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nhttp: off\nlisteners:\n"
                + "  - port: " + port + "\n    tls: {key-store: " + pki.keyStore("server") + ", trust-store: "
                + pki.trustStore() + "}\nroutes:\n  - name: all\n    store: {folder: store}\n");
        ferry = start(config, new String(TestPki.PASSWORD));
        TestStudy.of("T1", "2.25.81000", 5).write(dir.resolve("out"));
        TestStudy.of("T2", "2.25.82000", 3).write(dir.resolve("plain"));

        ToolRun overTls = storescu(port, List.of("+tls", pki.keyPem("client").toString(),
                pki.certificatePem("client").toString(), "-pw", "+cf", pki.caPem().toString()), dir.resolve("out"));
        ToolRun plain = storescu(port, List.of(), dir.resolve("plain"));
        ToolRun anonymous = storescu(port, List.of("+tla", "+cf", pki.caPem().toString()), dir.resolve("plain"));

        assertThat(overTls.exitCode()).as(overTls.describe()).isZero();
        assertThat(plain.exitCode()).as("plain TCP to a TLS listener: " + plain.describe()).isNotZero();
        assertThat(anonymous.exitCode()).as("TLS without a client certificate: " + anonymous.describe())
                .isNotZero();
        // objects are placed after their responses
        Await.until("5 objects placed", () -> RouterEndToEndTest.files(dir.resolve("store")).size() >= 5);
        Map<String, DataSet> stored = new HashMap<>();
        for (Path file : RouterEndToEndTest.files(dir.resolve("store"))) {
            DataSet copy = RouterEndToEndTest.read(file);
            stored.put(copy.getString(Tags.SOPInstanceUID), copy);
        }
        assertThat(stored).hasSize(5);
        for (Path file : RouterEndToEndTest.files(dir.resolve("out"))) {
            DataSet sent = RouterEndToEndTest.read(file);
            assertThat(stored.get(sent.getString(Tags.SOPInstanceUID))).isEqualTo(sent);
        }
    }

    @ParameterizedTest(name = "started with hang-ups ignored: {0}")
    @ValueSource(booleans = {false, true})
    void sighupAppliesTheEditedRoutesWithoutAStopEvenWhenStartedUnderNohup(boolean hangUpsIgnored) throws Exception {
        Peers.requireExecutable("storescu", "apt-get install dcmtk");
        Peers.requireExecutable("kill", "a POSIX system");
        Peers.requireExecutable("nohup", "coreutils");
        int port = FreePorts.next();
        Path config = dir.resolve("ferry.yaml");
        String listener = "data-directory: data\nhttp: off\nlisteners:\n  - port: " + port + "\n";
        Files.createDirectories(dir.resolve("data")); // a data directory the file names must exist
        Files.writeString(config, listener + "routes:\n  - name: before\n    store: {folder: before}\n");
        ferry = start(config, null, hangUpsIgnored);
        TestStudy.of("H1", "2.25.83000", 2).write(dir.resolve("first"));
        TestStudy.of("H2", "2.25.84000", 2).write(dir.resolve("second"));

        ToolRun first = storescu(port, List.of(), dir.resolve("first"));
        Await.until("the first study placed", () -> RouterEndToEndTest.files(dir.resolve("before")).size() >= 2);
        Files.writeString(config, listener + "routes:\n  - name: after\n    store: {folder: after}\n");
        ToolRun hup = ToolRun.run("kill", "-HUP", String.valueOf(ferry.pid()));
        try {
            Await.until("Ferry logging the reload", () -> log().contains("reloaded " + config));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (kill: " + hup.describe() + "); its log:\n" + log(), e);
        }
        ToolRun second = storescu(port, List.of(), dir.resolve("second"));

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(hup.exitCode()).as(hup.describe()).isZero();
        assertThat(second.exitCode()).as(second.describe()).isZero();
        // objects are placed after their responses
        Await.until("the second study placed", () -> RouterEndToEndTest.files(dir.resolve("after")).size() >= 2);
        assertThat(RouterEndToEndTest.files(dir.resolve("before"))).hasSize(2)
                .allMatch(p -> p.toString().contains("H1"));
        assertThat(RouterEndToEndTest.files(dir.resolve("after"))).hasSize(2)
                .allMatch(p -> p.toString().contains("H2"));
        assertThat(ferry.isAlive()).as("the same process, never stopped").isTrue();
    }
}
