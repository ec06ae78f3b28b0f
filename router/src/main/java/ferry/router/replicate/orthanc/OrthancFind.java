package ferry.router.replicate.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.router.replicate.EndpointException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Orthanc's {@code POST /tools/find} at Instance level, expanded, and the limit its configuration may put on it.
 *
 * <p>Orthanc's {@code LimitFindInstances} (0, none, by default) applies to {@code /tools/find} too: Orthanc 1.10 then
 * looks at no more than LimitFindInstances + 1 instances of the index, whatever {@code Since} and {@code Limit} ask,
 * and says nothing of it; a query listed by pages would end there, missing the rest. So the limit is found out once,
 * when first needed ({@link #limit}): {@code GET /statistics} gives the number of instances N, and one request for
 * the instance at {@code Since} N - 1 tells whether the last is within reach; only when it is not is the limit
 * sought by bisection (about log2 N small requests). A question about given SOP Instance UIDs ({@link #matching})
 * asks about at most that many at once, so that its answer is never cut.
 */
final class OrthancFind {
    private static final String SOP_INSTANCE_UID = "0008,0018";

    private final HttpPeer orthanc;
    private volatile long limit;

    OrthancFind(HttpPeer orthanc) {
        this.orthanc = orthanc;
    }

    /** The most instances one request may find, or {@link Long#MAX_VALUE} when Orthanc sets no limit. */
    long limit() throws IOException, InterruptedException {
        if (limit == 0) {
            JsonNode statistics = orthanc.get("/statistics", "application/json");
            long count = statistics == null ? 0 : statistics.path("CountInstances").asLong();
            if (count < 2 || reaches(count - 1)) {
                limit = Long.MAX_VALUE;
            } else {
                long within = 0;
                long beyond = count - 1;
                while (beyond - within > 1) {
                    long middle = within + (beyond - within) / 2;
                    if (reaches(middle)) {
                        within = middle;
                    } else {
                        beyond = middle;
                    }
                }
                limit = within + 1;
            }
        }
        return limit;
    }

    /** Whether the instance at {@code since} of all is found. */
    private boolean reaches(long since) throws IOException, InterruptedException {
        ObjectNode request = HttpPeer.JSON.createObjectNode().put("Level", "Instance").put("Since", since)
                .put("Limit", 1);
        request.putObject("Query");
        return !list(request, null).isEmpty();
    }

    /** The expanded instances {@code keys} select, {@code limit} of them from {@code since}. */
    List<JsonNode> page(ObjectNode keys, long since, int limit) throws IOException, InterruptedException {
        ObjectNode request = HttpPeer.JSON.createObjectNode()
                .put("Level", "Instance")
                .put("Expand", true)
                .put("Since", since)
                .put("Limit", limit);
        request.set("Query", keys);
        return list(request, keys);
    }

    /**
     * The expanded instances of {@code sopInstanceUids} (any number) that {@code keys} select: one request per
     * {@link #limit} of them at most, each with their UIDs as a UID list (PS3.4 C.2.2.2.2) beside the keys (within
     * the keys' own SOP Instance UIDs, when they have some).
     */
    List<JsonNode> matching(ObjectNode keys, Collection<String> sopInstanceUids) throws IOException,
            InterruptedException {
        Set<String> uids = new LinkedHashSet<>(sopInstanceUids);
        if (keys.has(SOP_INSTANCE_UID)) {
            uids.retainAll(Arrays.asList(keys.get(SOP_INSTANCE_UID).asText().split("\\\\")));
        }
        List<String> asked = List.copyOf(uids);
        int batch = (int) Math.min(OrthancPresence.BATCH, limit());
        List<JsonNode> found = new ArrayList<>();
        for (int from = 0; from < asked.size(); from += batch) {
            ObjectNode query = keys.deepCopy();
            query.put(SOP_INSTANCE_UID, String.join("\\", asked.subList(from, Math.min(asked.size(), from + batch))));
            ObjectNode request = HttpPeer.JSON.createObjectNode().put("Level", "Instance").put("Expand", true);
            request.set("Query", query);
            found.addAll(list(request, keys));
        }
        return found;
    }

    /** The answer to {@code request}; a refusal of the query {@code keys} (HTTP 400) names the keys it refuses. */
    private List<JsonNode> list(ObjectNode request, ObjectNode keys) throws IOException, InterruptedException {
        JsonNode answer;
        try {
            answer = orthanc.post("/tools/find", request);
        } catch (EndpointException e) {
            if (keys == null || keys.isEmpty()) {
                throw e;
            }
            throw new EndpointException(e.side(), OrthancQuery.withKeywords(e.getMessage()) + " (the query: "
                    + keys + ")", e);
        }
        if (answer == null || !answer.isArray()) {
            throw orthanc.unusable("answered POST /tools/find with " + (answer == null ? "HTTP 404" : "no list")
                    + ": is it an Orthanc?");
        }
        List<JsonNode> elements = new ArrayList<>(answer.size());
        answer.forEach(elements::add);
        return elements;
    }
}
