package ferry.router.study;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.RetryWaits;
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
        return new RetryWaits(first, longest).after(attempts);
    }

    /** Reads the top-level {@code notifications:} map; absent keys take the defaults. */
    public static RetryConfig parse(ConfigNode node, ConfigProblems problems) {
        Section section = Section.of(node, problems);
        Duration first = section.duration("retry-first", DEFAULT.first());
        Duration longest = section.duration("retry-longest", DEFAULT.longest());
        Duration giveUp = section.duration("give-up-after", DEFAULT.giveUpAfter());
        RetryWaits waits = RetryWaits.checked(section, first, longest, DEFAULT.first());
        section.finish();
        return new RetryConfig(waits.first(), waits.longest(), giveUp);
    }
}
