package ferry.router.config;

import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.CallerRule;
import ferry.router.config.yaml.ChannelSettings;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One DICOM listener: where it listens, which called AE titles it answers to, who may call it, how many
 * associations it serves at once, the time limits and connection limits that keep slow peers from holding it, and
 * TLS.
 *
 * @param bindAddress     local address to listen on; {@code null} for all
 * @param port            TCP port
 * @param aeTitles        called AE titles served; empty answers to any (promiscuous)
 * @param allowedCallers  callers admitted (AE title, optional address); empty admits anyone
 * @param maxAssociations associations served at once; more are rejected with "local limit exceeded"
 * @param limits          time limits and the limits of connections awaiting their association
 * @param tls             TLS settings, or {@code null} for plain TCP
 * @param queryRetrieve   whether it answers C-FIND, C-MOVE and C-GET of the Patient Root and Study Root models over
 *                        the index ({@code query-retrieve: on}, docs/query-retrieve.md); off, their presentation
 *                        contexts are refused at negotiation
 */
public record ListenerConfig(InetAddress bindAddress, int port, Set<String> aeTitles, List<CallerRule> allowedCallers,
                             int maxAssociations, AcceptorLimits limits, TlsConfig tls, boolean queryRetrieve) {
    /** The port of the embedded default. */
    public static final int DEFAULT_PORT = 11112;
    /** The AE title of the embedded default. */
    public static final String DEFAULT_AE_TITLE = ChannelSettings.DEFAULT_AE_TITLE;
    /** Associations served at once by default. */
    public static final int DEFAULT_MAX_ASSOCIATIONS = 64;

    public ListenerConfig {
        aeTitles = Set.copyOf(aeTitles);
        allowedCallers = List.copyOf(allowedCallers);
    }

    /** The listener of the embedded default: AE {@code FERRY} on port 11112, all addresses, anyone may call. */
    public static ListenerConfig embeddedDefault() {
        return new ListenerConfig(null, DEFAULT_PORT, Set.of(DEFAULT_AE_TITLE), List.of(), DEFAULT_MAX_ASSOCIATIONS,
                AcceptorLimits.DEFAULT, null, false);
    }

    /**
     * TLS for a listener (PS3.15 Annex B): our key and certificate, the peers to trust, and whether callers must
     * present a certificate. The password is read from the named environment variable so it stays out of the file.
     */
    public record TlsConfig(Path keyStore, Path trustStore, String passwordVariable, boolean requireClientCertificate) {
    }

    static ListenerConfig parse(ConfigNode node, ConfigProblems problems, Path base) {
        Section section = Section.of(node, problems);
        InetAddress bind = null;
        String bindText = section.string("bind", null);
        if (bindText != null) {
            bind = ChannelSettings.ipAddress(bindText, section.node("bind").orElseThrow(), problems);
        }
        int port = (int) section.integer("port", DEFAULT_PORT, 1, 65535);
        Set<String> aeTitles = new LinkedHashSet<>();
        for (ConfigNode title : section.list("ae-titles")) {
            String text = section.scalar(title);
            String checked = text == null ? null : ChannelSettings.aeTitle(text, title, problems);
            if (checked != null) {
                aeTitles.add(checked);
            }
        }
        if (!section.has("ae-titles")) {
            aeTitles.add(DEFAULT_AE_TITLE);
        }
        List<CallerRule> callers = new ArrayList<>();
        for (ConfigNode caller : section.list("allowed-callers")) {
            CallerRule rule = caller(caller, problems);
            if (rule != null) {
                callers.add(rule);
            }
        }
        int maxAssociations = (int) section.integer("max-associations", DEFAULT_MAX_ASSOCIATIONS, 1, 10_000);
        AcceptorLimits limits = limits(section);
        TlsConfig tls = section.section("tls").map(t -> tls(t, base, true)).orElse(null);
        boolean queryRetrieve = section.bool("query-retrieve", false);
        section.finish();
        return new ListenerConfig(bind, port, aeTitles, callers, maxAssociations, limits, tls, queryRetrieve);
    }

    /** The time limits and pending-connection limits (docs/configuration.md, {@code listeners[]}). */
    private static AcceptorLimits limits(Section section) {
        AcceptorLimits defaults = AcceptorLimits.DEFAULT;
        Duration request = ChannelSettings.positiveDuration(section, "association-request-timeout",
                defaults.associationRequest());
        Duration pdu = ChannelSettings.positiveDuration(section, "pdu-timeout", defaults.pdu());
        long rate = section.size("min-data-rate", defaults.minDataRate());
        if (rate < 1) {
            section.problems().add(section.node("min-data-rate").orElse(section.node()),
                    "must be at least 1 byte per second, e.g. 8KB");
            rate = defaults.minDataRate();
        }
        Duration idle = ChannelSettings.positiveDuration(section, "idle-timeout", defaults.idle());
        int pending = (int) section.integer("max-pending", defaults.maxPending(), 1, 10_000);
        int pendingPerAddress = (int) section.integer("max-pending-per-address", defaults.maxPendingPerAddress(), 1,
                10_000);
        return new AcceptorLimits(request, pdu, rate, idle, pending, pendingPerAddress);
    }

    /** {@code SCANNER1}, {@code SCANNER1@10.0.0.5}, or {@code {ae: SCANNER1, address: 10.0.0.5}}. */
    private static CallerRule caller(ConfigNode node, ConfigProblems problems) {
        String ae;
        String addressText;
        ConfigNode where = node;
        if (node instanceof ConfigNode.MapNode) {
            Section section = Section.of(node, problems);
            ae = section.requiredString("ae");
            addressText = section.string("address", null);
            where = section.node("address").orElse(node);
            section.finish();
        } else if (node instanceof ConfigNode.ScalarNode scalar && scalar.value() != null) {
            String text = scalar.value().trim();
            int at = text.lastIndexOf('@');
            ae = at < 0 ? text : text.substring(0, at);
            addressText = at < 0 ? null : text.substring(at + 1);
        } else {
            problems.add(node, "expected an AE title, AE@address, or {ae:, address:}");
            return null;
        }
        if (ae == null || ae.isBlank()) {
            problems.add(node, "a caller needs an AE title");
            return null;
        }
        InetAddress address = addressText == null ? null : ChannelSettings.ipAddress(addressText, where, problems);
        return new CallerRule(ae.trim(), address);
    }

    /** A {@code tls:} section; {@code requireByDefault} is {@code require-client-certificate}'s default. */
    static TlsConfig tls(Section section, Path base, boolean requireByDefault) {
        String keyStore = section.requiredString("key-store");
        String trustStore = section.string("trust-store", null);
        String variable = section.variable("password-env", "FERRY_TLS_PASSWORD");
        boolean require = section.bool("require-client-certificate", requireByDefault);
        section.finish();
        return new TlsConfig(keyStore == null ? null : base.resolve(keyStore),
                trustStore == null ? null : base.resolve(trustStore), variable, require);
    }
}
