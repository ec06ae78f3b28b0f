package ferry.router.web.auth;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code users:} of the configuration (docs/web.md): each with a name, a role ({@code viewer} or {@code admin})
 * and a BCrypt {@code password-hash}. Without users the web server serves this machine only, where whoever connects
 * is an administrator (as Orthanc does with authentication off and remote access off).
 */
public record Users(List<User> all) {
    /** No users. */
    public static final Users NONE = new Users(List.of());

    public Users {
        all = List.copyOf(all);
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** The user named {@code name}. */
    public Optional<User> named(String name) {
        return all.stream().filter(user -> user.name().equals(name)).findFirst();
    }

    /**
     * The user whose name and password these are; empty otherwise. Takes as long for an unknown name as for a wrong
     * password (BCrypt against a decoy), so that answers do not tell which names exist.
     */
    public Optional<User> verify(String name, String password) {
        Optional<User> user = named(name);
        return PasswordHash.matches(password, user.map(User::passwordHash).orElse(null)) ? user : Optional.empty();
    }

    /** The {@code users:} list. */
    public static Users parse(ConfigNode node, ConfigProblems problems) {
        if (!(node instanceof ConfigNode.ListNode list)) {
            problems.add(node, "expected a list of users, each {name:, role:, password-hash:}");
            return NONE;
        }
        Map<String, User> users = new LinkedHashMap<>();
        for (ConfigNode entry : list.items()) {
            Section section = Section.of(entry, problems);
            String name = section.requiredString("name");
            String roleText = section.requiredString("role");
            String hash = section.requiredString("password-hash");
            section.finish();
            if (name != null && (name.isBlank() || name.contains(":") || !name.equals(name.strip())
                    || name.chars().anyMatch(Character::isISOControl))) {
                problems.add(section.node("name").orElse(entry), "'" + name.replaceAll("\\p{Cntrl}", "?")
                        + "' cannot be a user name (not empty, no colon, no control characters, no spaces around it)");
                name = null;
            }
            Role role = null;
            if (roleText != null) {
                String written = roleText.strip().toLowerCase(Locale.ROOT);
                role = written.equals("viewer") ? Role.VIEWER : written.equals("admin") ? Role.ADMIN : null;
                if (role == null) {
                    problems.add(section.node("role").orElse(entry), "expected viewer or admin, found '" + roleText
                            + "'");
                }
            }
            if (hash != null && !PasswordHash.isHash(hash.strip())) {
                problems.add(section.node("password-hash").orElse(entry), "is not a BCrypt hash ($2a$, $2b$ or $2y$"
                        + " and 56 more characters): make one with 'ferry user hash' (docs/web.md)");
                hash = null;
            }
            if (name != null && users.containsKey(name)) {
                problems.add(entry, "a second user named " + name + ": names must differ");
            } else if (name != null && role != null && hash != null) {
                users.put(name, new User(name, role, hash.strip()));
            }
        }
        return new Users(List.copyOf(users.values()));
    }
}
