package ferry.router.replicate.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.router.replicate.ChangeFeed;
import ferry.router.replicate.FeedTruncatedException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An Orthanc's changes log ({@code GET /changes?since=&limit=}) as a {@link ChangeFeed}: the cursor is the sequence
 * number ({@code Seq}) of the last change read, {@link #latest} Orthanc's {@code Last} ({@code GET /changes?last}),
 * and a page's {@code more} is the opposite of Orthanc's {@code Done}. Of the changes, only {@code NewInstance}
 * becomes an instance, each resolved by {@code GET /instances/{id}} (and its series and study, once each: see
 * {@link OrthancInstances}); one that is gone meanwhile is left out, as there is nothing to copy. With a query, each
 * page's new instances are matched by {@code POST /tools/find} with their SOP Instance UIDs and the query's keys
 * ({@link OrthancFind#matching}).
 *
 * <p>When is the feed truncated? Orthanc numbers its changes in one sequence that never goes back (SQLite
 * AUTOINCREMENT), and removes changes in two ways: {@code DELETE /changes} clears them all, and deleting a resource
 * deletes its changes with it. So a gap after the cursor (the next change is not cursor + 1) may be legitimate: the
 * changes of resources deleted since, with nothing left to copy. The rule: a gap is <b>legitimate</b> when the feed
 * still holds a change at or before the cursor — a clear would have removed that one too, so only deletions made the
 * gap; it is <b>truncation</b> ({@link FeedTruncatedException}) when the feed's oldest change is after the cursor, or
 * it has none left although changes were numbered after the cursor: changes may have been cleared, and a full
 * comparison pass finds what they announced. (When every resource up to past the cursor was deleted, a legitimate
 * gap is taken for truncation too: the full pass then finds nothing to copy.) A feed whose newest change is older
 * than the cursor belongs to a database replaced or reset since: truncation as well.
 */
final class OrthancChangeFeed implements ChangeFeed {
    private final HttpPeer orthanc;
    private final OrthancInstances instances;
    private final OrthancFind find;
    private final ReplicationQuery query;
    private final int page;

    OrthancChangeFeed(HttpPeer orthanc, OrthancInstances instances, OrthancFind find, ReplicationQuery query,
                      int page) {
        this.orthanc = orthanc;
        this.instances = instances;
        this.find = find;
        this.query = query;
        this.page = page;
    }

    @Override
    public long latest() throws IOException, InterruptedException {
        return changes("/changes?last").path("Last").asLong();
    }

    @Override
    public Page after(long cursor) throws IOException, InterruptedException {
        JsonNode answer = changes("/changes?since=" + cursor + "&limit=" + page);
        JsonNode changes = answer.path("Changes");
        long last = answer.path("Last").asLong();
        checkContinuous(cursor, changes, last);
        List<SourceInstance> added = new ArrayList<>();
        for (JsonNode change : changes) {
            if ("NewInstance".equals(change.path("ChangeType").asText())) {
                JsonNode instance = orthanc.get("/instances/" + change.path("ID").asText(), "application/json");
                SourceInstance resolved = instance == null ? null : instances.of(instance);
                if (resolved != null) {
                    added.add(resolved);
                }
            }
        }
        long next = changes.isEmpty() ? Math.max(cursor, last) : last;
        return new Page(selected(added), next, !answer.path("Done").asBoolean(true));
    }

    /** Throws {@link FeedTruncatedException} when changes after {@code cursor} may have been cleared. */
    private void checkContinuous(long cursor, JsonNode changes, long last) throws IOException, InterruptedException {
        if (last < cursor) {
            throw FeedTruncatedException.behind(orthanc.who(), cursor, last, oldest(last));
        }
        boolean gap = changes.isEmpty() ? last > cursor : changes.get(0).path("Seq").asLong() > cursor + 1;
        if (gap) {
            long oldest = oldest(last);
            if (oldest > cursor) {
                throw new FeedTruncatedException(orthanc.who(), cursor, oldest);
            }
        }
    }

    /** The sequence number of the oldest change in the feed, or {@code last} + 1 when it has none. */
    private long oldest(long last) throws IOException, InterruptedException {
        JsonNode first = changes("/changes?since=0&limit=1").path("Changes");
        return first.isEmpty() ? last + 1 : first.get(0).path("Seq").asLong();
    }

    private JsonNode changes(String path) throws IOException, InterruptedException {
        JsonNode answer = orthanc.get(path, "application/json");
        if (answer == null || !answer.path("Changes").isArray() || !answer.path("Last").canConvertToLong()) {
            throw orthanc.unusable("answered GET " + path + " with " + (answer == null ? "HTTP 404" : "no changes")
                    + ": is it an Orthanc?");
        }
        return answer;
    }

    /** Those of {@code added} that the query selects. */
    private List<SourceInstance> selected(List<SourceInstance> added) throws IOException, InterruptedException {
        if (query.isAll() || added.isEmpty()) {
            return added;
        }
        List<String> uids = added.stream().map(SourceInstance::sopInstanceUid).toList();
        Set<String> ids = new HashSet<>();
        find.matching(OrthancQuery.of(query, orthanc), uids).forEach(instance -> ids.add(instance.path("ID").asText()));
        return added.stream().filter(instance -> ids.contains(instance.locator())).toList();
    }
}
