package ferry.router.cli;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.Replication;
import ferry.router.replicate.ReplicationConfig;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.ReplicationReport;
import ferry.router.replicate.Replicator;
import ferry.router.replicate.Retrieve;
import ferry.router.replicate.SourceInstance;
import ferry.router.replicate.service.Endpoints;
import ferry.router.run.FerryService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry replicate}: copies what a destination lacks from a source, once or following it (docs/replication.md).
 * Exit codes: 0 when everything selected is at the destination, 1 when some instances failed (listed), 2 for a usage
 * error, 3 when the source cannot be used, 4 when the destination cannot be used.
 */
@Command(name = "replicate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy what a destination lacks from a source: an Orthanc, a DICOM node, a folder, or Ferry's "
            + "own store (local). The destination is asked what it holds first; what it has is counted, not copied, "
            + "so a second run copies nothing. Progress is kept in Ferry's database: a run stopped (even by kill -9) "
            + "goes on where it stopped.",
            "SOURCE and DEST: a name under destinations:, local (source only), a folder (a path with a /), or an "
                + "Orthanc URL http://[USER@]host:8042 (password in " + Endpoints.FROM_PASSWORD + " / "
                + Endpoints.TO_PASSWORD + ").",
            "Exit code 0 when all is there, 1 when some instances failed, 2 for a usage error, 3 when the source "
                + "cannot be used, 4 when the destination cannot be used. --follow runs until SIGTERM or Ctrl-C, then "
                + "prints what it did while following and exits as a run does."})
public final class ReplicateCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "NAME",
            description = "A replication under replications: to run once (or follow, with --follow).")
    String name;

    @Option(names = "--from", paramLabel = "SOURCE", description = "Where to copy from.")
    String from;

    @Option(names = "--to", paramLabel = "DEST", description = "Where to copy to.")
    String to;

    @Option(names = "--query", paramLabel = "KEY=VALUE", arity = "1..*", description = {"Copy only the instances "
        + "matching these keys, as C-FIND matches them (Modality=SR, \"SeriesDescription=Dose Record\", "
        + "StudyDate=20240101-20241231); keys of any level."})
    List<String> query = new ArrayList<>();

    @Option(names = "--follow", description = "After the pass, copy what the source gets from then on (Orthanc: its "
            + "changes feed; a DICOM node: C-FIND over a moving date window), until stopped.")
    boolean follow;

    @Option(names = "--dry-run", description = "List what would be copied; copy and record nothing.")
    boolean dryRun;

    @Option(names = "--parallel", paramLabel = "N", description = "Copies at once (default: the replication's "
            + "parallel:, else " + ReplicationConfig.DEFAULT_PARALLEL + ").")
    Integer parallel;

    @Option(names = "--move-to", paramLabel = "AET@PORT", description = {"Fetch from a DICOM source by C-MOVE to a "
        + "listener Ferry opens on PORT for the run, answering to AET, which the node must know as a move destination "
        + "with this machine's address and PORT (default: C-GET, or the replication's retrieve:)."})
    String moveTo;

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (parallel != null && (parallel < 1 || parallel > 64)) {
            throw new BadValue(spec.commandLine(), "--parallel must be 1 to 64, not " + parallel);
        }
        if (follow && dryRun) {
            throw new BadValue(spec.commandLine(), "--dry-run lists once; it cannot --follow");
        }
        FerryConfig loaded;
        try {
            loaded = config.load();
            IndexCommand.bringUpToDate(FerryService.dataDirectory(loaded), loaded.journalDatabase());
        } catch (IOException | ConfigException e) {
            err.println("ferry replicate: " + e.getMessage());
            return 1;
        }
        ReplicationConfig settings = settings(loaded);
        Endpoints endpoints = new Endpoints(loaded.destinations(), loaded.journalDatabase(), System::getenv);
        boolean terminal = System.console() != null;
        Replication replication;
        try {
            replication = Replication.open(settings, endpoints, loaded.replicationWorkDirectory(),
                    loaded.queueOf(settings.to()), loaded.durability().policy(), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new BadValue(spec.commandLine(), e.getMessage());
        } catch (IllegalStateException | IOException e) {
            err.println("ferry replicate: " + e.getMessage());
            return 1;
        }
        Replicator replicator = replication.replicator();
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            replicator.stop();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ferry-replicate-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        if (follow) {
            Signals.onStop(replicator::stop); // following ends on request: the summary, and exit 0 or 1
        }
        ScheduledExecutorService bar = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-replicate-progress");
            thread.setDaemon(true);
            return thread;
        });
        if (terminal) {
            bar.scheduleAtFixedRate(() -> printBar(err, replicator.report()), 500, 500, TimeUnit.MILLISECONDS);
        }
        Replicator.Progress progress = new Replicator.Progress() {
            @Override
            public void failed(SourceInstance instance, String reason) {
                printLine(err, terminal, "ferry replicate: " + (instance == null ? "" : "failed "
                        + instance.sopInstanceUid() + ": ") + reason);
            }

            @Override
            public void wouldCopy(SourceInstance instance) {
                synchronized (err) {
                    out.println("would copy " + instance.sopInstanceUid() + " (study " + instance.studyInstanceUid()
                            + ", " + instance.locator().replace("\n", ", ") + ")");
                }
            }

            @Override
            public void note(String message) {
                printLine(err, terminal, "ferry replicate: " + message);
            }
        };
        try (replication) {
            out.println("ferry replicate: " + replication.describe() + (settings.query().isAll() ? ""
                    : " (" + String.join(" ", settings.query().texts()) + ")"));
            out.flush();
            ReplicationReport report;
            if (follow) {
                replicator.follow(settings.query(), settings.poll(), settings.relist(), () -> true, progress);
                report = replicator.report();
            } else {
                report = replicator.pass(settings.query(), dryRun, progress);
            }
            bar.shutdownNow();
            clearBar(err, terminal);
            out.println("ferry replicate: " + report.summary(dryRun));
            out.flush();
            return report.failed() == 0 ? 0 : 1;
        } catch (EndpointException e) {
            bar.shutdownNow();
            clearBar(err, terminal);
            err.println("ferry replicate: " + e.getMessage());
            return e.side().exitCode();
        } catch (IOException e) {
            bar.shutdownNow();
            clearBar(err, terminal);
            err.println("ferry replicate: " + e.getMessage() + " (run it again to go on)");
            return 1;
        } finally {
            bar.shutdownNow();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now and waits for this run, which has finished
            }
        }
    }

    /** The replication to run: the named entry of replications:, or one of --from, --to and --query. */
    private ReplicationConfig settings(FerryConfig loaded) {
        ReplicationConfig settings;
        if (name != null) {
            if (from != null || to != null || !query.isEmpty()) {
                throw new BadValue(spec.commandLine(), "a replication's NAME or --from/--to/--query, not both");
            }
            settings = loaded.replications().stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new BadValue(spec.commandLine(), "no replication named " + name
                            + " under replications:" + (loaded.replications().isEmpty() ? ""
                            : " (" + String.join(", ", loaded.replications().stream().map(ReplicationConfig::name)
                            .toList()) + ")")));
        } else {
            if (from == null || to == null) {
                throw new BadValue(spec.commandLine(), "give --from SOURCE and --to DEST, or the NAME of a "
                        + "replication under replications:");
            }
            ReplicationQuery selected = ReplicationQuery.ALL;
            if (!query.isEmpty()) {
                selected = new ReplicationQuery(withoutLevel(new QueryKeys(spec.commandLine(), false)
                        .identifier("IMAGE", query, List.of())));
            }
            String recordName = Endpoints.shown(from) + " → " + Endpoints.shown(to)
                    + (selected.isAll() ? "" : " " + String.join(" ", selected.texts()));
            settings = new ReplicationConfig(recordName, from, to, selected, List.of(),
                    ReplicationConfig.DEFAULT_PARALLEL, false, ReplicationConfig.DEFAULT_POLL,
                    ReplicationConfig.DEFAULT_RELIST, Retrieve.GET);
        }
        if (parallel != null) {
            settings = settings.withParallel(parallel);
        }
        if (moveTo != null) {
            try {
                settings = settings.withRetrieve(Retrieve.Move.parse(moveTo));
            } catch (IllegalArgumentException e) {
                throw new BadValue(spec.commandLine(), e.getMessage());
            }
        }
        return settings;
    }

    private static DataSet withoutLevel(DataSet identifier) {
        identifier.remove(Tags.QueryRetrieveLevel);
        return identifier;
    }

    private static void printBar(PrintWriter err, ReplicationReport report) {
        double seconds = Math.max(0.001, report.elapsed().toMillis() / 1000.0);
        double perSecond = report.handled() / seconds;
        long left = report.listed() - report.handled();
        String eta = perSecond > 0 && left > 0 ? ", ETA " + Math.round(left / perSecond) + "s" : "";
        synchronized (err) {
            err.printf(Locale.ROOT, "\r%,d listed: %,d present, %,d copied (%,.1f MB), %,d failed, %.1f MB/s%s   ",
                    report.listed(), report.present(), report.copied(), report.bytes() / 1e6, report.failed(),
                    report.bytes() / 1e6 / seconds, eta);
            err.flush();
        }
    }

    private static void clearBar(PrintWriter err, boolean terminal) {
        if (terminal) {
            synchronized (err) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }

    private static void printLine(PrintWriter err, boolean terminal, String line) {
        synchronized (err) {
            err.println((terminal ? "\r\033[K" : "") + line);
            err.flush();
        }
    }
}
