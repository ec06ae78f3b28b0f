package ferry.router.cli;

import ferry.router.database.SqliteDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.journal.ReceivedRecord;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.FerryRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry backup} and {@code ferry restore} as an administrator runs them, through the launcher. */
class BackupCommandsTest {
    @TempDir
    Path dir;

    @Test
    void aBackupToAFullDiskFailsWithTheReasonAndLeavesNothingUnderItsName() throws Exception {
        Path unshare = Peers.requireExecutable("unshare", "apt-get install util-linux");
        Path config = configWithJournal(20_000); // a journal of several MB
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        ProcessBuilder backup = FerryProcess.builder(dir, "backup", "--config", config.toString(),
                mount.resolve("ferry.zip").toString());
        List<String> command = new ArrayList<>(List.of(unshare.toString(), "--map-root-user", "--mount", "sh", "-c",
                "mount -t tmpfs -o size=256k tmpfs \"$0\" || exit 99; \"$@\"; code=$?; echo \"left: $(ls -A \"$0\")\";"
                        + " exit $code", mount.toString()));
        command.addAll(backup.command());
        backup.command(command).redirectErrorStream(true);

        Process process = backup.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        Peers.require(process.exitValue() != 99, "a small file system for the test (unshare --map-root-user "
                + "--mount with tmpfs; needs user namespaces or root)");
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("ferry backup: ").contains("disk is full");
        assertThat(output).as("nothing left on the full disk, partial or whole").contains("left: \n")
                .endsWith("left: \n");
    }

    @Test
    void backupAndRestoreAreRefusedOnPostgresqlNamingItsToolsAndTheFoldersToCopy() throws Exception {
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nhttp: off\nlisteners: []\n"
                + "database: {url: postgresql://127.0.0.1:9/ferry, user: ferry, tls: disable}\n");
        Files.createDirectories(dir.resolve("data"));

        for (String command : List.of("backup", "restore")) {
            FerryRun refused = FerryRun.of(command, "--config", config.toString(), dir.resolve("ferry.zip").toString());

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("ferry " + command + ": the database is PostgreSQL"
                    + " (postgresql://127.0.0.1:9/ferry): ferry backup and ferry restore copy the embedded SQLite file"
                    + " only. Back PostgreSQL up with its own tools (pg_dump -Fc").contains("spool and store folders")
                    .contains(dir.resolve("data").toString());
        }
        assertThat(dir.resolve("ferry.zip")).doesNotExist();
    }

    @Test
    void restoreRefusesARunningFerryAndPutsTheBackupsJournalBackOnceItIsStopped() throws Exception {
        Path config = configWithJournal(5);
        Path backup = dir.resolve("ferry-backup.zip");
        ToolRun made = ferry("backup", "--config", config.toString(), backup.toString());
        assertThat(made.exitCode()).as(made.describe()).isZero();
        assertThat(made.out(StandardCharsets.UTF_8)).contains("ferry backup: " + backup);
        try (Journal journal = Journal.open(dir.resolve("data/ferry.db"), Durability.PROCESS)) {
            for (int n = 6; n <= 9; n++) {
                record(journal, n);
            }
        }
        ToolRun started = ferry("start", "--config", config.toString());
        assertThat(started.exitCode()).as(started.describe()).isZero();
        try {
            ToolRun refused = ferry("restore", "--config", config.toString(), backup.toString());

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("Ferry is running on").contains("stop it first");
        } finally {
            ToolRun stopped = ferry("stop", "--config", config.toString());
            assertThat(stopped.exitCode()).as(stopped.describe()).isZero();
        }

        ToolRun restored = ferry("restore", "--config", config.toString(), backup.toString());

        assertThat(restored.exitCode()).as(restored.describe()).isZero();
        assertThat(restored.out(StandardCharsets.UTF_8)).contains("restored from").contains("kept the previous file");
        try (Journal journal = Journal.open(dir.resolve("data/ferry.db"), Durability.PROCESS)) {
            assertThat(journal.counts().objects()).as("the 5 objects of the backup, not the 9 of later").isEqualTo(5);
        }
    }

    @Test
    void aBackupOfARunningFerryCopiesTheJournalItUsesAfterItsDataDirectoryWasEdited() throws Exception {
        Path config = configWithJournal(7);
        ToolRun started = ferry("start", "--config", config.toString());
        assertThat(started.exitCode()).as(started.describe()).isZero();
        try {
            Files.createDirectories(dir.resolve("elsewhere"));
            Files.writeString(config, Files.readString(config).replace("data-directory: data",
                    "data-directory: elsewhere"));
            Path backup = dir.resolve("running.zip");

            ToolRun made = ferry("backup", "--config", config.toString(), backup.toString());

            assertThat(made.exitCode()).as(made.describe()).isZero();
            Path database = dir.resolve("restored.db");
            try (var zip = new java.util.zip.ZipFile(backup.toFile())) {
                Files.copy(zip.getInputStream(zip.getEntry("ferry.db")), database);
            }
            try (Journal journal = Journal.open(database, Durability.PROCESS)) {
                assertThat(journal.counts().objects()).as("the running Ferry's journal, not the edited path's")
                        .isEqualTo(7);
            }
        } finally {
            ferry("stop", "--config", config.toString());
        }
    }

    /** A configuration with its data directory holding a journal of {@code objects} records. */
    private Path configWithJournal(int objects) throws IOException {
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nhttp: off\nlisteners: []\n");
        Files.createDirectories(dir.resolve("data/spool"));
        try (Journal journal = Journal.open(dir.resolve("data/ferry.db"), Durability.PROCESS)) {
            for (int n = 1; n <= objects; n++) {
                record(journal, n);
            }
        }
        return config;
    }

    private static void record(Journal journal, long n) throws IOException {
        journal.recordReceived(new ReceivedRecord(Instant.now(), "SCANNER", "FERRY", "192.0.2.1",
                "1.2.840.10008.5.1.4.1.1.4", "1.2.826.0.1.3680043.10.1." + n, "1.2.826.0.1.3680043.10.2",
                "1.2.826.0.1.3680043.10.3." + n, "1.2.840.10008.1.2.1", 1000,
                ((SqliteDatabase) journal.database()).file().resolveSibling("spool/" + n + ".dcm"), List.of("all"), ReceivedRecord.NO_CHECKSUM));
    }

    /** {@code ./ferry ARGS} from {@code dir}, its output and error output kept apart. */
    private ToolRun ferry(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = FerryProcess.builder(dir, args).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("ferry " + String.join(" ", args) + " finished").isTrue();
        return new ToolRun(List.of(args), process.exitValue(), Files.readAllBytes(out),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
