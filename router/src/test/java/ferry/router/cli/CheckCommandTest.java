package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.router.config.ConfigLoader;
import ferry.router.run.FerryService;
import ferry.core.testing.FreePorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry check}: every problem at once, and "valid" only with exit code 0. */
class CheckCommandTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    Run check(Path config) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = FerryCommand.execute(new String[] {"check", "--config", config.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exitCode, out.toString(), err.toString());
    }

    Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("ferry.yaml"), yaml);
    }


    /** A listener on a free port and a route storing into {@code store} beside the file. */
    static String listenerAndRoute(int port) {
        return "http: off\nlisteners:\n  - port: " + port + "\nroutes:\n  - name: all\n    default: true\n"
                + "    store: {folder: store}\n";
    }

    @Test
    void aMissingConfiguredDataDirectoryIsAProblemForCheckAndRunAlike() throws Exception {
        Path config = config("data-directory: " + dir.resolve("var/ferry") + "\n" + listenerAndRoute(FreePorts.next()));

        Run check = check(config);

        assertThat(check.exitCode()).isEqualTo(1);
        String refusal = "data directory " + dir.resolve("var/ferry") + " does not exist: create it, or correct "
                + "data-directory in " + config + " (Ferry creates only its default one, docs/durability.md)";
        assertThat(check.err()).contains("1 problem: Ferry would not start").contains(refusal);
        assertThat(check.out()).doesNotContain("valid");
        assertThatThrownBy(() -> FerryService.start(ConfigLoader.load(config))).hasMessage(refusal);
        assertThat(dir.resolve("var")).doesNotExist();
    }

    @Test
    void theDefaultDataDirectoryIsMadeAtTheFirstStartSoItsAbsenceIsNoProblem() throws Exception {
        Path config = config(listenerAndRoute(FreePorts.next()));

        Run check = check(config);

        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("data directory: " + dir.resolve("ferry-data") + ", durability process "
                + "(made at the first start)").endsWith(config + ": valid\n");
        assertThat(check.err()).isEmpty();
        FerryService.start(ConfigLoader.load(config)).close();
        assertThat(dir.resolve("ferry-data")).isDirectory();
    }

    @Test
    void unwritableDataAndStoreFoldersAreProblems() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Path config = config("data-directory: data\nhttp: off\nlisteners:\n  - port: " + FreePorts.next() + "\n"
                + "destinations:\n  copy: {folder: {folder: locked/copies}}\n"
                + "routes:\n  - name: mri\n    store: {folder: locked/mri}\n    forward: [copy]\n");
        try (Unwritable lockedData = Unwritable.make(data); Unwritable lockedFolder = Unwritable.make(locked)) {
            Run check = check(config);

            assertThat(check.exitCode()).isEqualTo(1);
            String user = System.getProperty("user.name");
            assertThat(check.err()).contains("3 problems: Ferry would not start")
                    .contains("data directory: " + data + " is not writable for " + user)
                    .contains("destination copy: folder " + locked.resolve("copies") + " cannot be created: " + locked
                            + " is not writable for " + user)
                    .contains("route mri: store folder " + locked.resolve("mri") + " cannot be created: " + locked
                            + " is not writable for " + user);
            assertThat(check.out()).doesNotContain("valid");
        }
    }

    @Test
    void aPortInUseIsAProblemButTheRunningFerrysOwnPortIsNot() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        int taken;
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            taken = other.getLocalPort();
            Path config = config("data-directory: data\n" + listenerAndRoute(taken));

            Run check = check(config);

            assertThat(check.exitCode()).isEqualTo(1);
            assertThat(check.err()).contains("1 problem: Ferry would not start")
                    .contains("listener: port " + taken + " is in use by another program");
        }
        Path config = config("data-directory: data\n" + listenerAndRoute(FreePorts.next()));
        try (FerryService running = FerryService.start(ConfigLoader.load(config))) {
            Run check = check(config);

            assertThat(check.exitCode()).as(check.err()).isZero();
            assertThat(check.out()).contains("Ferry runs with this configuration (pid "
                    + ProcessHandle.current().pid() + "): its port(s) " + running.ports() + " are not tried")
                    .endsWith(config + ": valid\n");
        }
    }

    @Test
    void everyMissingEnvironmentVariableIsListedOnceWithWhatNeedsIt() throws Exception {
        int port = FreePorts.next();
        Path config = config("""
                smtp: {host: mail.example.org, user: ferry, password-variable: FERRY_CHECK_UNSET_SMTP}
                http: off
                listeners:
                  - {port: %d, tls: {key-store: ferry.p12, password-env: FERRY_CHECK_UNSET_TLS}}
                destinations:
                  web: {dicomweb: {url: 'https://pacs.example.org/dicomweb', token-variable: FERRY_CHECK_UNSET_TOKEN}}
                  splunk: {splunk-hec: {url: 'https://splunk.example.org:8088/services/collector/event',
                                        token-env: FERRY_CHECK_UNSET_HEC}}
                routes:
                  - name: research
                    modify: [{deidentify: {secret-variable: FERRY_CHECK_UNSET_DEID}}]
                    store: {folder: store}
                    forward: [web, splunk]
                    notify:
                      - email: [pi@example.org]
                      - webhook: {url: 'https://lab.example.org/hook', secret-variable: FERRY_CHECK_UNSET_HOOK}
                """.formatted(port));

        Run check = check(config);

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.err().lines().filter(line -> line.startsWith("  ")).toList()).containsExactly(
                "  environment variable FERRY_CHECK_UNSET_TLS is not set (needed by the TLS key store of the listener "
                        + "on port " + port + ")",
                "  environment variable FERRY_CHECK_UNSET_TOKEN is not set (needed by destination web)",
                "  environment variable FERRY_CHECK_UNSET_HEC is not set (needed by destination splunk)",
                "  environment variable FERRY_CHECK_UNSET_DEID is not set (needed by route research, store into "
                        + dir.resolve("store") + ")",
                "  environment variable FERRY_CHECK_UNSET_SMTP is not set (needed by route research, notify email)",
                "  environment variable FERRY_CHECK_UNSET_HOOK is not set (needed by route research, notify webhook)");
        assertThat(check.err()).startsWith(config + ": 6 problems: Ferry would not start\n");
        assertThat(check.out()).contains("route research").doesNotContain("valid");
    }

    @Test
    void invalidPortsAreReportedOnceEachWithTheirRange() throws Exception {
        Path config = config("listeners:\n  - port: 70000\n  - port: 0\n");

        Run check = check(config);

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.err()).isEqualTo(config + ": 2 problems\n"
                + "  line 2, listeners[0].port: must be between 1 and 65535, found 70000\n"
                + "  line 3, listeners[1].port: must be between 1 and 65535, found 0\n");
        assertThat(check.out()).isEmpty();
    }

    /**
     * A folder Ferry's user cannot write while it is open: without write permission, or, for root (whom permissions
     * do not stop), immutable ({@code chattr +i}); the test cannot run where neither works.
     */
    record Unwritable(Path folder, boolean immutable) implements AutoCloseable {
        static Unwritable make(Path folder) throws IOException, InterruptedException {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
            if (!Files.isWritable(folder)) {
                return new Unwritable(folder, false);
            }
            boolean immutable = chattr("+i", folder) && !Files.isWritable(folder);
            if (!immutable) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
                Assumptions.abort("cannot make " + folder + " unwritable: running as root, and chattr +i "
                        + "does not work on this file system");
            }
            return new Unwritable(folder, true);
        }

        private static boolean chattr(String change, Path folder) throws IOException, InterruptedException {
            try {
                Process process = new ProcessBuilder("chattr", change, folder.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException noChattr) {
                return false;
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            if (immutable) {
                chattr("-i", folder);
            }
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aReplicationIsSummedUpAndTheSecretItsEditsNeedIsAProblemWhenUnset() throws Exception {
        String variable = "FERRY_TEST_UNSET_DEID_SECRET_" + ProcessHandle.current().pid();
        Path config = config(listenerAndRoute(FreePorts.next()) + """
                replications:
                  - name: project
                    from: ./incoming
                    to: ./archive
                    query: {Modality: SR}
                    modify: [{deidentify: {secret-variable: %s}}]
                """.formatted(variable));

        Run check = check(config);

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).contains("replication project: " + dir.resolve("incoming") + " → "
                + dir.resolve("archive") + " (Modality=SR), 1 tag edit(s), following");
        assertThat(check.err()).contains("replication project", variable);
    }

    @Test
    void aReplicationFetchingByMoveSaysSoAndItsMovePortInUseIsAProblem() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            int taken = other.getLocalPort();
            Path config = config("data-directory: data\n" + listenerAndRoute(FreePorts.next()) + """
                    destinations:
                      pacs: {dicom: {ae-title: PACS, host: 10.0.0.9, port: 104}}
                    replications:
                      - {name: from-pacs, from: pacs, to: ./copies, retrieve: move, move-ae-title: FERRYMOVE, move-port: %d}
                    """.formatted(taken));

            Run check = check(config);

            assertThat(check.exitCode()).isEqualTo(1);
            assertThat(check.out()).contains("replication from-pacs: pacs → " + dir.resolve("copies")
                    + ", following, fetched by C-MOVE to FERRYMOVE at port " + taken);
            assertThat(check.err()).contains("1 problem: Ferry would not start")
                    .contains("replication from-pacs, its move destination FERRYMOVE: port " + taken
                            + " is in use by another program");
        }
    }
}
