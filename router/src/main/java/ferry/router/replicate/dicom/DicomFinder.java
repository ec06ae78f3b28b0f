package ferry.router.replicate.dicom;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.net.assoc.Association;
import ferry.net.dimse.Status;
import ferry.net.service.FindScu;
import ferry.router.replicate.EndpointException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * C-FIND in the Study Root model (PS3.4 C.6.2.1) to one {@link DicomNode} over a kept association: opened when first
 * needed, kept between queries, and opened again when the node dropped it while it was idle (the query is then asked
 * again, as no match of it had arrived). Used by one thread at a time.
 */
final class DicomFinder implements AutoCloseable {
    static final String MODEL = Uids.StudyRootQueryRetrieveInformationModelFind;

    private final DicomNode node;
    private Association association;

    DicomFinder(DicomNode node) {
        this.node = node;
    }

    /** Takes the matches of a query, one at a time. */
    @FunctionalInterface
    interface Matches {
        /** One match; throwing ends the query (its association is then aborted). */
        void accept(DataSet match) throws EndpointException;
    }

    /**
     * Hands each match of {@code identifier} to {@code matches} as it comes.
     *
     * @throws EndpointException        when the node cannot be reached, does not accept Study Root C-FIND (a
     *                                  source), fails the association, or answers with a failure status; or as
     *                                  {@code matches} throws
     * @throws PresenceUnknownException when a destination does not accept Study Root C-FIND
     */
    void find(DataSet identifier, Matches matches) throws IOException {
        String level = identifier.getString(Tags.QueryRetrieveLevel);
        boolean reused = association != null;
        for (int attempt = 0; ; attempt++) {
            if (association == null) {
                association = node.open(List.of(FindScu.context(1, MODEL)), List.of(), MODEL);
            }
            int[] received = {0};
            Status status;
            try {
                status = FindScu.find(association, MODEL, identifier, (match, pending) -> {
                    received[0]++;
                    matches.accept(match);
                    return true;
                });
            } catch (EndpointException e) {
                association.abort();
                association = null;
                throw e;
            } catch (IOException e) {
                association.abort();
                association = null;
                if (reused && attempt == 0 && received[0] == 0) {
                    continue; // probably closed by the node while idle: once more on a new association
                }
                throw node.failure("C-FIND at " + level + " level", e);
            }
            if (!status.isSuccessOrWarning()) {
                throw node.failure("answered a C-FIND at " + level + " level with " + status);
            }
            return;
        }
    }

    /** The matches of {@code identifier}, in the order they came ({@link #find(DataSet, Matches)}). */
    List<DataSet> collect(DataSet identifier) throws IOException {
        List<DataSet> found = new ArrayList<>();
        find(identifier, found::add);
        return found;
    }

    /** Releases the association, if one is open. */
    @Override
    public void close() {
        if (association != null) {
            association.close();
            association = null;
        }
    }
}
