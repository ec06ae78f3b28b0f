package ferry.router.web.dicomweb;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.util.ArrayList;
import java.util.List;

/**
 * The Store Instances Response Module of a STOW-RS answer (PS3.18 §10.5.3, Table 10.5.3-1), built as the parts are
 * stored: a Referenced SOP Sequence item per instance stored (with its Retrieve URL), a Failed SOP Sequence item
 * with the Failure Reason per part refused, and the HTTP status of the whole: 200 when every instance was stored,
 * 202 when some were, 409 when none was.
 */
final class StoreResponse {
    /** A part's outcome, with the reason it failed, for the answer's {@code Warning} headers and the log. */
    record Failure(String sopClassUid, String sopInstanceUid, int reason, String why) {
    }

    private record Stored(String sopClassUid, String sopInstanceUid, String url) {
    }

    private final List<Stored> stored = new ArrayList<>();
    private final List<Failure> failed = new ArrayList<>();
    private final String studyUrl;

    /** @param studyUrl the Retrieve URL of the study the request stored into, or null when it named none */
    StoreResponse(String studyUrl) {
        this.studyUrl = studyUrl;
    }

    void stored(String sopClassUid, String sopInstanceUid, String url) {
        stored.add(new Stored(sopClassUid, sopInstanceUid, url));
    }

    void failed(Failure failure) {
        failed.add(failure);
    }

    List<Failure> failures() {
        return List.copyOf(failed);
    }

    boolean isEmpty() {
        return stored.isEmpty() && failed.isEmpty();
    }

    /** 200, 202 or 409 (PS3.18 §10.5.3.1). */
    int status() {
        return failed.isEmpty() ? 200 : stored.isEmpty() ? 409 : 202;
    }

    /** The module as a data set. */
    DataSet dataSet() {
        DataSet module = new DataSet();
        module.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        if (studyUrl != null) {
            module.setString(Tags.RetrieveURL, Vr.UR, studyUrl);
        }
        if (!failed.isEmpty()) {
            Sequence sequence = module.newSequence(Tags.FailedSOPSequence);
            for (Failure failure : failed) {
                item(sequence, failure.sopClassUid(), failure.sopInstanceUid())
                        .setInts(Tags.FailureReason, Vr.US, failure.reason());
            }
        }
        if (!stored.isEmpty()) {
            Sequence sequence = module.newSequence(Tags.ReferencedSOPSequence);
            for (Stored one : stored) {
                item(sequence, one.sopClassUid(), one.sopInstanceUid()).setString(Tags.RetrieveURL, Vr.UR, one.url());
            }
        }
        return module;
    }

    /** A new item of {@code sequence} with the Referenced SOP Class and Instance UIDs. */
    private static DataSet item(Sequence sequence, String sopClassUid, String sopInstanceUid) {
        DataSet item = sequence.addItem();
        item.setString(Tags.ReferencedSOPClassUID, Vr.UI, sopClassUid);
        item.setString(Tags.ReferencedSOPInstanceUID, Vr.UI, sopInstanceUid);
        return item;
    }
}
