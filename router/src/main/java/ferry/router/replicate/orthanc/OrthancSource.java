package ferry.router.replicate.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.router.forward.DestinationConfig;
import ferry.router.forward.Destinations;
import ferry.router.forward.HttpEndpoint;
import ferry.router.replicate.ChangeFeed;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.InstanceException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.ReplicationSource;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A replication source: an Orthanc over its REST API (checked against Orthanc 1.10), HTTP basic authentication as the
 * configured user, TLS from the configured stores.
 *
 * <p>Listing: every instance through {@code GET /instances?expand&since=&limit=}, or those a query selects through
 * {@code POST /tools/find} at Instance level with {@code Expand}, {@code Since} and {@code Limit} ({@link OrthancQuery}
 * says how Orthanc matches the keys), {@value #PAGE} instances a request, read by {@link OverlappingPages} so that
 * deletions in the source meanwhile skip nothing. When the Orthanc limits what {@code /tools/find} answers
 * ({@code LimitFindInstances}, found out by {@link OrthancFind}), a query is listed as every instance, each page
 * matched by {@code /tools/find} with its SOP Instance UIDs (within the limit) and the query's keys. Each instance
 * carries its SOP Instance UID, Study and Series Instance UIDs ({@link OrthancInstances}: one request more per series
 * and per study), Orthanc's instance id as locator and its file size; no SOP Class UID. A listing of N instances in
 * S series of T studies costs ⌈N / {@value #PAGE}⌉ + 1 + S + T requests (a page a little more after deletions;
 * with a query, N is the number it selects, and one request more finds out the limit: ⌈log2 of all instances⌉ more
 * when there is one, and ⌈all / {@value #PAGE}⌉ × ⌈{@value #PAGE} / limit⌉ requests more to match the pages).
 *
 * <p>Fetching: {@code GET /instances/{id}/file}, streamed to the target file; thread-safe. The instance gone (404), a
 * body that is not a DICOM Part 10 file ("DICM" at byte 128, PS3.10 §7.1), an answer that breaks off or stops coming
 * for the time limit, is an {@link InstanceException}; a source that cannot be reached or refuses the credentials an
 * {@link EndpointException}; a target that cannot be written a {@link FileSystemException}. A target that is not a
 * whole Part 10 file from the source is removed.
 *
 * <p>Following: {@link #changes} reads Orthanc's {@code /changes} ({@link OrthancChangeFeed}).
 */
public final class OrthancSource implements ReplicationSource {
    /** Instances asked for per request. */
    static final int PAGE = 1000;
    private static final byte[] DICM = "DICM".getBytes(StandardCharsets.US_ASCII);
    /** An Orthanc resource id: a SHA-1 written as five groups of eight hexadecimal digits. */
    private static final Pattern ORTHANC_ID = Pattern.compile("\\p{XDigit}{8}(-\\p{XDigit}{8}){4}");

    private final HttpPeer orthanc;
    private final OrthancInstances instances;
    private final OrthancFind find;
    private final int page;

    /**
     * @param name        the configured name of the node (a destination entry), for messages
     * @param environment looks up the environment variables secrets are read from
     * @throws IllegalStateException when the password variable is not set, or the TLS stores cannot be read
     */
    public OrthancSource(String name, DestinationConfig.Orthanc config, Function<String, String> environment) {
        this(name, config, environment, PAGE);
    }

    /** With {@code page} instances (and changes) asked for per request. */
    OrthancSource(String name, DestinationConfig.Orthanc config, Function<String, String> environment, int page) {
        this.orthanc = peer(name, config, environment, EndpointException.Side.SOURCE);
        this.instances = new OrthancInstances(orthanc);
        this.find = new OrthancFind(orthanc);
        this.page = page;
    }

    /** The REST API of the Orthanc {@code config} on {@code side}, as the user configured. */
    static HttpPeer peer(String name, DestinationConfig.Orthanc config, Function<String, String> environment,
                         EndpointException.Side side) {
        String password = config.user() == null ? null
                : Destinations.secret(environment, config.passwordVariable(), name, "password-variable");
        HttpEndpoint endpoint = HttpEndpoint.orthanc(config, password, Destinations.ssl(name, config.tls(),
                environment));
        return new HttpPeer(endpoint, side, name, "Orthanc", config.user() == null
                ? "user and password-variable (none is set)" : "user and password-variable");
    }

    @Override
    public String describe() {
        return orthanc.describe();
    }

    @Override
    public void list(ReplicationQuery query, Pages pages) throws IOException, InterruptedException {
        OverlappingPages.Window<JsonNode> every = (since, limit) -> elements(orthanc.get("/instances?expand&since="
                + since + "&limit=" + limit, "application/json"));
        ObjectNode keys = query.isAll() ? null : OrthancQuery.of(query, orthanc);
        // with a limit on /tools/find, every page of all instances is matched on its own, within the limit
        boolean limited = keys != null && find.limit() != Long.MAX_VALUE;
        OverlappingPages.Window<JsonNode> window = keys == null || limited ? every
                : (since, limit) -> find.page(keys, since, limit);
        new OverlappingPages(page).read(window, json -> json.path("ID").asText(""), entries -> {
            List<SourceInstance> listed = new ArrayList<>(entries.size());
            for (JsonNode entry : limited ? matching(keys, entries) : entries) {
                SourceInstance instance = instances.of(entry);
                if (instance != null) {
                    listed.add(instance);
                }
            }
            return listed.isEmpty() || pages.accept(listed);
        });
    }

    /** Those of {@code entries} (expanded instances) that {@code keys} select. */
    private List<JsonNode> matching(ObjectNode keys, List<JsonNode> entries) throws IOException,
            InterruptedException {
        List<String> uids = new ArrayList<>(entries.size());
        entries.forEach(entry -> uids.add(entry.path("MainDicomTags").path("SOPInstanceUID").asText("").strip()));
        Set<String> ids = new HashSet<>();
        find.matching(keys, uids).forEach(instance -> ids.add(instance.path("ID").asText()));
        return entries.stream().filter(entry -> ids.contains(entry.path("ID").asText())).toList();
    }

    /** The elements of a JSON array answer of {@code GET /instances}. */
    private List<JsonNode> elements(JsonNode array) throws EndpointException {
        if (array == null || !array.isArray()) {
            throw orthanc.unusable("answered GET /instances with " + (array == null ? "HTTP 404" : "no list")
                    + ": is it an Orthanc?");
        }
        List<JsonNode> elements = new ArrayList<>(array.size());
        array.forEach(elements::add);
        return elements;
    }

    @Override
    public void fetch(SourceInstance instance, Path target) throws IOException, InterruptedException {
        String what = "instance " + instance.locator() + " (SOP Instance UID " + instance.sopInstanceUid() + ")";
        if (!ORTHANC_ID.matcher(instance.locator()).matches()) {
            throw new InstanceException(what + ": not an Orthanc instance id, so not from " + orthanc.who());
        }
        HttpEndpoint.Answer answer;
        try {
            answer = orthanc.download("/instances/" + instance.locator() + "/file", target);
        } catch (InstanceException e) {
            Files.deleteIfExists(target);
            throw new InstanceException(what + ": " + e.getMessage(), e);
        } catch (FileSystemException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        if (answer.status() == 404) {
            throw new InstanceException(what + " is no longer in " + orthanc.who() + " (HTTP 404)");
        }
        if (!answer.ok()) {
            throw new InstanceException(orthanc.who() + " could not give " + what + ": " + HttpPeer.detail(answer));
        }
        if (!isPart10(target)) {
            Files.deleteIfExists(target);
            throw new InstanceException(orthanc.who() + " gave for " + what + " something that is not a DICOM file "
                    + "(no \"DICM\" at byte 128, PS3.10 §7.1)");
        }
    }

    /** Whether {@code file} begins with a Part 10 preamble and prefix. */
    private static boolean isPart10(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && Arrays.equals(head, 128, 132, DICM, 0, 4);
        }
    }

    /**
     * The feed of the instances added to this Orthanc that {@code query} selects: each page of new instances is
     * matched by one {@code /tools/find} with their SOP Instance UIDs and the query's keys.
     */
    @Override
    public Optional<ChangeFeed> changes(ReplicationQuery query) {
        return Optional.of(new OrthancChangeFeed(orthanc, instances, find, query, page));
    }

    /** Closes the kept connections. */
    @Override
    public void close() {
        orthanc.close();
    }
}
