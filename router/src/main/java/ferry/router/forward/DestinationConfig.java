package ferry.router.forward;

import ferry.router.config.yaml.ChannelSettings;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.storage.CollisionPolicy;
import ferry.router.storage.Layout;
import ferry.router.storage.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place objects are forwarded to, configured by name under the top-level {@code destinations:} map: a DICOM node
 * (C-STORE), a DICOMweb server (STOW-RS), an Orthanc (its REST API) or a folder; or where their tags are exported
 * to: a Splunk HTTP Event Collector ({@link SplunkHecConfig}) or a JSON lines file ({@link JsonLinesConfig}). Each entry is a map with one key
 * naming the type, e.g. {@code pacs: {dicom: {ae-title: PACS, host: 10.0.0.9, port: 104}}}; docs/forwarding.md
 * describes them and docs/configuration.md lists the keys.
 */
public sealed interface DestinationConfig permits DestinationConfig.Dicom, DestinationConfig.DicomWeb,
        DestinationConfig.Orthanc, DestinationConfig.Folder, SplunkHecConfig, JsonLinesConfig {
    /** The keys naming a destination's type, in the order problems name them. */
    List<String> TYPES = List.of("dicom", "dicomweb", "orthanc", "folder", "splunk-hec", "json-lines");
    /** Deliveries to one destination at once, by default. */
    int DEFAULT_MAX_PARALLEL = 2;
    /** The most deliveries to one destination at once that may be configured. */
    int MOST_PARALLEL = 64;
    /** How long a network destination may take to connect and to answer one object, by default. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** How many deliveries to this destination may run at once. */
    int maxParallel();

    /**
     * A DICOM node, sent to with C-STORE over a pool of associations.
     *
     * @param aeTitle        the node's (called) AE title
     * @param host           its host name or address
     * @param port           its port
     * @param callingAeTitle our AE title on the associations, or {@code null} for {@value #PASS_THROUGH}: the AE
     *                       title that sent each object to Ferry ({@value #DEFAULT_CALLING_AE_TITLE} when unknown)
     * @param maxParallel    associations open at once, at most
     * @param idleTimeout    an association unused this long is released
     * @param timeout        for connecting, for the association's answer and for each C-STORE response
     * @param tls            TLS, or {@code null} for plain TCP
     */
    record Dicom(String aeTitle, String host, int port, String callingAeTitle, int maxParallel, Duration idleTimeout,
                 Duration timeout, TlsStores tls) implements DestinationConfig {
        /** The port when none is given: DICOM's well-known port (PS3.8 Annex G). */
        public static final int DEFAULT_PORT = 104;
        /** Our AE title when none is given. */
        public static final String DEFAULT_CALLING_AE_TITLE = ChannelSettings.DEFAULT_AE_TITLE;
        /** The {@code calling-ae-title} that passes the sender's AE title through. */
        public static final String PASS_THROUGH = "pass-through";
        /** How long an unused association stays open, by default. */
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

        private static final Pattern SHORT_FORM = Pattern.compile("([^@]+)@(\\[[^\\]]+\\]|[^:@\\[]+):(\\d{1,5})");

        public Dicom {
            Objects.requireNonNull(aeTitle, "aeTitle");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(timeout, "timeout");
        }

        /** Whether each object goes with the AE title of its sender. */
        public boolean passThrough() {
            return callingAeTitle == null;
        }

        /** {@code AET@host:port}, or a map with {@code ae-title}, {@code host} and settings. */
        public static Dicom parse(ConfigNode node, ConfigProblems problems, Path base) {
            if (node instanceof ConfigNode.ScalarNode scalar) {
                return shortForm(scalar, problems);
            }
            Section section = Section.of(node, problems);
            String aeTitle = section.requiredString("ae-title");
            if (aeTitle != null) {
                aeTitle = ChannelSettings.aeTitle(aeTitle, section.node("ae-title").orElseThrow(), problems);
            }
            String host = section.requiredString("host");
            host = host == null ? null : host.strip();
            if (host != null && host.isEmpty()) {
                problems.add(section.node("host").orElseThrow(), "expected a host name or address");
            }
            int port = (int) section.integer("port", DEFAULT_PORT, 1, 65535);
            String calling = section.string("calling-ae-title", DEFAULT_CALLING_AE_TITLE);
            if (calling.strip().equals(PASS_THROUGH)) {
                calling = null;
            } else {
                calling = Objects.requireNonNullElse(ChannelSettings.aeTitle(calling,
                        section.node("calling-ae-title").orElse(node), problems), DEFAULT_CALLING_AE_TITLE);
            }
            int maxParallel = DestinationSettings.maxParallel(section);
            Duration idleTimeout = ChannelSettings.positiveDuration(section, "idle-timeout", DEFAULT_IDLE_TIMEOUT);
            Duration timeout = ChannelSettings.positiveDuration(section, "timeout", DEFAULT_TIMEOUT);
            TlsStores tls = section.section("tls").map(t -> TlsStores.parse(t, base)).orElse(null);
            section.finish();
            return new Dicom(Objects.requireNonNullElse(aeTitle, "?"), Objects.requireNonNullElse(host, "?"), port,
                    calling, maxParallel, idleTimeout, timeout, tls);
        }

        private static Dicom shortForm(ConfigNode.ScalarNode scalar, ConfigProblems problems) {
            String text = Objects.requireNonNullElse(scalar.value(), "").strip();
            Matcher m = SHORT_FORM.matcher(text);
            String aeTitle = m.matches() ? ChannelSettings.aeTitle(m.group(1), scalar, problems) : null;
            int port = m.matches() ? Integer.parseInt(m.group(3)) : 0;
            if (!m.matches() || port < 1 || port > 65535) {
                problems.add(scalar, "expected AET@host:port or a map with ae-title, host and port, found '"
                        + text + "'");
            }
            String host = m.matches() ? m.group(2).replace("[", "").replace("]", "") : "?";
            return new Dicom(Objects.requireNonNullElse(aeTitle, "?"), host, port, DEFAULT_CALLING_AE_TITLE,
                    DEFAULT_MAX_PARALLEL, DEFAULT_IDLE_TIMEOUT, DEFAULT_TIMEOUT, null);
        }
    }

    /**
     * The key stores of a TLS connection Ferry opens (DICOM over TLS as in PS3.15 Annex B, or HTTPS); without
     * either store TLS runs with Java's trusted certificates and no client certificate.
     *
     * @param keyStore         PKCS#12 or JKS with our key and certificate, for peers that ask for one; or null
     * @param trustStore       the certificates (or CA) of the peers to trust; null for Java's default trust
     * @param passwordVariable the environment variable holding the stores' password (needed when a store is given)
     */
    record TlsStores(Path keyStore, Path trustStore, String passwordVariable) {
        /** The password variable when none is named, as for listeners. */
        public static final String DEFAULT_PASSWORD_VARIABLE = "FERRY_TLS_PASSWORD";

        /** Whether a store is given, so the password is needed. */
        public boolean hasStores() {
            return keyStore != null || trustStore != null;
        }

        static TlsStores parse(Section section, Path base) {
            String keyStore = section.string("key-store", null);
            String trustStore = section.string("trust-store", null);
            String variable = section.variable("password-env", DEFAULT_PASSWORD_VARIABLE);
            section.finish();
            return new TlsStores(keyStore == null ? null : base.resolve(keyStore),
                    trustStore == null ? null : base.resolve(trustStore), variable);
        }
    }

    /**
     * A DICOMweb server, sent to with STOW-RS (PS3.18 §10.5).
     *
     * @param url            the service's base URL; objects are POSTed to {@code url/studies}
     * @param auth           how requests authenticate
     * @param user           the user of {@link Auth#BASIC}, else null
     * @param secretVariable the environment variable with the password ({@link Auth#BASIC}) or the token
     *                       ({@link Auth#BEARER}), else null
     * @param headers        extra request headers
     * @param timeout        for connecting and for the answer to each object
     * @param maxParallel    requests at once, at most
     * @param tls            trust and client certificate for an https URL, or null for Java's defaults
     */
    record DicomWeb(URI url, Auth auth, String user, String secretVariable, Map<String, String> headers,
                    Duration timeout, int maxParallel, TlsStores tls) implements DestinationConfig {
        /** How requests authenticate. */
        public enum Auth { NONE, BASIC, BEARER }

        public DicomWeb {
            Objects.requireNonNull(auth, "auth");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /**
         * {@code https://...}, or a map with {@code url} and settings. {@code auth} is {@code bearer} when a
         * {@code token-variable} is given, {@code basic} with a {@code user}, else {@code none}, unless written.
         */
        public static DicomWeb parse(ConfigNode node, ConfigProblems problems, Path base) {
            if (node instanceof ConfigNode.ScalarNode) {
                return new DicomWeb(DestinationSettings.url(node, problems), Auth.NONE, null, null, Map.of(), DEFAULT_TIMEOUT,
                        DEFAULT_MAX_PARALLEL, null);
            }
            Section section = Section.of(node, problems);
            URI url = DestinationSettings.requiredUrl(section);
            String user = section.string("user", null);
            String password = section.variable("password-variable", null);
            String token = section.variable("token-variable", null);
            Auth auth = section.choice("auth", Auth.class, token != null ? Auth.BEARER
                    : user != null ? Auth.BASIC : Auth.NONE);
            String secret = switch (auth) {
                case BASIC -> credentials(section, user, password, "token-variable", token);
                case BEARER -> {
                    unused(section, "user", user, "auth: bearer");
                    unused(section, "password-variable", password, "auth: bearer");
                    if (token == null) {
                        problems.add(section.node(), "auth: bearer needs token-variable: the environment variable "
                                + "holding the token");
                    }
                    yield token;
                }
                case NONE -> {
                    unused(section, "user", user, "auth: none");
                    unused(section, "password-variable", password, "auth: none");
                    unused(section, "token-variable", token, "auth: none");
                    yield null;
                }
            };
            Map<String, String> headers = section.node("headers")
                    .map(h -> ChannelSettings.headers(h, problems, "Authorization", "Accept")).orElse(Map.of());
            Duration timeout = ChannelSettings.positiveDuration(section, "timeout", DEFAULT_TIMEOUT);
            int maxParallel = DestinationSettings.maxParallel(section);
            TlsStores tls = DestinationSettings.httpsTls(section, url, base);
            section.finish();
            return new DicomWeb(url, auth, auth == Auth.BASIC ? user : null, secret, headers, timeout, maxParallel,
                    tls);
        }
    }

    /**
     * An Orthanc server, sent to through its REST API ({@code POST /instances}).
     *
     * @param url              Orthanc's base URL, e.g. {@code http://orthanc:8042}
     * @param user             the user of HTTP basic authentication, or null for none
     * @param passwordVariable the environment variable with that user's password, or null
     * @param skipExisting     look each object up first ({@code POST /tools/lookup}) and send only what Orthanc lacks
     * @param timeout          for connecting and for each answer
     * @param maxParallel      requests at once, at most
     * @param tls              trust and client certificate for an https URL, or null for Java's defaults
     */
    record Orthanc(URI url, String user, String passwordVariable, boolean skipExisting, Duration timeout,
                   int maxParallel, TlsStores tls) implements DestinationConfig {
        /** {@code http://host:8042}, or a map with {@code url} and settings. */
        public static Orthanc parse(ConfigNode node, ConfigProblems problems, Path base) {
            if (node instanceof ConfigNode.ScalarNode) {
                return new Orthanc(DestinationSettings.url(node, problems), null, null, true, DEFAULT_TIMEOUT, DEFAULT_MAX_PARALLEL,
                        null);
            }
            Section section = Section.of(node, problems);
            URI url = DestinationSettings.requiredUrl(section);
            String user = section.string("user", null);
            String password = section.variable("password-variable", null);
            if (user == null) {
                unused(section, "password-variable", password, "no user");
            } else {
                credentials(section, user, password, null, null);
            }
            boolean skipExisting = section.bool("skip-existing", true);
            Duration timeout = ChannelSettings.positiveDuration(section, "timeout", DEFAULT_TIMEOUT);
            int maxParallel = DestinationSettings.maxParallel(section);
            TlsStores tls = DestinationSettings.httpsTls(section, url, base);
            section.finish();
            return new Orthanc(url, user, user == null ? null : password, skipExisting, timeout, maxParallel, tls);
        }
    }

    /**
     * A folder, filled as a route's store action fills one (the same layouts and collision policies).
     *
     * @param store       the folder, its layout and collision policy (no edits: a destination's edits are applied
     *                    before it is handed the object)
     * @param maxParallel objects placed at once, at most
     */
    record Folder(StoreConfig store, int maxParallel) implements DestinationConfig {
        public Folder {
            Objects.requireNonNull(store, "store");
        }

        /** {@code folder} with the default layout, {@code skip-identical}, the default parallelism. */
        public static Folder at(Path folder) {
            return new Folder(new StoreConfig(folder, Layout.preset("default"), CollisionPolicy.SKIP_IDENTICAL,
                    List.of()), DEFAULT_MAX_PARALLEL);
        }

        /** A folder path (default layout, {@code skip-identical}), or a map with {@code folder} and settings. */
        public static Folder parse(ConfigNode node, ConfigProblems problems, Path base) {
            if (node instanceof ConfigNode.ScalarNode scalar && scalar.value() != null && !scalar.value().isBlank()) {
                return at(base.resolve(scalar.value().strip()));
            }
            Section section = Section.of(node, problems);
            String folder = section.requiredString("folder");
            Layout layout = section.node("layout").map(l -> Layout.parse(l, problems))
                    .orElseGet(() -> Layout.preset("default"));
            CollisionPolicy collision = section.choice("collision", CollisionPolicy.class,
                    CollisionPolicy.SKIP_IDENTICAL);
            int maxParallel = DestinationSettings.maxParallel(section);
            section.finish();
            return new Folder(new StoreConfig(base.resolve(folder == null ? "." : folder.strip()), layout, collision,
                    List.of()), maxParallel);
        }
    }

    /**
     * Reads the top-level {@code destinations:} map: names to entries, each a map with one key naming the type
     * ({@link #TYPES}). Every problem is reported with its line;
     * an entry that names no type is left out. The map keeps the file's order.
     */
    static Map<String, DestinationConfig> parseAll(ConfigNode destinations, ConfigProblems problems, Path base) {
        if (!(destinations instanceof ConfigNode.MapNode map)) {
            problems.add(destinations, "expected a map of destination names to destinations, found "
                    + destinations.kind());
            return Map.of();
        }
        Map<String, DestinationConfig> all = new LinkedHashMap<>();
        Map<Path, String> lineFiles = new HashMap<>();
        for (Map.Entry<String, ConfigNode> entry : map.entries().entrySet()) {
            String name = entry.getKey();
            if (name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
                problems.add(entry.getValue(), "'" + name.replaceAll("\\p{Cntrl}", "?")
                        + "' cannot be a destination name (not empty, no control characters)");
            }
            DestinationConfig config = parseOne(entry.getValue(), problems, base);
            if (config != null) {
                all.put(name, config);
            }
            if (config instanceof JsonLinesConfig lines) {
                String other = lineFiles.putIfAbsent(lines.folder().resolve(lines.name()).toAbsolutePath()
                        .normalize(), name);
                if (other != null) {
                    problems.add(entry.getValue(), "writes the same files as destination " + other + " ("
                            + lines.folder() + ", name " + lines.name() + "): give it another folder or name");
                }
            }
        }
        return Collections.unmodifiableMap(all);
    }

    private static DestinationConfig parseOne(ConfigNode node, ConfigProblems problems, Path base) {
        Section entry = Section.of(node, problems);
        Map<String, ConfigNode> types = new LinkedHashMap<>();
        for (String type : TYPES) {
            entry.node(type).ifPresent(typed -> types.put(type, typed));
        }
        entry.finish();
        if (types.size() != 1) {
            problems.add(node, types.isEmpty() ? "names no destination type: expected " + String.join(", ", TYPES)
                    : "names " + types.size() + " destination types; give each destination a name of its own");
        }
        if (types.isEmpty()) {
            return null;
        }
        Map.Entry<String, ConfigNode> typed = types.entrySet().iterator().next();
        return switch (typed.getKey()) {
            case "dicom" -> Dicom.parse(typed.getValue(), problems, base);
            case "dicomweb" -> DicomWeb.parse(typed.getValue(), problems, base);
            case "orthanc" -> Orthanc.parse(typed.getValue(), problems, base);
            case "splunk-hec" -> SplunkHecConfig.parse(typed.getValue(), problems, base);
            case "json-lines" -> JsonLinesConfig.parse(typed.getValue(), problems, base);
            default -> Folder.parse(typed.getValue(), problems, base);
        };
    }

    /** The password variable of basic authentication (reported when missing), and no token besides. */
    private static String credentials(Section section, String user, String passwordVariable, String tokenKey,
                                      String token) {
        if (user == null || user.isBlank()) {
            section.problems().add(section.node(), "basic authentication needs a user");
        }
        if (passwordVariable == null) {
            section.problems().add(section.node(), "basic authentication needs password-variable: the environment "
                    + "variable holding the password");
        }
        if (tokenKey != null) {
            unused(section, tokenKey, token, "auth: basic");
        }
        return passwordVariable;
    }

    private static void unused(Section section, String key, String value, String because) {
        if (value != null) {
            section.problems().add(section.node(key).orElse(section.node()), key + " has no use with " + because);
        }
    }
}
