package ferry.router.cli;

import ferry.router.config.FerryConfig;
import ferry.router.config.HttpConfig;
import ferry.router.config.ListenerConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.Section;
import ferry.router.edit.TagEdit;
import ferry.router.forward.DestinationConfig;
import ferry.router.forward.Destinations;
import ferry.router.forward.ForwardConfig;
import ferry.router.forward.JsonLinesConfig;
import ferry.router.notify.Channels;
import ferry.router.notify.NotifyConfig;
import ferry.router.receive.RouteConfig;
import ferry.router.replicate.ReplicationConfig;
import ferry.router.replicate.Retrieve;
import ferry.router.replicate.service.Endpoints;
import ferry.router.run.ControlChannel;
import ferry.router.run.FerryService;
import ferry.router.run.InstanceState;
import ferry.router.storage.StoreConfig;
import ferry.router.study.CompletionConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ferry check}: validates a configuration without starting anything, listing every problem at once: those of
 * the file (with their lines), then what would stop Ferry on this machine: missing environment variables, a data
 * directory or folder it could not write, a port it could not listen on. "valid" is said only with exit code 0.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a configuration file without starting Ferry: every problem is listed with its line "
            + "and key, and what would stop Ferry here (environment variables, data directory and folders, ports); "
            + "exit code 1 when there is any. Prints a summary of listeners and routes."})
public final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FerryConfig loaded;
        try {
            loaded = config.load();
        } catch (ConfigException | IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        String file = loaded.source() == null ? "embedded default" : loaded.source().toString();
        List<String> problems = new ArrayList<>();
        CheckedEnvironment environment = new CheckedEnvironment(System::getenv);
        boolean createdAtStart = loaded.defaultDataDirectory() && !Files.exists(loaded.dataDirectory());
        out.println("data directory: " + loaded.dataDirectory().toAbsolutePath() + ", durability "
                + loaded.durability().name().toLowerCase(Locale.ROOT)
                + (createdAtStart ? " (made at the first start)" : ""));
        if (!loaded.defaultDataDirectory() && !Files.isDirectory(loaded.dataDirectory())) {
            problems.add(FerryService.missingDataDirectory(loaded));
        } else {
            PlaceCheck.writable(loaded.dataDirectory()).ifPresent(why -> problems.add("data directory: " + why));
        }
        for (ListenerConfig listener : loaded.listeners()) {
            out.println("listener: port " + listener.port() + ", AE titles "
                    + (listener.aeTitles().isEmpty() ? "any" : String.join(",", listener.aeTitles()))
                    + (listener.tls() == null ? "" : ", TLS"));
            if (listener.tls() != null) {
                environment.neededBy("the TLS key store of the listener on port " + listener.port());
                environment.apply(listener.tls().passwordVariable());
            }
        }
        HttpConfig http = loaded.http();
        out.println("web server: " + (http.enabled() ? http.url(http.port()) + (loaded.users().isEmpty()
                ? ", this machine only, no users (whoever connects is an admin)"
                : ", " + loaded.users().all().size() + " user(s)") : "off"));
        if (http.enabled() && http.tls() != null) {
            environment.neededBy("the TLS key store of the web server (http.tls)");
            environment.apply(http.tls().passwordVariable());
        }
        for (var entry : loaded.destinations().entrySet()) {
            environment.neededBy("destination " + entry.getKey());
            try (var destination = Destinations.create(entry.getKey(), entry.getValue(),
                    environment)) {
                out.println("destination " + entry.getKey() + ": " + destination.describe() + ", at most "
                        + destination.maxParallel() + " at once");
            } catch (IllegalStateException e) {
                if (!environment.stoodIn()) {
                    problems.add("destination " + entry.getKey() + ": " + e.getMessage());
                }
            }
            if (entry.getValue() instanceof DestinationConfig.Folder folder) {
                PlaceCheck.writable(folder.store().folder()).ifPresent(why -> problems.add("destination "
                        + entry.getKey() + ": folder " + why));
            }
            if (entry.getValue() instanceof JsonLinesConfig lines) {
                PlaceCheck.writable(lines.folder()).ifPresent(why -> problems.add("destination " + entry.getKey()
                        + ": folder " + why));
            }
        }
        for (RouteConfig route : loaded.routes()) {
            out.println("route " + route.name() + (route.isDefault() ? " (default)" : "")
                    + (route.continueToNext() ? " (continue)" : ""));
            for (StoreConfig store : route.stores()) {
                out.println("  store into " + store.folder() + " as " + store.layout().template() + ", on collision "
                        + Section.written(store.collision())
                        + (store.edits().isEmpty() ? "" : ", " + store.edits().size() + " tag edit(s)"));
                edits(store.edits(), environment, "route " + route.name() + ", store into " + store.folder(), problems);
                PlaceCheck.writable(store.folder()).ifPresent(why -> problems.add("route " + route.name()
                        + ": store folder " + why));
            }
            for (ForwardConfig forward : route.forwards()) {
                out.println("  forward to " + forward.destination()
                        + (forward.edits().isEmpty() ? "" : ", " + forward.edits().size() + " tag edit(s)"));
                edits(forward.edits(), environment, "route " + route.name() + ", forward to " + forward.destination(),
                        problems);
            }
            if (!route.notifications().isEmpty()) {
                CompletionConfig rules = route.completion();
                out.println("  a study is complete after " + rules.quietPeriod().toSeconds() + " s quiet"
                        + (rules.expectedObjects() > 0 ? ", or at " + rules.expectedObjects() + " objects" : "")
                        + (rules.expectedSeries().isEmpty() ? "" : ", or when series " + rules.expectedSeries()
                        + " are there") + ", at the latest " + rules.forceAfter().toMinutes() + " min after its first");
            }
            for (NotifyConfig notify : route.notifications()) {
                environment.neededBy("route " + route.name() + ", notify "
                        + notify.getClass().getSimpleName().toLowerCase(Locale.ROOT));
                try {
                    var channel = Channels.create(notify, loaded.smtp(), environment);
                    out.println("  notify (" + Section.written(channel.on()) + "): "
                            + channel.describe());
                } catch (IllegalStateException e) {
                    if (!environment.stoodIn()) {
                        problems.add("route " + route.name() + ": " + e.getMessage());
                    }
                }
            }
        }
        for (ReplicationConfig replication : loaded.replications()) {
            out.println("replication " + replication.name() + ": " + Endpoints.shown(replication.from()) + " → "
                    + Endpoints.shown(replication.to()) + (replication.query().isAll() ? ""
                    : " (" + String.join(" ", replication.query().texts()) + ")")
                    + (replication.edits().isEmpty() ? "" : ", " + replication.edits().size() + " tag edit(s)")
                    + (replication.follow() ? ", following" : ", a pass every " + replication.relist())
                    + (replication.retrieve() instanceof Retrieve.Move move ? ", fetched by " + move.describe() : ""));
            edits(replication.edits(), environment, "replication " + replication.name(), problems);
        }
        problems.addAll(environment.problems());
        problems.addAll(ports(loaded, out));
        if (!problems.isEmpty()) {
            err.println(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + ": Ferry would not start");
            problems.forEach(problem -> err.println("  " + problem));
            return 1;
        }
        out.println(file + ": valid");
        return 0;
    }

    /** Builds {@code edits} for running as Ferry would, noting what keeps them from it. */
    private static void edits(List<TagEdit> edits, CheckedEnvironment environment, String where,
                              List<String> problems) {
        environment.neededBy(where);
        try {
            TagEdit.forRunning(edits, environment);
        } catch (IllegalStateException e) {
            if (!environment.stoodIn()) {
                problems.add(where + ": " + e.getMessage());
            }
        }
    }

    /**
     * The listeners' ports Ferry could not listen on now. The ports of a Ferry running with this configuration are
     * its own and left out; when it runs but cannot be asked which they are, no port is tried.
     */
    private List<String> ports(FerryConfig loaded, PrintWriter out) {
        InstanceState running = config.file() == null ? InstanceState.at(loaded.dataDirectory())
                : InstanceState.recorded(config.file()).orElseGet(() -> InstanceState.at(loaded.dataDirectory()));
        Set<Integer> own = new HashSet<>();
        if (running instanceof InstanceState.Unreachable silent) {
            out.println("ports not tried: " + ControlCommands.unreachable(silent));
            return List.of();
        }
        if (running instanceof InstanceState.Answering answering) {
            try {
                for (String port : ControlChannel.send(answering.address(), "ports", ControlChannel.ANSWER_TIMEOUT).trim().split("\\s+")) {
                    own.add(Integer.parseInt(port));
                }
            } catch (IOException | NumberFormatException e) {
                out.println("ports not tried: Ferry runs (pid " + answering.address().pid() + ") but does not say "
                        + "which ports it listens on");
                return List.of();
            }
            out.println("Ferry runs with this configuration (pid " + answering.address().pid() + "): its port(s) "
                    + own + " are not tried");
        }
        List<String> problems = new ArrayList<>();
        for (ListenerConfig listener : loaded.listeners()) {
            if (!own.contains(listener.port())) {
                PlaceCheck.listenable(listener.bindAddress(), listener.port())
                        .ifPresent(why -> problems.add("listener: " + why));
            }
        }
        if (running instanceof InstanceState.Answering) {
            return problems; // its replications may hold their move ports
        }
        for (ReplicationConfig replication : loaded.replications()) {
            if (replication.retrieve() instanceof Retrieve.Move move) {
                PlaceCheck.listenable(move.bindAddress(), move.port()).ifPresent(why -> problems.add("replication "
                        + replication.name() + ", its move destination " + move.aeTitle() + ": " + why));
            }
        }
        HttpConfig http = loaded.http();
        if (http.enabled() && http.port() != 0 && !own.contains(http.port())) {
            PlaceCheck.listenable(http.address(), http.port()).ifPresent(why -> problems.add("web server: " + why
                    + " (http: {port: N} chooses another, http: off turns it off)"));
        }
        return problems;
    }
}
