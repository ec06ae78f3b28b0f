package ferry.router.qr;

import ferry.core.data.DataSet;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.DimseRq;
import ferry.net.dimse.Status;
import ferry.net.service.DimseStatusException;
import ferry.net.service.RetrieveHandler;
import ferry.router.index.Handling;
import ferry.router.index.IndexCursor;
import ferry.router.index.IndexMatch;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * C-MOVE and C-GET of the Patient Root and Study Root models over the index and the stored files (PS3.4 C.4.2,
 * C.4.3): the identifier checked by {@link QrIdentifier} selects instances; each is sent from the first of its
 * stored files that still exists. The selection is read twice from the index, once to count it (the pending responses
 * say how many remain) and to learn its SOP classes and transfer syntaxes (a C-MOVE proposes them), once to send it:
 * never held in memory. An instance Ferry forwarded without storing, or whose files are gone, is a failed
 * sub-operation, listed in the final response.
 */
public final class IndexRetrieveHandler implements RetrieveHandler {
    private final IndexSearch index;
    private final Function<String, Optional<MoveDestination>> destinations;

    /**
     * @param index        the index to select from
     * @param destinations the move destination known by an AE title, if there is one
     */
    public IndexRetrieveHandler(IndexSearch index, Function<String, Optional<MoveDestination>> destinations) {
        this.index = index;
        this.destinations = destinations;
    }

    @Override
    public MoveDestination destination(AssociationInfo association, String moveDestination) {
        return destinations.apply(moveDestination.strip()).orElseThrow(() -> new DimseStatusException(
                Status.MOVE_DESTINATION_UNKNOWN.withComment("'" + moveDestination.strip() + "' is not the AE title"
                        + " of a DICOM destination of Ferry").withOffendingElements(Tags.MoveDestination)));
    }

    @Override
    public Retrieval open(AssociationInfo association, PresentationContext context, DimseRq request,
                          DataSet identifier) throws IOException {
        QueryRetrieveModel model = QueryRetrieveModel.of(context.abstractSyntax());
        if (model == null) {
            throw new DimseStatusException(Status.SOP_CLASS_NOT_SUPPORTED);
        }
        IndexQuery query = QrIdentifier.retrieve(model, identifier);
        long size = 0;
        Map<String, Set<String>> syntaxes = new LinkedHashMap<>();
        try (IndexCursor matches = index.open(query)) {
            while (matches.hasNext()) {
                IndexMatch match = matches.next();
                size++;
                String sopClass = match.attributes().getString(Tags.SOPClassUID, "");
                String syntax = match.handling().transferSyntaxUid();
                if (!sopClass.isEmpty()) {
                    Set<String> own = syntaxes.computeIfAbsent(sopClass, k -> new LinkedHashSet<>());
                    if (TransferSyntax.isKnown(syntax)) {
                        own.add(syntax);
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new IndexRetrieval(query, size, syntaxes);
    }

    /** The instances of a selection counted once: sent from a second cursor over the same query. */
    private final class IndexRetrieval implements Retrieval {
        private final IndexQuery query;
        private final long size;
        private final Map<String, Set<String>> syntaxes;
        private IndexCursor cursor;

        IndexRetrieval(IndexQuery query, long size, Map<String, Set<String>> syntaxes) {
            this.query = query;
            this.size = size;
            this.syntaxes = syntaxes;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public Map<String, Set<String>> syntaxes() {
            return syntaxes;
        }

        @Override
        public Instance next() throws IOException {
            if (cursor == null) {
                cursor = index.open(query);
            }
            try {
                if (!cursor.hasNext()) {
                    return null;
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            IndexMatch match = cursor.next();
            String sopClass = match.attributes().getString(Tags.SOPClassUID, "");
            String sopInstance = match.attributes().getString(Tags.SOPInstanceUID, "");
            Handling handling = match.handling();
            for (String stored : handling.stored()) {
                Path file = Path.of(stored);
                if (Files.isRegularFile(file)) {
                    return new Instance(sopClass, sopInstance, file, null);
                }
            }
            return new Instance(sopClass, sopInstance, null, handling.stored().isEmpty()
                    ? "Ferry did not store it (it was forwarded to " + String.join(", ", handling.destinations()) + ")"
                    : "its stored file " + handling.stored().get(0) + " is gone");
        }

        @Override
        public void close() {
            if (cursor != null) {
                cursor.close();
            }
        }
    }
}
