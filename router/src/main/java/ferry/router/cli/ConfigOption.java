package ferry.router.cli;

import ferry.router.config.ConfigException;
import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option of {@code run}, {@code start}, {@code stop}, {@code status}, {@code reload} and
 * {@code check} (a picocli mixin). Without it Ferry uses the embedded default with its data in
 * {@code ./ferry-data}.
 */
public final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = {"Configuration file (YAML, or seed 000's routes.json).",
                "Default: none, the embedded default (AE FERRY, port 11112, data in ./ferry-data)."})
    Path file;

    /** The configuration: the file's, validated, or the embedded default. */
    FerryConfig load() throws IOException, ConfigException {
        return file == null ? ConfigLoader.embeddedDefault(ConfigLoader.DEFAULT_DATA_DIRECTORY)
                : ConfigLoader.load(file);
    }
}
