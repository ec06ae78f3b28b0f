package ferry.router.qr;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Element;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CFindRq;
import ferry.net.dimse.Status;
import ferry.net.service.DimseStatusException;
import ferry.net.service.FindHandler;
import ferry.router.index.IndexCursor;
import ferry.router.index.IndexSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * C-FIND of the Patient Root and Study Root models over the index (PS3.4 C.4.1): the identifier checked by
 * {@link QrIdentifier}, the matches streamed from an {@link ferry.router.index.IndexCursor} one pending response at a
 * time (a query matching a million instances holds one row), stopped by a C-CANCEL. Retrieve AE Title (0008,0054),
 * when asked for, is the AE title the requestor called: where the instances can be retrieved from.
 */
public final class IndexFindHandler implements FindHandler {
    /** The information models answered: Patient Root and Study Root FIND. */
    public static final Set<String> MODELS = QueryRetrieveModel.FIND;

    private final IndexSearch index;

    /** C-FIND over the index that {@code index} searches. */
    public IndexFindHandler(IndexSearch index) {
        this.index = index;
    }

    @Override
    public void find(AssociationInfo association, PresentationContext context, CFindRq request, DataSet identifier,
                     Responder responder) throws IOException {
        QueryRetrieveModel model = QueryRetrieveModel.of(context.abstractSyntax());
        if (model == null) {
            throw new DimseStatusException(Status.SOP_CLASS_NOT_SUPPORTED);
        }
        QrIdentifier.Find find = QrIdentifier.find(model, identifier);
        List<Element> unanswered = find.unanswered().stream().filter(e -> e.tag() != Tags.RetrieveAETitle).toList();
        boolean retrieveAeTitle = find.unanswered().size() != unanswered.size();
        if (!unanswered.isEmpty()) {
            responder.optionalKeysNotSupported();
        }
        try (IndexCursor matches = index.open(find.query())) {
            while (matches.hasNext()) {
                DataSet match = matches.next().attributes();
                for (Element key : unanswered) {
                    if (key.vr() == Vr.SQ) {
                        match.newSequence(key.tag());
                    } else {
                        match.put(key.tag(), key.vr() == null ? Vr.UN : key.vr(), Bytes.EMPTY);
                    }
                }
                if (retrieveAeTitle) {
                    match.setString(Tags.RetrieveAETitle, Vr.AE, association.calledAeTitle());
                }
                if (!responder.pending(match)) {
                    matches.cancel();
                    return;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
