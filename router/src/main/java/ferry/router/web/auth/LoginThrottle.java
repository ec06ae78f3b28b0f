package ferry.router.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The limit on failed logins per client address (docs/web.md, "Logging in"): after {@link #MAX_FAILURES} failed
 * attempts within {@link #WINDOW}, an address may not try again until the oldest of them is that old, whether its
 * next password is right or not. Logins with a form and HTTP Basic credentials count alike. Addresses are the
 * connection's (a reverse proxy in front makes all its clients one address).
 */
public final class LoginThrottle {
    /** Failed attempts allowed per address within {@link #WINDOW}. */
    public static final int MAX_FAILURES = 5;
    /** The window failed attempts are counted in. */
    public static final Duration WINDOW = Duration.ofMinutes(15);
    /** Addresses remembered at most (the oldest forgotten first), so a flood of addresses cannot fill memory. */
    private static final int MAX_ADDRESSES = 10_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code address} must wait before it may try again; empty when it may try now. */
    public Optional<Duration> wait(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return Optional.empty();
        }
        synchronized (recent) {
            Instant now = clock.instant();
            while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) {
                recent.pollFirst();
            }
            if (recent.size() < MAX_FAILURES) {
                return Optional.empty();
            }
            return Optional.of(Duration.between(now, recent.peekFirst().plus(WINDOW)));
        }
    }

    /** Counts a failed attempt of {@code address}. */
    public void failed(String address) {
        if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
            failures.keySet().stream().findAny().ifPresent(failures::remove);
        }
        Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(clock.instant());
            while (recent.size() > MAX_FAILURES) {
                recent.pollFirst();
            }
        }
    }

    /** A successful login of {@code address}: its failures are forgotten. */
    public void succeeded(String address) {
        failures.remove(address);
    }
}
