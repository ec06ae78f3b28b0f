package ferry.router.replicate;

import ferry.router.config.yaml.ChannelSettings;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.edit.TagEdit;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code replications:} (docs/replication.md): a replication {@code ferry run} keeps going, and that
 * {@code ferry replicate NAME} runs once.
 *
 * @param name     its name, unique: the key of its record in Ferry's database
 * @param from     the source ({@link ferry.router.replicate.service.Endpoints})
 * @param to       the destination ({@link ferry.router.replicate.service.Endpoints})
 * @param query    which instances of the source
 * @param edits    applied to each copy on the way ({@code modify:}, de-identification among them)
 * @param parallel copies at once
 * @param follow   whether {@code ferry run} follows the source (else it makes a pass every {@code relist})
 * @param poll     how often a source's change feed is asked while it has nothing new
 * @param relist   how often a source without a change feed is listed again
 * @param retrieve how a DICOM source's instances are fetched: {@link Retrieve#GET} for every other source
 */
public record ReplicationConfig(String name, String from, String to, ReplicationQuery query, List<TagEdit> edits,
                                int parallel, boolean follow, Duration poll, Duration relist, Retrieve retrieve) {
    /** Copies at once when not configured. */
    public static final int DEFAULT_PARALLEL = 4;
    /** How often a feed is asked when not configured. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    /** How often a source without a feed is listed again when not configured. */
    public static final Duration DEFAULT_RELIST = Duration.ofMinutes(10);
    private static final String MOVE_AE_TITLE = "move-ae-title";
    private static final String MOVE_PORT = "move-port";
    private static final String MOVE_BIND = "move-bind";

    public ReplicationConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(retrieve, "retrieve");
        edits = List.copyOf(edits);
    }

    /** The same replication fetching its instances by {@code other}. */
    public ReplicationConfig withRetrieve(Retrieve other) {
        return new ReplicationConfig(name, from, to, query, edits, parallel, follow, poll, relist, other);
    }

    /** The same replication making {@code copies} at once. */
    public ReplicationConfig withParallel(int copies) {
        return new ReplicationConfig(name, from, to, query, edits, copies, follow, poll, relist, retrieve);
    }

    /** Reads one entry of {@code replications:}; {@code null} when it lacks what it needs (reported). */
    public static ReplicationConfig parse(ConfigNode node, Path base, ConfigProblems problems) {
        Section section = Section.of(node, problems);
        String name = section.requiredString("name");
        String from = section.requiredString("from");
        String to = section.requiredString("to");
        Map<String, String> keys = new LinkedHashMap<>();
        section.section("query").ifPresent(query -> {
            for (Map.Entry<String, ConfigNode> key : query.node().entries().entrySet()) {
                keys.put(key.getKey(), query.scalar(key.getValue()));
            }
        });
        ReplicationQuery query = ReplicationQuery.ALL;
        try {
            query = ReplicationQuery.of(keys);
        } catch (IllegalArgumentException e) {
            problems.add(section.node("query").orElse(section.node()), e.getMessage());
        }
        List<TagEdit> edits = section.node("modify").map(m -> TagEdit.parse(m, base, problems)).orElse(List.of());
        int parallel = (int) section.integer("parallel", DEFAULT_PARALLEL, 1, 64);
        boolean follow = section.bool("follow", true);
        Duration poll = section.duration("poll", DEFAULT_POLL);
        Duration relist = section.duration("relist", DEFAULT_RELIST);
        Retrieve retrieve = retrieve(section);
        section.finish();
        if (name == null || from == null || to == null || retrieve == null) {
            return null;
        }
        return new ReplicationConfig(name.strip(), resolved(from.strip(), base), resolved(to.strip(), base), query,
                edits, parallel, follow, poll, relist, retrieve);
    }

    /**
     * {@code retrieve: get} (the default) or {@code retrieve: move} with {@code move-ae-title}, {@code move-port} and
     * optionally {@code move-bind}; null when it is wrong (reported).
     */
    private static Retrieve retrieve(Section section) {
        String method = section.string("retrieve", "get");
        String aeTitle = section.string(MOVE_AE_TITLE, null);
        long port = section.integer(MOVE_PORT, 0, 1, 65535);
        String bind = section.string(MOVE_BIND, null);
        ConfigProblems problems = section.problems();
        switch (method.strip().toLowerCase(Locale.ROOT)) {
            case "get" -> {
                for (String key : List.of(MOVE_AE_TITLE, MOVE_PORT, MOVE_BIND)) {
                    section.node(key).ifPresent(node -> problems.add(node, "is for retrieve: move; this "
                            + "replication fetches by C-GET (retrieve: get, the default)"));
                }
                return Retrieve.GET;
            }
            case "move" -> {
                if (aeTitle == null || !section.has(MOVE_PORT)) {
                    problems.add(section.node("retrieve").orElseThrow(), "retrieve: move needs " + MOVE_AE_TITLE
                            + " and " + MOVE_PORT + ": the AE title and port of the listener Ferry opens for the "
                            + "objects, which the node must know as a move destination (docs/replication-dicom.md)");
                    return null;
                }
                String checked = ChannelSettings.aeTitle(aeTitle, section.node(MOVE_AE_TITLE).orElseThrow(), problems);
                InetAddress address = bind == null ? null
                        : ChannelSettings.ipAddress(bind, section.node(MOVE_BIND).orElseThrow(), problems);
                if (checked == null || port == 0 || bind != null && address == null) {
                    return null;
                }
                return new Retrieve.Move(checked, address, (int) port);
            }
            default -> {
                problems.add(section.node("retrieve").orElseThrow(), "expected get or move, found '" + method + "'");
                return null;
            }
        }
    }

    /** A folder (a path with a /) resolved against the configuration's folder; a name or URL as it is. */
    private static String resolved(String end, Path base) {
        if (!end.contains("/") || end.startsWith("http://") || end.startsWith("https://")) {
            return end;
        }
        return base.resolve(end).normalize().toString();
    }
}
