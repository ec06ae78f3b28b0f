package ferry.router.web.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The login sessions, in memory (a restart of Ferry logs everyone out). A session has a random id of 256 bits (the
 * cookie's value) and a CSRF token of its own; it ends when unused for the timeout, after
 * {@link #LONGEST} in any case, at logout, and when its user is removed or changes role at a reload. At most
 * {@link #MAX_SESSIONS} are kept: a new one pushes out the least recently used.
 */
public final class Sessions {
    /** A session ends this long after its login, used or not. */
    public static final Duration LONGEST = Duration.ofHours(12);
    /** Sessions kept at most. */
    static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A login session.
     *
     * @param id        the cookie's value
     * @param user      who logged in
     * @param csrfToken what state changes made with this session must carry in {@code X-CSRF-Token}
     * @param createdAt when the user logged in
     */
    public record Session(String id, User user, String csrfToken, Instant createdAt) {
        @Override
        public String toString() {
            return "session of " + user; // never the id or the token
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Clock clock;

    /** @param timeout a session ends when unused this long */
    public Sessions(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** How long an unused session lasts. */
    public Duration timeout() {
        return timeout;
    }

    /** A new session of {@code user}. */
    public Session create(User user) {
        if (sessions.size() >= MAX_SESSIONS) {
            lastUsed.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                    .ifPresent(oldest -> end(oldest.getKey()));
        }
        Instant now = clock.instant();
        Session session = new Session(randomToken(), user, randomToken(), now);
        sessions.put(session.id(), session);
        lastUsed.put(session.id(), now);
        return session;
    }

    /** The live session with this id, marked used now; empty when there is none or it has expired (then ended). */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant used = lastUsed.getOrDefault(id, session.createdAt());
        if (!now.isBefore(used.plus(timeout)) || !now.isBefore(session.createdAt().plus(LONGEST))) {
            end(id);
            return Optional.empty();
        }
        lastUsed.put(id, now);
        return Optional.of(session);
    }

    /** Ends the session with this id (a logout); nothing when there is none. */
    public void end(String id) {
        sessions.remove(id);
        lastUsed.remove(id);
    }

    /** Ends the sessions whose user is no longer among {@code users}, or has another role or password now. */
    public void keepOnly(Users users) {
        for (Session session : sessions.values()) {
            if (!users.named(session.user().name()).filter(session.user()::equals).isPresent()) {
                end(session.id());
            }
        }
    }

    /** Sessions alive now (some may have expired and not been looked up since). */
    public int count() {
        return sessions.size();
    }

    /** 256 random bits, URL-safe Base64. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
