package ferry.core.sr;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;

/** SR data sets built in memory, item by item, for tests of content trees (PS3.3 C.17.3): odd ones included. */
public final class SrDataSets {
    private SrDataSets() {
    }

    /** An SR document (Comprehensive SR) titled {@code title}, its root a CONTAINER with no content yet. */
    public static DataSet document(String title) {
        DataSet root = new DataSet();
        root.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.88.33");
        root.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.10.1338.18.4");
        root.setString(Tags.Modality, Vr.CS, "SR");
        root.setString(Tags.ValueType, Vr.CS, "CONTAINER");
        root.setString(Tags.ContinuityOfContent, Vr.CS, "SEPARATE");
        concept(root, title);
        return root;
    }

    /** A new content item in {@code parent}'s Content Sequence; {@code meaning} null for no concept name. */
    public static DataSet child(DataSet parent, String relationship, String valueType, String meaning) {
        DataSet item = newItem(parent, relationship);
        if (valueType != null) {
            item.setString(Tags.ValueType, Vr.CS, valueType);
        }
        if (meaning != null) {
            concept(item, meaning);
        }
        return item;
    }

    /** Gives {@code item} a concept name of a private scheme, {@code meaning} its Code Meaning. */
    public static void concept(DataSet item, String meaning) {
        DataSet code = item.newSequence(Tags.ConceptNameCodeSequence).addItem();
        code.setString(Tags.CodeValue, Vr.SH, "T" + Math.abs(meaning.hashCode() % 100000));
        code.setString(Tags.CodingSchemeDesignator, Vr.SH, "99FERRY");
        code.setString(Tags.CodeMeaning, Vr.LO, meaning);
    }

    /** Gives a NUM item its Measured Value Sequence: {@code value} (DS) in UCUM {@code unit}; the measured item. */
    public static DataSet measured(DataSet num, String value, String unit) {
        DataSet measured = num.newSequence(Tags.MeasuredValueSequence).addItem();
        measured.setString(Tags.NumericValue, Vr.DS, value);
        DataSet units = measured.newSequence(Tags.MeasurementUnitsCodeSequence).addItem();
        units.setString(Tags.CodeValue, Vr.SH, unit);
        units.setString(Tags.CodingSchemeDesignator, Vr.SH, Code.UCUM);
        units.setString(Tags.CodeMeaning, Vr.LO, unit);
        return measured;
    }

    /** A new item with this relationship type at the end of {@code parent}'s Content Sequence. */
    public static DataSet newItem(DataSet parent, String relationship) {
        if (parent.getSequence(Tags.ContentSequence) == null) {
            parent.newSequence(Tags.ContentSequence);
        }
        DataSet item = parent.getSequence(Tags.ContentSequence).addItem();
        item.setString(Tags.RelationshipType, Vr.CS, relationship);
        return item;
    }

    /** A by-reference item in {@code parent} pointing at the item at position {@code target}. */
    public static void reference(DataSet parent, String relationship, long... target) {
        DataSet item = newItem(parent, relationship);
        item.setInts(Tags.ReferencedContentItemIdentifier, Vr.UL, target);
    }
}
