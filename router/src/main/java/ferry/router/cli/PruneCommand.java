package ferry.router.cli;

import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.database.Database;
import ferry.router.database.SqlDialect;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalCompaction;
import ferry.router.retention.Housekeeping;
import ferry.router.retention.PruneReport;
import ferry.router.run.ControlChannel;
import ferry.router.run.InstanceState;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry prune}: housekeeping now (docs/operations.md, "Retention"): by the running Ferry when there is one,
 * else on the journal directly. {@code --vacuum} rewrites a stopped Ferry's SQLite journal (refused on PostgreSQL).
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Delete now what retention: and the stores' keep: no longer keep; never unfinished work.",
            "That is finished journal records, delivered forward jobs, sent notifications, reported studies and",
            "aged-out store files. Asks the running Ferry, or works on the journal when none runs."})
public final class PruneCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--dry-run", description = "Only count what would be deleted.")
    boolean dryRun;

    @Option(names = "--vacuum", description = {"Then rewrite the journal so that it gives back all free space and",
        "can do so by itself from then on (journals of Ferry before 0.1). Ferry must be stopped."})
    boolean vacuum;

    /** A prune of millions of records beside receiving takes minutes; the answer comes when it is done. */
    private static final Duration PRUNE_TIMEOUT = Duration.ofHours(1);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (vacuum && !refuseOnPostgresql(err)) {
            return 1;
        }
        InstanceState state = ControlCommands.find(config, err, "prune");
        if (state == null) {
            return 1;
        }
        if (state instanceof InstanceState.Unreachable silent) {
            err.println("ferry prune: " + ControlCommands.unreachable(silent));
            return 1;
        }
        if (state instanceof InstanceState.Answering running) {
            if (vacuum) {
                err.println("ferry prune: --vacuum rewrites the whole journal and needs Ferry stopped (pid "
                        + running.address().pid() + "); without it, the running Ferry gives free space back itself");
                return 1;
            }
            try {
                String answer = ControlChannel.send(running.address(), dryRun ? "prune dry-run" : "prune",
                        PRUNE_TIMEOUT);
                out.print("ferry prune: " + answer);
                return answer.startsWith("failed") ? 1 : 0;
            } catch (IOException e) {
                err.println("ferry prune: Ferry runs but does not answer: " + e.getMessage());
                return 1;
            }
        }
        try {
            FerryConfig loaded = config.load();
            PruneReport report;
            try (Journal journal = Journal.open(loaded.journalDatabase(), loaded.durability());
                 Housekeeping housekeeping = new Housekeeping(journal, Housekeeping.Pace.FULL_SPEED, loaded::retention, loaded::agingStores,
                         Clock.systemUTC())) {
                report = housekeeping.runNow(dryRun);
            }
            out.println("ferry prune: " + report.describe());
            if (vacuum && !dryRun) {
                long freed = JournalCompaction.rewrite(loaded.journalFile());
                out.println("ferry prune: the journal was rewritten and gave back " + freed + " bytes");
            }
            return 0;
        } catch (ConfigException | IOException e) {
            err.println("ferry prune: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Whether {@code --vacuum} may go on: it rewrites the embedded SQLite file; on PostgreSQL it is refused, with
     * what does that there, and false is returned (also when the configuration cannot be read, said on
     * {@code err}).
     */
    private boolean refuseOnPostgresql(PrintWriter err) {
        try {
            Database database = config.load().journalDatabase();
            if (database.dialect() == SqlDialect.POSTGRESQL) {
                err.println("ferry prune: --vacuum rewrites the embedded SQLite file; the database is PostgreSQL ("
                        + database.location() + "), whose autovacuum makes the space of deleted rows reusable by"
                        + " itself: run ferry prune without --vacuum (VACUUM FULL, run by the database's"
                        + " administrator, would give the space back to the disk)");
                return false;
            }
            return true;
        } catch (ConfigException | IOException e) {
            err.println("ferry prune: " + e.getMessage());
            return false;
        }
    }
}
