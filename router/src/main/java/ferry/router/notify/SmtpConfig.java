package ferry.router.notify;

import ferry.router.config.yaml.ChannelSettings;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The SMTP server e-mail notifications go through (top-level {@code smtp:}), shared by every route's e-mails.
 *
 * @param host             the server's name or address
 * @param port             its port: 25 by default, 465 with {@link Tls#IMPLICIT}
 * @param tls              how TLS starts: on a plain connection by STARTTLS, or from the first byte (SMTPS)
 * @param starttls         with {@link Tls#STARTTLS}: whether the plain connection is upgraded
 * @param user             the user to authenticate as, or {@code null} for no authentication
 * @param passwordVariable the environment variable holding the password (never the password itself), or
 *                         {@code null} without {@code user}
 * @param from             the sender address: {@code ferry@<this host's name>} by default
 * @param timeout          for connecting, and for each answer of the server
 */
public record SmtpConfig(String host, int port, Tls tls, StartTls starttls, String user, String passwordVariable,
                         String from, Duration timeout) {
    /** The port of plain SMTP and STARTTLS. */
    public static final int DEFAULT_PORT = 25;
    /** The port of SMTPS (TLS from the first byte). */
    public static final int IMPLICIT_TLS_PORT = 465;
    /** The password variable when {@code user} is given without one. */
    public static final String DEFAULT_PASSWORD_VARIABLE = "FERRY_SMTP_PASSWORD";
    /** The connect and read timeout by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** How TLS starts. */
    public enum Tls {
        /** A plain connection, upgraded by STARTTLS as {@link StartTls} says. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, RFC 8314). */
        IMPLICIT
    }

    /** Whether a plain connection is upgraded with STARTTLS. */
    public enum StartTls {
        /** Never: the mail (and any password) travels in clear. */
        OFF,
        /** When the server offers it. */
        OPTIONAL,
        /** Always; a server that does not offer it is an error. */
        REQUIRED
    }

    /** {@code localhost:25} without TLS or authentication, from {@code ferry@<this host's name>}. */
    public static SmtpConfig defaults() {
        return new SmtpConfig("localhost", DEFAULT_PORT, Tls.STARTTLS, StartTls.OFF, null, null, defaultFrom(),
                DEFAULT_TIMEOUT);
    }

    /**
     * Reads the {@code smtp:} map. STARTTLS is {@code required} by default when a user is given (a password never
     * travels in clear unless {@code starttls: off} says so), else {@code off}.
     */
    public static SmtpConfig parse(ConfigNode node, ConfigProblems problems) {
        Section section = Section.of(node, problems);
        String host = section.string("host", "localhost").strip();
        Tls tls = section.choice("tls", Tls.class, Tls.STARTTLS);
        int port = (int) section.integer("port", tls == Tls.IMPLICIT ? IMPLICIT_TLS_PORT : DEFAULT_PORT, 1, 65535);
        String user = section.string("user", null);
        StartTls starttls = section.choice("starttls", StartTls.class, user == null ? StartTls.OFF : StartTls.REQUIRED);
        if (tls == Tls.IMPLICIT && section.has("starttls")) {
            problems.add(section.node("starttls").orElseThrow(), "does not apply with tls: implicit (TLS from the "
                    + "first byte); leave it out");
        }
        String passwordVariable = section.variable("password-variable",
                user == null ? null : DEFAULT_PASSWORD_VARIABLE);
        if (user == null && passwordVariable != null) {
            problems.add(section.node("password-variable").orElseThrow(), "needs a user to authenticate as");
        }
        String from = section.node("from").map(f -> ChannelSettings.address(f, problems)).orElseGet(SmtpConfig::defaultFrom);
        Duration timeout = ChannelSettings.positiveDuration(section, "timeout", DEFAULT_TIMEOUT);
        section.finish();
        if (host.isEmpty()) {
            problems.add(section.node("host").orElse(node), "an SMTP server needs a host name");
        }
        return new SmtpConfig(host, port, tls, starttls, user, passwordVariable, from, timeout);
    }

    private static String defaultFrom() {
        return "ferry@" + HostName.NAME;
    }

    /** This host's name as a mail domain, looked up once and only when needed. */
    private static final class HostName {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                // a name such as my_host is not a valid mail domain: such characters become '-'
                String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
                return name.isBlank() ? "localhost" : name;
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
    }
}
