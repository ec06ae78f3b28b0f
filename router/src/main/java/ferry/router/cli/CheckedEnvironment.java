package ferry.router.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The environment as {@code ferry check} reads it: a variable that is not set (or empty) is noted once, with what
 * needs it, and a stand-in value is given so that the check goes on and finds every other missing variable.
 */
final class CheckedEnvironment implements Function<String, String> {
    private static final String STAND_IN = "(not set)";

    private final Function<String, String> environment;
    private final Map<String, String> missing = new LinkedHashMap<>();
    private String neededBy = "";
    private boolean stoodIn;

    CheckedEnvironment(Function<String, String> environment) {
        this.environment = environment;
    }

    /** The variables looked up from now on are needed by {@code what} (e.g. "destination pacs"). */
    void neededBy(String what) {
        neededBy = what;
        stoodIn = false;
    }

    /** Whether a stand-in was given since {@link #neededBy}: a failure then follows from a missing variable. */
    boolean stoodIn() {
        return stoodIn;
    }

    @Override
    public String apply(String name) {
        String value = environment.apply(name);
        if (value == null || value.isEmpty()) {
            missing.putIfAbsent(name, neededBy);
            stoodIn = true;
            return STAND_IN;
        }
        return value;
    }

    /** One problem per missing variable, in the order met. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        missing.forEach((name, what) -> problems.add("environment variable " + name + " is not set (needed by " + what
                + ")"));
        return problems;
    }
}
