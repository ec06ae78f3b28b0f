package ferry.router.web.auth;

/**
 * A user of the web server, as the {@code users:} of the configuration names them.
 *
 * @param name         the login name
 * @param role         {@link Role#VIEWER} or {@link Role#ADMIN}
 * @param passwordHash the BCrypt hash of the password ({@link PasswordHash})
 */
public record User(String name, Role role, String passwordHash) {
    @Override
    public String toString() {
        return name + " (" + role.written() + ")"; // never the hash
    }
}
