package ferry.router.config.yaml;

import java.util.List;

/** A configuration that cannot be used; the message lists every problem, one per line, with line and key. */
public final class ConfigException extends Exception {
    private final transient List<ConfigProblems.Problem> problems;

    public ConfigException(String source, List<ConfigProblems.Problem> problems) {
        super(source + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "\n  "
                + String.join("\n  ", problems.stream().map(ConfigProblems.Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found. */
    public List<ConfigProblems.Problem> problems() {
        return problems;
    }
}
