package ferry.router.cli;

import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.log.LogOutput;
import ferry.router.log.LogSettings;
import ferry.router.run.FerryService;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry run}: Ferry in the foreground, for systemd and containers. SIGTERM or Ctrl-C stops it gracefully;
 * SIGHUP reloads the configuration. The configuration's {@code log:} settings are put in force at the start and at
 * each reload.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run Ferry in the foreground: receive, route and store until stopped.",
            "Ctrl-C or SIGTERM lets running associations finish and flushes before exiting; SIGHUP reloads the "
                + "configuration."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--log-file", paramLabel = "FILE",
            description = {"Log to FILE (rolled by the log: settings) instead of the console, unless the",
                "configuration names a log file itself. `ferry start` uses DATA/ferry.log."})
    Path logFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        FerryConfig loaded;
        try {
            loaded = config.load();
        } catch (ConfigException | IOException e) {
            err.println("ferry run: " + e.getMessage());
            return 1;
        }
        try {
            LogOutput.apply(logSettings(loaded));
        } catch (IOException e) {
            err.println("ferry run: log: " + e.getMessage());
            return 1;
        }
        FerryService service;
        try {
            service = FerryService.start(loaded);
        } catch (IOException e) {
            err.println("ferry run: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "ferry-shutdown"));
        service.onReload(next -> {
            try {
                LogOutput.apply(logSettings(next));
            } catch (IOException e) {
                throw new UncheckedIOException("log settings not applied: " + e.getMessage(), e);
            }
        });
        Signals.onHangUp(service::reload);
        PrintWriter out = spec.commandLine().getOut();
        out.println("ferry: running, listening on port(s) " + service.ports() + ", data in "
                + loaded.dataDirectory().toAbsolutePath());
        out.println("ferry: web server " + service.webUrl().map(url -> "at " + url + " (REST API: " + url
                + "api/openapi.json)").orElse("off (http: off)"));
        out.flush();
        service.awaitStop();
        return 0;
    }

    /** The configuration's log settings, writing to {@code --log-file} when given and the file names none. */
    private LogSettings logSettings(FerryConfig config) {
        LogSettings settings = config.log();
        return logFile != null && settings.file() == null ? settings.toFile(logFile.toAbsolutePath()) : settings;
    }
}
