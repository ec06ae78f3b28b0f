package ferry.router.make;

import ferry.core.data.DataSet;
import ferry.core.data.Element;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Fills in the type 1 attributes every object {@code ferry make} writes needs and its input may lack (PS3.3 C.12.1
 * SOP Common, C.7.2.1 General Study, C.7.3.1 General Series), leaving alone what the input gives:
 *
 * <ul>
 *   <li>SOP Class UID (0008,0016): the file meta's Media Storage SOP Class UID when the input has one, else
 *       Secondary Capture Image Storage;</li>
 *   <li>SOP Instance UID (0008,0018): the file meta's Media Storage SOP Instance UID, else a new UID;</li>
 *   <li>Study Instance UID (0020,000D) and Series Instance UID (0020,000E): new UIDs;</li>
 *   <li>for Secondary Capture (PS3.3 A.8.1): Modality (0008,0060) {@code OT} and Conversion Type (0008,0064)
 *       {@code WSD} (workstation), type 1 in its General Series and SC Equipment modules.</li>
 * </ul>
 *
 * An element that is there but empty counts as missing. A media storage directory (DICOMDIR), whose data set has
 * none of these, is left as it is. New UIDs come from the {@link UidSource} given.
 */
public final class MissingBasics {
    private final UidSource uids;

    /** Fills missing UIDs with UIDs from {@code uids}. */
    public MissingBasics(UidSource uids) {
        this.uids = Objects.requireNonNull(uids, "uids");
    }

    /**
     * Adds to {@code dataSet} what it lacks of the basics, taking SOP class and instance from {@code fileMeta} (the
     * input's file meta elements; an empty data set when it has none) when it gives them. Returns the elements
     * added, in tag order; empty when nothing was missing.
     */
    public List<Element> fill(DataSet dataSet, DataSet fileMeta) {
        List<Element> added = new ArrayList<>();
        String sopClass = value(dataSet, Tags.SOPClassUID);
        if (sopClass == null) {
            sopClass = value(fileMeta, Tags.MediaStorageSOPClassUID);
        }
        if (Uids.MediaStorageDirectoryStorage.equals(sopClass)) {
            return added;
        }
        String metaInstance = value(fileMeta, Tags.MediaStorageSOPInstanceUID);
        set(dataSet, Tags.SOPClassUID, Vr.UI, sopClass != null ? sopClass : Uids.SecondaryCaptureImageStorage,
                added);
        set(dataSet, Tags.SOPInstanceUID, Vr.UI, metaInstance, added);
        set(dataSet, Tags.StudyInstanceUID, Vr.UI, null, added);
        set(dataSet, Tags.SeriesInstanceUID, Vr.UI, null, added);
        if (Uids.SecondaryCaptureImageStorage.equals(value(dataSet, Tags.SOPClassUID))) {
            set(dataSet, Tags.Modality, Vr.CS, "OT", added);
            set(dataSet, Tags.ConversionType, Vr.CS, "WSD", added);
        }
        added.sort(Comparator.comparingInt(element -> element.tag() ^ Integer.MIN_VALUE)); // unsigned tag order
        return added;
    }

    /** Sets {@code tag} when it is missing or empty: to {@code value}, or to a new UID when that is null. */
    private void set(DataSet dataSet, int tag, Vr vr, String value, List<Element> added) {
        if (value(dataSet, tag) != null) {
            return;
        }
        dataSet.setString(tag, vr, value != null ? value : uids.next());
        added.add(dataSet.get(tag));
    }

    /** The element's text, or null when it is missing, empty or no text. */
    private static String value(DataSet dataSet, int tag) {
        try {
            return dataSet.getString(tag);
        } catch (RuntimeException notText) {
            return null;
        }
    }
}
