package ferry.router.config.yaml;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads of settings that several features share (e-mail addresses, URLs, HTTP headers, AE titles, positive
 * durations), Ferry's default AE title, and the environment variables that notification commands inherit.
 */
public final class ChannelSettings {
    /** The AE title Ferry answers to, and calls with, unless the configuration names another. */
    public static final String DEFAULT_AE_TITLE = "FERRY";

    /**
     * The only variables of Ferry's environment a notification command gets, besides the report's {@code FERRY_*}
     * ones (docs/notifications.md): the program search path, home, user, locale (the glibc categories), time zone and
     * temporary directory. None may hold a secret ({@link Section#variable}).
     */
    public static final List<String> INHERITED_VARIABLES = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG",
            "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_MESSAGES",
            "LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION", "TZ",
            "TMPDIR");

    private ChannelSettings() {
    }

    /** An e-mail address ({@code a@example.org} or {@code Name <a@example.org>}), or null (reported). */
    public static String address(ConfigNode node, ConfigProblems problems) {
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

    /** A duration under {@code key} that must be more than zero. */
    public static Duration positiveDuration(Section section, String key, Duration fallback) {
        Duration duration = section.duration(key, fallback);
        if (duration.isZero() || duration.isNegative()) {
            section.problems().add(section.node(key).orElse(section.node()), "must be more than 0");
            return fallback;
        }
        return duration;
    }

    /** An {@code http://} or {@code https://} URL with a host, or null (reported). */
    public static URI url(ConfigNode node, ConfigProblems problems) {
        String text = node instanceof ConfigNode.ScalarNode scalar ? scalar.value() : null;
        if (text != null) {
            try {
                URI uri = new URI(text.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                problems.add(node, "'" + text + "' is not a URL: " + e.getReason());
                return null;
            }
        }
        problems.add(node, "expected an http:// or https:// URL with a host, found "
                + (text == null ? node.kind() : "'" + text + "'"));
        return null;
    }

    /**
     * Extra HTTP request headers: a map of names to values, each one Java's HTTP client may send, none of
     * Content-Type and the {@code reserved} headers Ferry sets itself (compared without case).
     */
    public static Map<String, String> headers(ConfigNode node, ConfigProblems problems, String... reserved) {
        if (!(node instanceof ConfigNode.MapNode map)) {
            problems.add(node, "expected a map of header names to values, found " + node.kind());
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> entry : map.entries().entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue() instanceof ConfigNode.ScalarNode scalar ? scalar.value() : null;
            if (value == null) {
                problems.add(entry.getValue(), "expected a header value, found " + entry.getValue().kind());
            } else if (name.equalsIgnoreCase("Content-Type")
                    || Arrays.stream(reserved).anyMatch(name::equalsIgnoreCase)) {
                problems.add(entry.getValue(), "Ferry sets " + name + " itself");
            } else {
                try {
                    HttpRequest.newBuilder().header(name, value);
                    headers.put(name, value);
                } catch (IllegalArgumentException e) {
                    problems.add(entry.getValue(), "not a header Java's HTTP client may send: " + e.getMessage());
                }
            }
        }
        return headers;
    }

    /** {@code text} trimmed when it is an AE title, else null (reported at {@code where}). */
    public static String aeTitle(String text, ConfigNode where, ConfigProblems problems) {
        if (!isAeTitle(text)) {
            problems.add(where, "'" + text + "' is not an AE title (1 to 16 printable ASCII characters, "
                    + "no backslash; PS3.5 §6.2)");
            return null;
        }
        return text.trim();
    }

    /** Whether {@code text}, trimmed, is an AE title: 1 to 16 printable ASCII characters, no backslash (PS3.5 §6.2). */
    public static boolean isAeTitle(String text) {
        String trimmed = text.trim();
        return !trimmed.isEmpty() && trimmed.length() <= 16
                && trimmed.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '\\');
    }

    /**
     * The IP address {@code text} is written as (a literal: no name is looked up), or null (reported at
     * {@code where}).
     */
    public static InetAddress ipAddress(String text, ConfigNode where, ConfigProblems problems) {
        String trimmed = text.trim();
        boolean literal = trimmed.matches("[0-9.]+") || trimmed.contains(":");
        if (literal) {
            try {
                return InetAddress.getByName(trimmed);
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        problems.add(where, "'" + text + "' is not an IP address");
        return null;
    }
}
