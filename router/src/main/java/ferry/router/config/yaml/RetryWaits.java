package ferry.router.config.yaml;

import java.time.Duration;
import java.util.Objects;

/**
 * The waits between attempts that the forwarding queue ({@code queue:}) and notification deliveries
 * ({@code notifications:}) share: from {@code retry-first}, doubled for every further failure, up to
 * {@code retry-longest}.
 *
 * @param first   the wait after the first failure
 * @param longest the longest wait
 */
public record RetryWaits(Duration first, Duration longest) {
    public RetryWaits {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(longest, "longest");
    }

    /** {@link #first} doubled for every failure after the first, at most {@link #longest}. */
    public Duration after(int failures) {
        Duration wait = first;
        for (int i = 1; i < failures && wait.compareTo(longest) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(longest) > 0 ? longest : wait;
    }

    /**
     * The waits {@code first} and {@code longest} as read from {@code retry-first} and {@code retry-longest} of
     * {@code section}, checked: a first wait of 0 or less is reported and {@code fallbackFirst} taken; a longest wait
     * shorter than the first is reported and the first taken.
     */
    public static RetryWaits checked(Section section, Duration first, Duration longest, Duration fallbackFirst) {
        if (first.isZero() || first.isNegative()) {
            section.problems().add(section.node("retry-first").orElse(section.node()),
                    "retry-first must be longer than 0");
            first = fallbackFirst;
        }
        if (longest.compareTo(first) < 0) {
            section.problems().add(section.node("retry-longest").orElse(section.node()),
                    "retry-longest must not be shorter than retry-first");
            longest = first;
        }
        return new RetryWaits(first, longest);
    }
}
