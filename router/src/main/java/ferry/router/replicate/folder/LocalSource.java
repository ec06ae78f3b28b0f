package ferry.router.replicate.folder;

import ferry.router.database.Database;
import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.index.Handling;
import ferry.router.index.IndexCursor;
import ferry.router.index.IndexMatch;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexQueryException;
import ferry.router.index.IndexSearch;
import ferry.router.index.QueryLevel;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.InstanceException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.ReplicationSource;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Ferry's own store as a replication source ({@code --from local}): the instances its index holds that the query
 * selects (at IMAGE level, as {@code ferry find --local} matches), each fetched from the last of its stored files
 * that is still there. Instances Ferry only forwarded (no stored file) fail with that reason.
 */
public final class LocalSource implements ReplicationSource {
    private static final int PAGE = 500;

    private final Database journalDatabase;

    /** @param journalDatabase the journal database, whose index is read (read-only: Ferry may run meanwhile) */
    public LocalSource(Database journalDatabase) {
        this.journalDatabase = journalDatabase;
    }

    @Override
    public String describe() {
        return "Ferry's store (" + journalDatabase + ")";
    }

    @Override
    public void list(ReplicationQuery query, Pages pages) throws IOException, InterruptedException {
        DataSet identifier = new DataSet();
        for (int i = 0; i < query.keys().size(); i++) {
            identifier.put(query.keys().tagAt(i), query.keys().vrAt(i), query.keys().valueAt(i));
        }
        for (int tag : new int[] {Tags.SOPInstanceUID, Tags.SOPClassUID, Tags.StudyInstanceUID,
            Tags.SeriesInstanceUID}) {
            if (!identifier.contains(tag)) {
                identifier.setString(tag, Vr.UI, "");
            }
        }
        IndexQuery indexQuery;
        try {
            indexQuery = IndexQuery.of(QueryLevel.IMAGE, identifier);
        } catch (IndexQueryException e) {
            throw new EndpointException(EndpointException.Side.SOURCE, "Ferry's index cannot answer the query: "
                    + e.getMessage());
        }
        try (IndexCursor cursor = new IndexSearch(journalDatabase).open(indexQuery)) {
            List<SourceInstance> page = new ArrayList<>(PAGE);
            while (cursor.hasNext()) {
                IndexMatch match = cursor.next();
                DataSet found = match.attributes();
                Handling handling = match.handling();
                page.add(new SourceInstance(found.getString(Tags.SOPInstanceUID), found.getString(Tags.SOPClassUID,
                        ""), found.getString(Tags.StudyInstanceUID, ""), found.getString(Tags.SeriesInstanceUID, ""),
                        String.join("\n", handling.stored()), handling.size()));
                if (page.size() >= PAGE) {
                    if (!pages.accept(List.copyOf(page))) {
                        return;
                    }
                    page.clear();
                }
            }
            if (!page.isEmpty()) {
                pages.accept(List.copyOf(page));
            }
        }
    }

    @Override
    public void fetch(SourceInstance instance, Path target) throws IOException {
        if (instance.locator().isEmpty()) {
            throw new InstanceException("Ferry forwarded it without storing it: there is no file to copy");
        }
        String[] stored = instance.locator().split("\n");
        for (int i = stored.length - 1; i >= 0; i--) {
            try {
                Files.copy(Path.of(stored[i]), target, StandardCopyOption.REPLACE_EXISTING);
                return;
            } catch (NoSuchFileException gone) {
                // an older copy may still be there
            }
        }
        throw new InstanceException("its stored file is gone: " + instance.locator().replace("\n", ", "));
    }

    @Override
    public void close() {
    }
}
