package ferry.router.config;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.regex.Pattern;

/** Reads of settings that the SMTP server and the notification channels share. */
final class ChannelSettings {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ChannelSettings() {
    }

    /** An e-mail address ({@code a@example.org} or {@code Name <a@example.org>}), or null (reported). */
    static String address(ConfigNode node, ConfigProblems problems) {
        if (!(node instanceof ConfigNode.ScalarNode scalar) || scalar.value() == null || scalar.value().isBlank()) {
            problems.add(node, "expected an e-mail address, found " + (node instanceof ConfigNode.ScalarNode
                    ? "nothing" : node.kind()));
            return null;
        }
        String text = scalar.value().strip();
        try {
            new InternetAddress(text, true).validate();
            return text;
        } catch (AddressException e) {
            problems.add(node, "'" + text + "' is not an e-mail address: " + e.getMessage());
            return null;
        }
    }

    /** The name of an environment variable under {@code key}, or {@code fallback}. */
    static String variable(Section section, String key, String fallback) {
        String name = section.string(key, fallback);
        if (name != null && !VARIABLE.matcher(name).matches()) {
            section.problems().add(section.node(key).orElse(section.node()), "'" + name
                    + "' is not an environment variable name (letters, digits and _, not starting with a digit)");
            return fallback;
        }
        return name;
    }

    /** A duration under {@code key} that must be more than zero. */
    static Duration positiveDuration(Section section, String key, Duration fallback) {
        Duration duration = section.duration(key, fallback);
        if (duration.isZero() || duration.isNegative()) {
            section.problems().add(section.node(key).orElse(section.node()), "must be more than 0");
            return fallback;
        }
        return duration;
    }
}
