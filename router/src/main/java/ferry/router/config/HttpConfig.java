package ferry.router.config;

import ferry.router.config.yaml.ChannelSettings;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code http:} settings of Ferry's web server (REST API, metrics, web pages; docs/web.md): where it listens,
 * TLS, and how long a login lasts; or {@code http: off}.
 *
 * @param enabled        false for {@code http: off}
 * @param address        the local address it listens on: the loopback address by default
 * @param port           its TCP port ({@code 0}: any free one)
 * @param tls            HTTPS with this key store (the same keys as a DICOM listener's {@code tls:}), or null
 * @param sessionTimeout a login session ends when unused this long
 */
public record HttpConfig(boolean enabled, InetAddress address, int port, ListenerConfig.TlsConfig tls,
                         Duration sessionTimeout) {
    /** The port by default. */
    public static final int DEFAULT_PORT = 8080;
    /** How long an unused login session lasts by default. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(30);

    /** On, at {@code http://127.0.0.1:8080/}, no TLS. */
    public static HttpConfig defaults() {
        return new HttpConfig(true, InetAddress.getLoopbackAddress(), DEFAULT_PORT, null, DEFAULT_SESSION_TIMEOUT);
    }

    /** Whether only this machine can reach the server (a loopback address). */
    public boolean loopbackOnly() {
        return address.isLoopbackAddress();
    }

    /** The URL of the server's root, with {@code port} (the one listened on, when the settings say 0). */
    public String url(int port) {
        String host = address.getHostAddress();
        if (address.isAnyLocalAddress()) {
            host = "127.0.0.1";
        }
        return (tls == null ? "http" : "https") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + port + "/";
    }

    /** {@code off}, or a map of {@code address}, {@code port}, {@code tls}, {@code session-timeout}. */
    static HttpConfig parse(ConfigNode node, ConfigProblems problems, Path base) {
        if (node instanceof ConfigNode.ScalarNode scalar && scalar.value() != null) {
            String text = scalar.value().strip().toLowerCase(Locale.ROOT);
            if (text.equals("off") || text.equals("false") || text.equals("no")) {
                HttpConfig defaults = defaults();
                return new HttpConfig(false, defaults.address, defaults.port, null, defaults.sessionTimeout);
            }
            problems.add(node, "expected off, or settings such as {address: 127.0.0.1, port: 8080}");
            return defaults();
        }
        Section section = Section.of(node, problems);
        InetAddress address = InetAddress.getLoopbackAddress();
        String text = section.string("address", null);
        if (text != null) {
            InetAddress parsed = ChannelSettings.ipAddress(text, section.node("address").orElseThrow(), problems);
            address = parsed == null ? address : parsed;
        }
        int port = (int) section.integer("port", DEFAULT_PORT, 0, 65535);
        ListenerConfig.TlsConfig tls = section.section("tls").map(t -> ListenerConfig.tls(t, base, false))
                .orElse(null);
        Duration timeout = section.duration("session-timeout", DEFAULT_SESSION_TIMEOUT);
        if (timeout.compareTo(Duration.ofMinutes(1)) < 0) {
            problems.add(section.node("session-timeout").orElse(node), "should be at least 1m");
        }
        section.finish();
        return new HttpConfig(true, address, port, tls, timeout);
    }
}
