package ferry.router.cli;

import ferry.router.backup.BackupArchive;
import ferry.router.backup.BackupRestore;
import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.database.Database;
import ferry.router.database.SqlDialect;
import ferry.router.journal.Journal;
import ferry.router.run.FerryVersion;
import ferry.router.run.InstanceState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry backup} and {@code ferry restore} (docs/operations.md, "Backup and restore"). */
final class BackupCommands {
    private BackupCommands() {
    }

    /** What a command does with the loaded configuration; returns the exit code. */
    private interface Action {
        int run(FerryConfig config, PrintWriter out, PrintWriter err) throws IOException;
    }

    /** Loads the configuration and runs {@code action}; a failure is one line on stderr and exit code 1. */
    private static int run(String name, ConfigOption config, CommandSpec spec, Action action) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return action.run(config.load(), spec.commandLine().getOut(), err);
        } catch (ConfigException | IOException e) {
            err.println("ferry " + name + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * Whether the database is PostgreSQL, where {@code ferry backup} and {@code ferry restore} (copies of the embedded
     * SQLite file) do not apply: then says on {@code err} what to do instead (docs/operations.md, "Backup and
     * restore").
     */
    private static boolean onPostgresql(String name, FerryConfig config, PrintWriter err) {
        Database database = config.journalDatabase();
        if (database.dialect() != SqlDialect.POSTGRESQL) {
            return false;
        }
        err.println("ferry " + name + ": the database is PostgreSQL (" + database.location() + "): ferry backup and"
                + " ferry restore copy the embedded SQLite file only. Back PostgreSQL up with its own tools"
                + " (pg_dump -Fc, restored with pg_restore, or the site's PostgreSQL backup), and each node's"
                + " configuration file and the spool and store folders of its data directory ("
                + config.dataDirectory() + ") with the site's file backup");
        return true;
    }

    /** {@code ferry backup FILE}: a consistent copy of the journal and the configuration, also while Ferry runs. */
    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Write a backup of the journal and the configuration to FILE, also while Ferry runs.",
                "FILE (a zip) holds the journal (objects, actions, forwarding queue, study state, notifications)",
                "and the configuration file; spool and store folders are not in it. FILE must not exist; on",
                "failure nothing is left under its name."})
    static final class Backup implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "FILE", description = "The backup file to write, e.g. ferry-2026-12-06.zip.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return run("backup", config, spec, (loaded, out, err) -> {
                if (onPostgresql("backup", loaded, err)) {
                    return 1;
                }
                // the journal Ferry really uses: the data directory it recorded, when the file names another now
                InstanceState state = ControlCommands.find(config, err, "backup");
                if (state == null) {
                    return 1;
                }
                Path journal = state.dataDirectory().resolve(loaded.journalFile().getFileName());
                BackupArchive.Written written = BackupArchive.write(journal, config.file(), file,
                        FerryVersion.version());
                out.println("ferry backup: " + written.file() + " (" + written.bytes() + " bytes, journal schema "
                        + written.schemaVersion() + ")");
                return 0;
            });
        }
    }

    /** {@code ferry restore FILE}: the backup's journal back into the data directory of a stopped Ferry. */
    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Put the journal of a backup made by 'ferry backup' back into the data directory.",
                "Ferry must be stopped. The journal files there are kept, renamed *.before-restore-TIME.",
                "The configuration in the backup is not written anywhere: compare it with yours."})
    static final class Restore implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "FILE", description = "A backup written by 'ferry backup'.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return run("restore", config, spec, (loaded, out, err) -> {
                if (onPostgresql("restore", loaded, err)) {
                    return 1;
                }
                InstanceState state = ControlCommands.find(config, err, "restore");
                if (state == null) {
                    return 1;
                }
                if (!(state instanceof InstanceState.NotRunning)) {
                    err.println("ferry restore: Ferry is running on " + state.dataDirectory() + "; stop it first");
                    return 1;
                }
                BackupRestore.Restored restored = BackupRestore.restore(file, loaded.journalFile(),
                        Journal.schemaVersion());
                out.println("ferry restore: " + restored.database() + " restored from " + file + " (journal schema "
                        + restored.schemaVersion() + ")");
                restored.keptAside().forEach(kept -> out.println("  kept the previous file as " + kept));
                return 0;
            });
        }
    }
}
