package ferry.net.service;

import ferry.core.io.DataSetWalker;
import ferry.core.io.DicomParseException;
import ferry.core.tag.Tags;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Status;
import java.util.Optional;

/**
 * Whether a Storage SCP may keep the data set of a C-STORE request, as its {@link DataSetWalker} saw it pass, and
 * the failure status to answer when not (PS3.4 B.2.3, PS3.7 Annex C). In this order:
 * <ol>
 *   <li>not one whole data set (random bytes, cut off inside an element, sequence or item, garbage after it):
 *       0xC000 Error: Cannot Understand, with an Error Comment naming the offset and the element;</li>
 *   <li>empty, or without SOP Class UID (0008,0016) or SOP Instance UID (0008,0018): 0xC000, the missing element
 *       as Offending Element;</li>
 *   <li>SOP Class UID or SOP Instance UID other than the request's Affected SOP Class UID (0000,0002) or Affected
 *       SOP Instance UID (0000,1000): 0xA900 Error: Data Set Does Not Match SOP Class, the element as Offending
 *       Element.</li>
 * </ol>
 * PS3.4 has no status for an instance UID that differs from the request's; 0xA900 is the closest (the data set is
 * not the instance the request stores) and what dcmtk's storescp and dcmqrscp answer, which also answer 0xC000 when
 * the UIDs cannot be found. UIDs are compared without their padding.
 */
public final class DataSetCheck {
    private DataSetCheck() {
    }

    /** The failure status for the data set of {@code request} as {@code walk} found it; empty when it may be kept. */
    public static Optional<Status> refusal(DataSetWalker.Result walk, CStoreRq request) {
        DicomParseException problem = walk.problem();
        if (problem != null) {
            // Error Comment holds 64 characters: the offset and element first, the log has the rest
            return Optional.of(Status.CANNOT_UNDERSTAND.withComment((walk.truncated() ? "truncated" : "unreadable")
                    + " at offset " + problem.offset()
                    + (problem.elementPath().isEmpty() ? "" : " in " + problem.elementPath())));
        }
        if (walk.elements() == 0) {
            return Optional.of(Status.CANNOT_UNDERSTAND.withComment("the data set is empty"));
        }
        if (walk.sopClassUid() == null) {
            return Optional.of(missing(Tags.SOPClassUID, "no SOP Class UID (0008,0016) in the data set"));
        }
        if (walk.sopInstanceUid() == null) {
            return Optional.of(missing(Tags.SOPInstanceUID, "no SOP Instance UID (0008,0018) in the data set"));
        }
        if (!walk.sopClassUid().equals(request.affectedSopClassUid())) {
            return Optional.of(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS.withOffendingElements(Tags.SOPClassUID)
                    .withComment("SOP Class UID (0008,0016) is not the request's"));
        }
        if (!walk.sopInstanceUid().equals(request.affectedSopInstanceUid())) {
            return Optional.of(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS.withOffendingElements(Tags.SOPInstanceUID)
                    .withComment("SOP Instance UID (0008,0018) is not the request's"));
        }
        return Optional.empty();
    }

    /**
     * Why {@code walk} was refused, for a log: the parse problem in full, or the UIDs that differ from the request's.
     */
    public static String describe(DataSetWalker.Result walk, CStoreRq request, Status refusal) {
        if (walk.problem() != null) {
            return (walk.truncated() ? "truncated data set " : "unreadable data set ") + walk.problem().getMessage();
        }
        if (refusal.code() == Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS.code()) {
            return "the data set is " + walk.sopClassUid() + " " + walk.sopInstanceUid() + ", the request "
                    + request.affectedSopClassUid() + " " + request.affectedSopInstanceUid();
        }
        return refusal.errorComment();
    }

    private static Status missing(int tag, String comment) {
        return Status.CANNOT_UNDERSTAND.withOffendingElements(tag).withComment(comment);
    }
}
