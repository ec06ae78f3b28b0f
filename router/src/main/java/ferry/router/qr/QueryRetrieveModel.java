package ferry.router.qr;

import ferry.core.tag.Uids;
import ferry.router.index.QueryLevel;
import java.util.Set;

/**
 * The query/retrieve information models Ferry answers (PS3.4 C.6.1 Patient Root, C.6.2 Study Root), with the SOP
 * classes of their FIND, MOVE and GET services. Study Root has no PATIENT level: its studies carry the patient's
 * attributes.
 */
enum QueryRetrieveModel {
    PATIENT_ROOT(Uids.PatientRootQueryRetrieveInformationModelFind, Uids.PatientRootQueryRetrieveInformationModelMove,
            Uids.PatientRootQueryRetrieveInformationModelGet, QueryLevel.PATIENT),
    STUDY_ROOT(Uids.StudyRootQueryRetrieveInformationModelFind, Uids.StudyRootQueryRetrieveInformationModelMove,
            Uids.StudyRootQueryRetrieveInformationModelGet, QueryLevel.STUDY);

    /** The C-FIND SOP classes Ferry accepts. */
    static final Set<String> FIND = Set.of(PATIENT_ROOT.find, STUDY_ROOT.find);

    private final String find;
    private final String move;
    private final String get;
    private final QueryLevel top;

    QueryRetrieveModel(String find, String move, String get, QueryLevel top) {
        this.find = find;
        this.move = move;
        this.get = get;
        this.top = top;
    }

    /** The model of a FIND, MOVE or GET SOP class, or null when it is neither Patient Root nor Study Root. */
    static QueryRetrieveModel of(String sopClassUid) {
        for (QueryRetrieveModel model : values()) {
            if (model.find.equals(sopClassUid) || model.move.equals(sopClassUid) || model.get.equals(sopClassUid)) {
                return model;
            }
        }
        return null;
    }

    /** Whether the model has {@code level}. */
    boolean has(QueryLevel level) {
        return level.ordinal() >= top.ordinal();
    }

    /** The model's name as the standard writes it. */
    String title() {
        return this == PATIENT_ROOT ? "Patient Root" : "Study Root";
    }
}
