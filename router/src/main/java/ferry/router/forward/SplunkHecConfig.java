package ferry.router.forward;

import ferry.router.config.yaml.ChannelSettings;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.tagexport.TagShape;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A Splunk HTTP Event Collector the tags of objects are exported to ({@code splunk-hec:} under
 * {@code destinations:}, docs/tag-export.md): each object one event, several events in one request.
 *
 * @param url               the collector's event endpoint, {@code https://splunk:8088/services/collector/event}
 * @param tokenVariable     the environment variable holding the HEC token (never the token itself)
 * @param index             the index the events go to, or null for the token's default index
 * @param sourcetype        the events' sourcetype
 * @param source            the events' source
 * @param host              the events' host, or null for this machine's name
 * @param shape             how the tags are written
 * @param batchSize         events in one request, at most
 * @param timeout           for connecting and for each answer
 * @param maxParallel       requests at once, at most
 * @param acknowledgement   wait for indexer acknowledgement before an event counts as delivered
 * @param ackTimeout        how long to wait for it
 * @param tls               trust and client certificate for an https URL, or null for Java's defaults
 */
public record SplunkHecConfig(URI url, String tokenVariable, String index, String sourcetype, String source,
                              String host, TagShape shape, int batchSize, Duration timeout, int maxParallel,
                              boolean acknowledgement, Duration ackTimeout, DestinationConfig.TlsStores tls)
        implements DestinationConfig {
    /** The sourcetype when none is given: Splunk's JSON, whose fields it extracts by itself. */
    public static final String DEFAULT_SOURCETYPE = "_json";
    /** The source when none is given. */
    public static final String DEFAULT_SOURCE = "ferry";
    /** Events in one request when not configured. */
    public static final int DEFAULT_BATCH_SIZE = 100;
    /** The most events in one request that may be configured. */
    public static final int MOST_BATCH_SIZE = 10_000;
    /** How long to wait for indexer acknowledgement when not configured. */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofMinutes(2);

    public SplunkHecConfig {
        Objects.requireNonNull(tokenVariable, "tokenVariable");
        Objects.requireNonNull(sourcetype, "sourcetype");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
    }

    /** A map with {@code url}, {@code token-env} and settings. */
    public static SplunkHecConfig parse(ConfigNode node, ConfigProblems problems, Path base) {
        Section section = Section.of(node, problems);
        URI url = DestinationSettings.requiredUrl(section);
        if (!section.has("token-env")) {
            problems.add(section.node(), "needs token-env: the environment variable holding the HEC token");
        }
        String token = section.variable("token-env", null);
        String index = blankToNull(section.string("index", null));
        String sourcetype = section.string("sourcetype", DEFAULT_SOURCETYPE);
        String source = section.string("source", DEFAULT_SOURCE);
        String host = blankToNull(section.string("host", null));
        TagShape shape = section.choice("shape", TagShape.class, TagShape.SIMPLIFIED);
        int batchSize = (int) section.integer("batch-size", DEFAULT_BATCH_SIZE, 1, MOST_BATCH_SIZE);
        Duration timeout = ChannelSettings.positiveDuration(section, "timeout", DestinationConfig.DEFAULT_TIMEOUT);
        int maxParallel = DestinationSettings.maxParallel(section);
        boolean acknowledgement = section.bool("acknowledgement", false);
        Duration ackTimeout = ChannelSettings.positiveDuration(section, "ack-timeout", DEFAULT_ACK_TIMEOUT);
        DestinationConfig.TlsStores tls = DestinationSettings.httpsTls(section, url, base);
        if (acknowledgement && url != null && collectorRoot(url) == null) {
            problems.add(section.node("url").orElse(section.node()), "acknowledgement needs the collector's URL "
                    + "(…/services/collector/event), to find …/services/collector/ack");
        }
        section.finish();
        return new SplunkHecConfig(url, Objects.requireNonNullElse(token, "?"), index, sourcetype, source, host, shape,
                batchSize, timeout, maxParallel, acknowledgement, ackTimeout, tls);
    }

    /** The URL up to {@code /services/collector} (where {@code /ack} is), or null when the path has none. */
    static URI collectorRoot(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        int at = path.indexOf("/services/collector");
        return at < 0 ? null : url.resolve(path.substring(0, at) + "/services/collector");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
