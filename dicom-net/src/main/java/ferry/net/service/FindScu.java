package ferry.net.service;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.UidRegistry;
import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CCancelRq;
import ferry.net.dimse.CFindRq;
import ferry.net.dimse.CFindRsp;
import ferry.net.dimse.Priority;
import ferry.net.dimse.Status;
import ferry.net.pdu.PresentationContextRq;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * C-FIND SCU (PS3.7 §9.1.2, PS3.4 C.4.1): sends a query identifier, receives the matches of the pending responses
 * one by one, and returns the final status. The caller may stop early: a C-CANCEL-RQ is then sent (PS3.7
 * §9.3.2.3) and the responses still under way are read and dropped up to the final one, whose status is normally
 * 0xFE00 Cancel, or Success when the peer had already finished. The association stays usable afterwards.
 */
public final class FindScu {
    private FindScu() {
    }

    /** Receives the matches of a query. */
    @FunctionalInterface
    public interface Matches {
        /**
         * One match: the identifier of a pending response, with its status (0xFF00, or 0xFF01 when the peer did not
         * support some optional keys). Return true for more, false to cancel the query.
         */
        boolean accept(DataSet match, Status status) throws IOException;
    }

    /** The outcome of {@link #collect}: the final status and the matches received. */
    public record Result(Status status, List<DataSet> matches) {
        public Result {
            matches = List.copyOf(matches);
        }
    }

    /** The presentation context to propose for {@code informationModel} (e.g. Study Root FIND). */
    public static PresentationContextRq context(int id, String informationModel) {
        return new PresentationContextRq(id, informationModel, List.of(
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()));
    }

    /**
     * Queries with {@code identifier} and hands each match to {@code matches} until it returns false (then cancels)
     * or the peer has no more; returns the status of the final response.
     *
     * @throws IOException when the peer did not accept {@code informationModel}, the association fails, or the
     *     peer answers out of turn or with an unreadable identifier (the association is then aborted)
     */
    public static Status find(Association association, String informationModel, DataSet identifier, Matches matches)
            throws IOException {
        PresentationContext context = association.info().contextsFor(informationModel).stream().findFirst()
                .orElseThrow(() -> new IOException("the peer did not accept " + UidRegistry.nameOf(informationModel)));
        TransferSyntax syntax = TransferSyntax.of(context.transferSyntax());
        int messageId = association.nextMessageId();
        try (OutputStream out = association.sendWithDataSet(context,
                new CFindRq(messageId, informationModel, Priority.MEDIUM))) {
            DicomWriter.writeDataSet(out, identifier, syntax);
        }
        boolean cancelled = false;
        while (true) {
            Association.Message answer = association.receive();
            if (answer == null) {
                throw new AssociationAbortedException("the peer released the association during C-FIND " + messageId);
            }
            if (!(answer.command() instanceof CFindRsp response)
                    || response.messageIdBeingRespondedTo() != messageId) {
                association.abort();
                throw new AssociationAbortedException("expected a C-FIND-RSP to message " + messageId + ", got "
                        + answer.command());
            }
            Status status = response.status();
            if (status.category() != Status.Category.PENDING) {
                return status;
            }
            if (answer.dataSet() == null || cancelled) {
                continue; // a pending response without a match, or one sent before the peer saw our cancel
            }
            DataSet match;
            try {
                match = DicomReader.readDataSet(answer.dataSet(), syntax, ReadOptions.IN_MEMORY);
            } catch (AssociationAbortedException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                association.abort();
                throw new AssociationAbortedException("unreadable identifier in a C-FIND-RSP to message "
                        + messageId + ": " + e.getMessage(), e);
            }
            if (!matches.accept(match, status)) {
                association.send(context, new CCancelRq(messageId));
                cancelled = true;
            }
        }
    }

    /**
     * Queries and collects the matches, cancelling once {@code limit} have arrived (0: no limit).
     *
     * @see #find
     */
    public static Result collect(Association association, String informationModel, DataSet identifier, int limit)
            throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be ≥ 0 (0: no limit), not " + limit);
        }
        List<DataSet> found = new ArrayList<>();
        Status status = find(association, informationModel, identifier, (match, pending) -> {
            found.add(match);
            return limit == 0 || found.size() < limit;
        });
        return new Result(status, found);
    }
}
