package ferry.router.config.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a configuration while it is read, so that loading reports every error at once,
 * each with its line and key (docs/configuration.md).
 */
public final class ConfigProblems {
    /** One problem: where it is and what is wrong. */
    public record Problem(int line, String path, String message) {
        @Override
        public String toString() {
            String key = path.isEmpty() ? "(top level)" : path;
            return (line > 0 ? "line " + line + ", " : "") + key + ": " + message;
        }
    }

    private final List<Problem> problems = new ArrayList<>();

    /** Records that {@code node} is wrong because of {@code message}. */
    public void add(ConfigNode node, String message) {
        problems.add(new Problem(node.line(), node.path(), message));
    }

    /** Records a problem at a known line and key path. */
    public void add(int line, String path, String message) {
        problems.add(new Problem(line, path, message));
    }

    /** The problems so far, in the order found. */
    public List<Problem> all() {
        return List.copyOf(problems);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws a {@link ConfigException} listing every problem when there is any. */
    public void throwIfAny(String source) throws ConfigException {
        if (!problems.isEmpty()) {
            throw new ConfigException(source, all());
        }
    }
}
