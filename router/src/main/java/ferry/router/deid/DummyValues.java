package ferry.router.deid;

import ferry.core.data.DataSet;
import ferry.core.tag.Vr;

/**
 * The dummy values of the D action (PS3.15 §E.1.1: "a non-zero length value that may be a dummy value and consistent
 * with the VR"): a fixed, obviously made-up value per VR. UIDs are not dummies but replacements (the same as U), so
 * that references between objects still resolve.
 */
final class DummyValues {
    /** The dummy text of names, descriptions and identifiers. */
    static final String TEXT = "ANONYMIZED";
    /** The dummy date. */
    static final String DATE = "19000101";
    /** The dummy time. */
    static final String TIME = "000000";

    private DummyValues() {
    }

    /** Puts the dummy value of {@code vr} into {@code tag}; the replacement of the original for UIDs. */
    static void put(DataSet dataSet, int tag, Vr vr, ProjectSecret secret) {
        switch (vr) {
            case AE -> dataSet.setString(tag, vr, "ANONYMOUS");
            case AS -> dataSet.setString(tag, vr, "000Y");
            case CS -> dataSet.setString(tag, vr, TEXT);
            case DA -> dataSet.setString(tag, vr, DATE);
            case DT -> dataSet.setString(tag, vr, DATE + TIME);
            case TM -> dataSet.setString(tag, vr, TIME);
            case DS, IS -> dataSet.setString(tag, vr, "0");
            case UR -> dataSet.setString(tag, vr, "urn:ferry:anonymized");
            case UI -> Deidentifier.replaceUids(dataSet, tag, secret);
            case LO, LT, PN, SH, ST, UC, UT -> dataSet.setString(tag, vr, TEXT);
            case SQ -> throw new IllegalArgumentException("a sequence has no dummy value; its items are anonymized");
            default -> dataSet.setBytes(tag, vr, new byte[binarySize(vr)]);
        }
    }

    private static int binarySize(Vr vr) {
        return switch (vr) {
            case AT, FL, SL, UL, OF, OL -> 4;
            case FD, SV, UV, OD, OV -> 8;
            default -> 2;
        };
    }
}
