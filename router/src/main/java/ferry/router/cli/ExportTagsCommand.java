package ferry.router.cli;

import ferry.core.tag.Tags;
import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.export.ExportReport;
import ferry.router.export.IndexExport;
import ferry.router.forward.Destination;
import ferry.router.forward.DestinationConfig;
import ferry.router.forward.Destinations;
import ferry.router.forward.ForwardConfig;
import ferry.router.forward.JsonLinesConfig;
import ferry.router.forward.SplunkHecConfig;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexQueryException;
import ferry.router.index.QueryLevel;
import ferry.router.receive.RouteConfig;
import ferry.router.run.InstanceLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry export-tags --to DEST [--query KEY=VALUE...]}: the tags of the instances the index holds (those the
 * query matches) sent once to a {@code splunk-hec} or {@code json-lines} destination ({@link IndexExport},
 * docs/tag-export.md). Exit 0 when every match is in the destination or cannot be (no stored file), 1 when the
 * destination refused some or failed, or the index cannot be read, 2 for a usage error.
 */
@Command(name = "export-tags", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send the tags of what the index holds to a tag-export destination (splunk-hec or json-lines "
            + "under destinations:), each instance once: a run again sends only what is new, also after a kill.",
            "The instances are read from their stored files; one whose file is gone is reported and counted.",
            "Exit code 0 when all matches are exported (or have no file), 1 when the destination refused some or "
                + "failed (run it again), 2 for a usage error."})
public final class ExportTagsCommand implements Callable<Integer> {
    private static final long PROGRESS_NANOS = 2_000_000_000L;

    @Option(names = "--to", required = true, paramLabel = "DEST",
            description = "The destination, by its name under destinations: (splunk-hec or json-lines).")
    String to;

    @Option(names = "--query", paramLabel = "KEY=VALUE", arity = "1..*", description = {"Export only the instances "
        + "matching these keys, as ferry find --local matches them (PatientID=12345, StudyDate=2024, "
        + "Modality=CT); keys of any level. Without it, every instance of the index."})
    List<String> query = new ArrayList<>();

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IndexQuery indexQuery = indexQuery();
        FerryConfig loaded;
        try {
            loaded = config.load();
        } catch (IOException | ConfigException e) {
            err.println("ferry export-tags: " + e.getMessage());
            return 1;
        }
        DestinationConfig chosen = tagDestination(loaded.destinations());
        Optional<String> conflict = concurrentWriter(loaded, chosen);
        if (conflict.isPresent()) {
            err.println("ferry export-tags: " + conflict.get());
            return 1;
        }
        long start = System.nanoTime();
        ExportReport report;
        try (Destination destination = Destinations.create(to, chosen, System::getenv,
                loaded.durability().policy())) {
            out.println("ferry export-tags: to " + destination.describe());
            out.flush();
            Path record = loaded.dataDirectory().resolve("export-tags")
                    .resolve(URLEncoder.encode(to, StandardCharsets.UTF_8) + ".log");
            report = new IndexExport(loaded.journalDatabase(), destination, Clock.systemUTC())
                    .run(indexQuery, record, loaded.durability().policy().forcesPlacedFiles(), progress(err));
        } catch (IllegalStateException | IOException e) {
            err.println("ferry export-tags: " + e.getMessage());
            return 1;
        }
        out.printf(Locale.ROOT, "ferry export-tags: %s (%.2f s)%n", report.describe(),
                (System.nanoTime() - start) / 1e9);
        out.flush();
        return report.complete() ? 0 : 1;
    }

    /** The query of {@code --query} at the IMAGE level, asking for what an event needs. */
    private IndexQuery indexQuery() {
        try {
            return IndexQuery.of(QueryLevel.IMAGE, new QueryKeys(spec.commandLine(), true).identifier("IMAGE", query,
                    List.of(Tags.SOPInstanceUID, Tags.SOPClassUID, Tags.StudyInstanceUID)));
        } catch (IndexQueryException e) {
            throw new BadValue(spec.commandLine(), "--query: " + e.getMessage());
        }
    }

    /** The configuration of {@code --to}; a usage error when it is no tag-export destination. */
    private DestinationConfig tagDestination(Map<String, DestinationConfig> destinations) {
        String tagOnes = destinations.entrySet().stream()
                .filter(entry -> isTagExport(entry.getValue())).map(Map.Entry::getKey).sorted()
                .collect(Collectors.joining(", "));
        String which = tagOnes.isEmpty() ? "the configuration names none" : "it names " + tagOnes;
        DestinationConfig chosen = destinations.get(to);
        if (chosen == null) {
            throw new BadValue(spec.commandLine(), "--to " + to + ": no destination of that name under "
                    + "destinations: (tag-export destinations are splunk-hec or json-lines; " + which + ")");
        }
        if (!isTagExport(chosen)) {
            throw new BadValue(spec.commandLine(), "--to " + to + ": a " + chosen.getClass().getSimpleName().toLowerCase(Locale.ROOT)
                    + " destination, not a "
                    + "tag export (splunk-hec or json-lines; " + which + ")");
        }
        return chosen;
    }

    private static boolean isTagExport(DestinationConfig destination) {
        return destination instanceof SplunkHecConfig || destination instanceof JsonLinesConfig;
    }

    /**
     * Why the export cannot run now, if so: a running Ferry with a route forwarding to the same JSON lines files
     * would append to them beside this process (each cuts a half-written line of the other's).
     */
    private Optional<String> concurrentWriter(FerryConfig loaded, DestinationConfig chosen) {
        if (!(chosen instanceof JsonLinesConfig)) {
            return Optional.empty();
        }
        List<String> routes = loaded.routes().stream()
                .filter(route -> route.forwards().stream().map(ForwardConfig::destination).anyMatch(to::equals))
                .map(RouteConfig::name).toList();
        try {
            if (routes.isEmpty() || !InstanceLock.held(loaded.dataDirectory())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.of("cannot tell whether Ferry runs: " + e.getMessage());
        }
        return Optional.of("Ferry runs (pid " + InstanceLock.pid(loaded.dataDirectory()) + ") and route "
                + String.join(", ", routes) + " forwards to " + to + ": two processes must not append to one JSON "
                + "lines file. Stop Ferry for the export (what the routes forward waits in the queue meanwhile), "
                + "or export to another json-lines destination");
    }

    /** Prints what was not sent at once, and the counts every 2 s. */
    private static IndexExport.Progress progress(PrintWriter err) {
        return new IndexExport.Progress() {
            private long shown = System.nanoTime();

            @Override
            public void batchDone(ExportReport soFar) {
                if (System.nanoTime() - shown >= PROGRESS_NANOS) {
                    shown = System.nanoTime();
                    err.println("ferry export-tags: " + soFar.describe() + " ...");
                    err.flush();
                }
            }

            @Override
            public void notSent(String sopInstanceUid, String why) {
                err.println("ferry export-tags: " + sopInstanceUid + ": " + why);
                err.flush();
            }
        };
    }
}
