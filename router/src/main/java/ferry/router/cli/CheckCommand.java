package ferry.router.cli;

import ferry.router.config.ConfigException;
import ferry.router.config.FerryConfig;
import ferry.router.config.ListenerConfig;
import ferry.router.config.RouteConfig;
import ferry.router.config.StoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry check}: validates a configuration without starting anything, listing every problem at once. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a configuration file without starting Ferry: every problem is listed with its line "
            + "and key; exit code 1 when there is any. Prints a summary of listeners and routes when it is valid."})
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
        int problems = 0;
        out.println((loaded.source() == null ? "embedded default" : loaded.source()) + ": valid");
        out.println("data directory: " + loaded.dataDirectory().toAbsolutePath() + ", durability "
                + loaded.durability().name().toLowerCase(java.util.Locale.ROOT));
        for (ListenerConfig listener : loaded.listeners()) {
            out.println("listener: port " + listener.port() + ", AE titles "
                    + (listener.aeTitles().isEmpty() ? "any" : String.join(",", listener.aeTitles()))
                    + (listener.tls() == null ? "" : ", TLS"));
        }
        for (var entry : loaded.destinations().entrySet()) {
            try (var destination = ferry.router.forward.Destinations.create(entry.getKey(), entry.getValue(),
                    System::getenv)) {
                out.println("destination " + entry.getKey() + ": " + destination.describe() + ", at most "
                        + destination.maxParallel() + " at once");
            } catch (IllegalStateException e) {
                err.println(file + ": destination " + entry.getKey() + ": " + e.getMessage());
                problems++;
            }
        }
        for (RouteConfig route : loaded.routes()) {
            out.println("route " + route.name() + (route.isDefault() ? " (default)" : "")
                    + (route.continueToNext() ? " (continue)" : ""));
            for (StoreConfig store : route.stores()) {
                out.println("  store into " + store.folder() + " as " + store.layout().template() + ", on collision "
                        + ferry.router.config.Section.written(store.collision())
                        + (store.edits().isEmpty() ? "" : ", " + store.edits().size() + " tag edit(s)"));
                try {
                    ferry.router.edit.TagEdit.forRunning(store.edits(), System::getenv);
                } catch (IllegalStateException e) {
                    err.println(file + ": route " + route.name() + ": " + e.getMessage());
                    problems++;
                }
            }
            for (ferry.router.config.ForwardConfig forward : route.forwards()) {
                out.println("  forward to " + forward.destination()
                        + (forward.edits().isEmpty() ? "" : ", " + forward.edits().size() + " tag edit(s)"));
            }
            if (!route.notifications().isEmpty()) {
                ferry.router.config.CompletionConfig rules = route.completion();
                out.println("  a study is complete after " + rules.quietPeriod().toSeconds() + " s quiet"
                        + (rules.expectedObjects() > 0 ? ", or at " + rules.expectedObjects() + " objects" : "")
                        + (rules.expectedSeries().isEmpty() ? "" : ", or when series " + rules.expectedSeries()
                        + " are there") + ", at the latest " + rules.forceAfter().toMinutes() + " min after its first");
            }
            for (ferry.router.config.NotifyConfig notify : route.notifications()) {
                try {
                    var channel = ferry.router.notify.Channels.create(notify, loaded.smtp(), System::getenv);
                    out.println("  notify (" + ferry.router.config.Section.written(channel.on()) + "): "
                            + channel.describe());
                } catch (IllegalStateException e) {
                    err.println(file + ": route " + route.name() + ": " + e.getMessage());
                    problems++;
                }
            }
        }
        if (problems > 0) {
            err.println(file + ": " + problems + " problem(s) with the environment: Ferry would not start");
            return 1;
        }
        return 0;
    }
}
