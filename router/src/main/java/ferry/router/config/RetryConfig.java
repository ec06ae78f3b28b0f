package ferry.router.config;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.time.Duration;
import java.util.Objects;

/**
 * How failed notification deliveries are retried (top-level key {@code notifications:}): the waits between attempts
 * double from {@code first} up to {@code longest}; no attempt is made {@code giveUpAfter} after the completion.
 *
 * @param first       the wait before the second attempt
 * @param longest     the longest wait between attempts
 * @param giveUpAfter no more attempts this long after the completion
 */
public record RetryConfig(Duration first, Duration longest, Duration giveUpAfter) {
    /** 10 s, doubling up to 10 min, for 3 days: a mail server down over a long weekend still gets the mail. */
    public static final RetryConfig DEFAULT = new RetryConfig(Duration.ofSeconds(10), Duration.ofMinutes(10),
            Duration.ofDays(3));

    public RetryConfig {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(longest, "longest");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    }

    /** The wait after {@code attempts} failed attempts. */
    public Duration waitAfter(int attempts) {
        return doubling(first, longest, attempts);
    }

    /** {@code first} doubled for every failure after the first, at most {@code longest}. */
    static Duration doubling(Duration first, Duration longest, int failures) {
        Duration wait = first;
        for (int i = 1; i < failures && wait.compareTo(longest) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(longest) > 0 ? longest : wait;
    }

    /** Reads the top-level {@code notifications:} map; absent keys take the defaults. */
    public static RetryConfig parse(ConfigNode node, ConfigProblems problems) {
        Section section = Section.of(node, problems);
        Duration first = section.duration("retry-first", DEFAULT.first());
        Duration longest = section.duration("retry-longest", DEFAULT.longest());
        Duration giveUp = section.duration("give-up-after", DEFAULT.giveUpAfter());
        if (first.isZero() || first.isNegative()) {
            problems.add(section.node("retry-first").orElse(section.node()), "retry-first must be longer than 0");
            first = DEFAULT.first();
        }
        if (longest.compareTo(first) < 0) {
            problems.add(section.node("retry-longest").orElse(section.node()),
                    "retry-longest must not be shorter than retry-first");
            longest = first;
        }
        section.finish();
        return new RetryConfig(first, longest, giveUp);
    }
}
