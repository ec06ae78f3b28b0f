package ferry.router.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.router.testing.MovableClock;
import ferry.router.web.auth.LoginThrottle;
import ferry.router.web.auth.PasswordHash;
import ferry.router.web.auth.Role;
import ferry.router.web.auth.Sessions;
import ferry.router.web.auth.User;
import ferry.router.web.auth.Users;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Passwords, sessions and the login throttle on their own, with a clock the tests move. */
class WebAuthTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private final MovableClock clock = new MovableClock(T0);

    @Test
    void aPasswordHashIsBcryptWithARandomSaltAndChecksOnlyItsPassword() {
        String hash = PasswordHash.of("s3cret äöü");

        assertThat(PasswordHash.isHash(hash)).isTrue();
        assertThat(hash).startsWith("$2a$12$").isNotEqualTo(PasswordHash.of("s3cret äöü"));
        assertThat(PasswordHash.matches("s3cret äöü", hash)).isTrue();
        assertThat(PasswordHash.matches("s3cret aou", hash)).isFalse();
        assertThat(PasswordHash.matches("anything", null)).isFalse();
        assertThat(PasswordHash.matches("x".repeat(73), hash)).isFalse();
        assertThatThrownBy(() -> PasswordHash.of("x".repeat(73))).hasMessageContaining("1 to 72 bytes");
        assertThatThrownBy(() -> PasswordHash.of("")).hasMessageContaining("1 to 72 bytes");
        assertThat(PasswordHash.isHash("$2a$12$short")).isFalse();
    }

    @Test
    void usersVerifyTheirOwnPasswordOnly() {
        Users users = new Users(List.of(user("ada", Role.ADMIN, "one"), user("vic", Role.VIEWER, "two")));

        assertThat(users.verify("ada", "one")).map(User::name).hasValue("ada");
        assertThat(users.verify("ada", "two")).isEmpty();
        assertThat(users.verify("nobody", "one")).isEmpty();
    }

    @Test
    void aSessionEndsWhenUnusedForItsTimeoutAndTwelveHoursAfterTheLoginAnyway() {
        Sessions sessions = new Sessions(Duration.ofMinutes(30), clock);
        Sessions.Session session = sessions.create(user("ada", Role.ADMIN, "one"));

        clock.set(T0.plus(Duration.ofMinutes(29)));
        assertThat(sessions.find(session.id())).isPresent();
        for (Instant at = T0.plus(Duration.ofMinutes(29)); at.isBefore(T0.plus(Sessions.LONGEST));
             at = at.plus(Duration.ofMinutes(25))) {
            clock.set(at);
            assertThat(sessions.find(session.id())).as("used every 25 minutes, at %s", at).isPresent();
        }
        clock.set(T0.plus(Sessions.LONGEST));
        assertThat(sessions.find(session.id())).as("twelve hours after the login").isEmpty();

        Sessions.Session idle = sessions.create(user("vic", Role.VIEWER, "two"));
        clock.set(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(sessions.find(idle.id())).isEmpty();
        assertThat(sessions.find("made-up")).isEmpty();
        assertThat(idle.id()).isNotEqualTo(idle.csrfToken()).hasSize(43);
        assertThat(idle.toString()).doesNotContain(idle.id()).doesNotContain(idle.csrfToken());
    }

    @Test
    void sessionsOfRemovedOrChangedUsersEndAtAReload() {
        Sessions sessions = new Sessions(Duration.ofMinutes(30), clock);
        User ada = user("ada", Role.ADMIN, "one");
        User vic = user("vic", Role.VIEWER, "two");
        Sessions.Session adas = sessions.create(ada);
        Sessions.Session vics = sessions.create(vic);

        sessions.keepOnly(new Users(List.of(ada, new User("vic", Role.ADMIN, vic.passwordHash()))));

        assertThat(sessions.find(adas.id())).isPresent();
        assertThat(sessions.find(vics.id())).as("vic's role changed").isEmpty();
    }

    @Test
    void anAddressWaitsAfterFiveFailuresUntilTheOldestIsFifteenMinutesOld() {
        LoginThrottle throttle = new LoginThrottle(clock);
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.wait("10.0.0.1")).isEmpty();
            throttle.failed("10.0.0.1");
            clock.set(clock.instant().plusSeconds(60));
        }

        assertThat(throttle.wait("10.0.0.1")).hasValue(Duration.ofMinutes(10));
        assertThat(throttle.wait("10.0.0.2")).as("another address").isEmpty();
        clock.set(T0.plus(LoginThrottle.WINDOW));
        assertThat(throttle.wait("10.0.0.1")).as("the first failure left the window").isEmpty();
        throttle.failed("10.0.0.1");
        assertThat(throttle.wait("10.0.0.1")).isPresent();
        throttle.succeeded("10.0.0.1");
        assertThat(throttle.wait("10.0.0.1")).isEmpty();
    }

    @Test
    void onlyLoopbackHostNamesCountAsThisMachine() {
        assertThat(List.of("localhost", "localhost:8080", "127.0.0.1", "127.0.0.1:8080", "127.1.2.3:1", "[::1]:8080",
                "LOCALHOST")).allMatch(AccessControl::loopbackHost);
        assertThat(List.of("evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example",
                "[::2]:80", "")).noneMatch(AccessControl::loopbackHost);
        assertThat(AccessControl.loopbackHost(null)).isFalse();
    }

    private static User user(String name, Role role, String password) {
        return new User(name, role, BCrypt.hashpw(password, BCrypt.gensalt(4)));
    }
}
