package ferry.router.cli;

import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option of {@code run}, {@code start}, {@code stop}, {@code status}, {@code reload} and
 * {@code check} (a picocli mixin). Without it Ferry uses the file named by the environment variable
 * {@value #VARIABLE} (the Debian package's {@code /usr/bin/ferry} sets it to {@code /etc/ferry/ferry.yaml}), or else
 * the embedded default with its data in {@code ./ferry-data}.
 */
public final class ConfigOption {
    /** The environment variable naming the configuration file when {@code --config} is not given. */
    public static final String VARIABLE = "FERRY_CONFIG";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = {"Configuration file (YAML, or seed 000's routes.json).",
                "Default: $FERRY_CONFIG when set, else the embedded default (AE FERRY, port 11112,",
                "data in ./ferry-data)."})
    Path file;

    /** The configuration file in force: {@code --config}, else {@value #VARIABLE}, else null (the embedded default). */
    Path file() {
        if (file != null) {
            return file;
        }
        String variable = System.getenv(VARIABLE);
        return variable == null || variable.isBlank() ? null : Path.of(variable);
    }

    /** The configuration: the file's, validated, or the embedded default. */
    FerryConfig load() throws IOException, ConfigException {
        Path chosen = file();
        return chosen == null ? ConfigLoader.embeddedDefault(ConfigLoader.DEFAULT_DATA_DIRECTORY)
                : ConfigLoader.load(chosen);
    }
}
