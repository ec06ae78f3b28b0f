package ferry.router.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.YamlSource;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Shared test fixtures: conditions from YAML text and routing inputs. */
final class Rules {
    private Rules() {
    }

    static ConfigNode yaml(String text) {
        try {
            return YamlSource.read(new StringReader(text), "test");
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    /** The condition of a {@code when} map written in YAML, which must have no problems. */
    static Condition when(String yaml) {
        ConfigProblems problems = new ConfigProblems();
        Condition condition = Condition.parse(yaml(yaml), problems);
        assertThat(problems.all()).as("problems of %s", yaml).isEmpty();
        return condition;
    }

    static RoutingInput input(DataSet header) {
        return input("SENDER", "FERRY", "10.1.2.3", header);
    }

    static RoutingInput input(String calling, String called, String peer, DataSet header) {
        try {
            return new RoutingInput(calling, called, InetAddress.getByName(peer), header);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
