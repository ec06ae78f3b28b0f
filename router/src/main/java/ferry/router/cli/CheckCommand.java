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
        FerryConfig loaded;
        try {
            loaded = config.load();
        } catch (ConfigException | IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        out.println((loaded.source() == null ? "embedded default" : loaded.source()) + ": valid");
        out.println("data directory: " + loaded.dataDirectory().toAbsolutePath() + ", durability "
                + loaded.durability().name().toLowerCase(java.util.Locale.ROOT));
        for (ListenerConfig listener : loaded.listeners()) {
            out.println("listener: port " + listener.port() + ", AE titles "
                    + (listener.aeTitles().isEmpty() ? "any" : String.join(",", listener.aeTitles()))
                    + (listener.tls() == null ? "" : ", TLS"));
        }
        for (RouteConfig route : loaded.routes()) {
            out.println("route " + route.name() + (route.isDefault() ? " (default)" : "")
                    + (route.continueToNext() ? " (continue)" : ""));
            for (StoreConfig store : route.stores()) {
                out.println("  store into " + store.folder() + " as " + store.layout() + ", on collision "
                        + ferry.router.config.Section.written(store.collision())
                        + (store.edits().isEmpty() ? "" : ", " + store.edits().size() + " tag edit(s)"));
            }
        }
        return 0;
    }
}
