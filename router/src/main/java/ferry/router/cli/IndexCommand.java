package ferry.router.cli;

import ferry.router.database.Database;
import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.index.FileIndexer;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.run.FerryService;
import ferry.router.run.InstanceLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
 * {@code ferry index PATH...}: adds folders of DICOM files to the index (docs/index.md), beside a running Ferry or
 * without one; a progress line on a terminal, bad files reported one per line, a summary at the end.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Add existing DICOM files (e.g. years of storescp output) to Ferry's index, so that",
            "ferry find --local finds them. Folders are read recursively, by a few threads. A file already indexed",
            "with the same size and modification time is skipped, so a stopped run goes on where it stopped.",
            "Other files (not DICOM, DICOMDIR) are counted; DICOM files that cannot be read or lack the UIDs of",
            "the study, series and instance are reported and counted.",
            "Works while Ferry runs. Exit code 0, or 1 when some DICOM file could not be indexed."})
public final class IndexCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to index.")
    List<Path> paths;

    @Option(names = "--threads", defaultValue = "4", paramLabel = "N",
            description = "Threads reading files (default: ${DEFAULT-VALUE}).")
    int threads;

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threads < 1 || threads > 64) {
            throw new BadValue(spec.commandLine(), "--threads must be 1 to 64, not " + threads);
        }
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new BadValue(spec.commandLine(), path + " does not exist");
            }
        }
        Database journal;
        try {
            FerryConfig loaded = config.load();
            journal = loaded.journalDatabase();
            bringUpToDate(FerryService.dataDirectory(loaded), journal);
        } catch (IOException | ConfigException e) {
            err.println("ferry index: " + e.getMessage());
            return 1;
        }
        FileIndexer indexer = new FileIndexer(journal, threads);
        boolean terminal = System.console() != null;
        long start = System.nanoTime();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-index-progress");
            thread.setDaemon(true);
            return thread;
        });
        if (terminal) {
            progress.scheduleAtFixedRate(() -> {
                synchronized (err) {
                    err.print("\r" + line(indexer.counts(), start) + "   ");
                    err.flush();
                }
            }, 500, 500, TimeUnit.MILLISECONDS);
        }
        FileIndexer.Counts counts;
        try {
            counts = indexer.run(paths, problem -> {
                synchronized (err) {
                    err.println((terminal ? "\r" : "") + "ferry index: " + problem);
                }
            });
        } catch (IOException e) {
            progress.shutdownNow();
            err.println((terminal ? "\n" : "") + "ferry index: " + e.getMessage() + " (what was indexed before stays;"
                    + " run it again to go on)");
            return 1;
        } finally {
            progress.shutdownNow();
            progress.awaitTermination(1, TimeUnit.SECONDS);
        }
        if (terminal) {
            err.print("\r");
            err.flush();
        }
        out.println("ferry index: " + line(counts, start) + ", into " + journal);
        out.flush();
        return counts.bad() == 0 ? 0 : 1;
    }

    /**
     * A journal that does not exist yet, or of an older schema, is made or migrated here, as Ferry does at a start;
     * unless a Ferry runs on it, which did so already.
     */
    static void bringUpToDate(Path dataDirectory, Database journal) throws IOException {
        if (InstanceLock.held(dataDirectory)) {
            return;
        }
        try (InstanceLock lock = InstanceLock.acquire(dataDirectory)) {
            Journal.open(journal, Durability.PROCESS).close();
        }
    }

    private static String line(FileIndexer.Counts counts, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "%d file%s indexed, %d skipped (indexed before), %d bad, %d other (not DICOM, DICOMDIR),"
                + " in %.1f s (%.0f files/s)", counts.indexed(), counts.indexed() == 1 ? "" : "s", counts.skipped(),
                counts.bad(), counts.other(), seconds, seconds > 0 ? counts.total() / seconds : 0);
    }
}
