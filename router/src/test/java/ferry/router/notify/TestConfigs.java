package ferry.router.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.YamlSource;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;

/** Channel settings for tests, read from YAML the way a configuration file is. */
final class TestConfigs {
    private TestConfigs() {
    }

    /** One {@code notify:} entry, e.g. {@code "email: {to: [a@example.org]}"}; fails the test on any problem. */
    static NotifyConfig notify(String yaml, Path base) throws ConfigException {
        ConfigProblems problems = new ConfigProblems();
        NotifyConfig config = NotifyConfig.parse(YamlSource.read(new StringReader(yaml), "test"), problems, base);
        assertThat(problems.all()).isEmpty();
        return config;
    }

    /** The {@code smtp:} map; fails the test on any problem. */
    static SmtpConfig smtp(String yaml) throws ConfigException {
        ConfigProblems problems = new ConfigProblems();
        SmtpConfig config = SmtpConfig.parse(YamlSource.read(new StringReader(yaml), "test"), problems);
        assertThat(problems.all()).isEmpty();
        return config;
    }

    /** The channel for a {@code notify:} entry, with {@code environment} as its environment variables. */
    static NotificationChannel channel(String notifyYaml, SmtpConfig smtp, Map<String, String> environment, Path base)
            throws ConfigException {
        return Channels.create(notify(notifyYaml, base), smtp, environment::get);
    }
}
