package ferry.router.replicate.dicom;

import ferry.core.data.DataSet;
import ferry.core.data.Element;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.service.DimseStatusException;
import ferry.net.service.Matching;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.ReplicationQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ReplicationQuery} as C-FIND identifiers of the Study Root model (PS3.4 C.6.2.1): each key goes to the
 * level whose entity holds it, patient keys to STUDY (Study Root has no PATIENT level), the keys of the Patient, Study
 * and Patient Study modules there too, those of the series and equipment modules to SERIES, and every other key to
 * IMAGE. Specific Character Set and Timezone Offset From UTC go to every level, as they say how to read the others.
 *
 * <p>A node matches only the keys it supports and leaves the others out of its responses (PS3.4 C.2.2.1.1,
 * C.4.1.1.3.2; dcmqrscp does so for Series Description, for example), which would select far more than was asked.
 * So each response is matched again here ({@link Matching}), and a response that lacks a key the query gives a
 * value to means the node cannot select by it: {@link #check} then throws, naming the key.
 */
final class StudyRootQuery {
    static final String STUDY = "STUDY";
    static final String SERIES = "SERIES";
    static final String IMAGE = "IMAGE";

    /** Keys of the Patient, Study and Patient Study modules (PS3.4 C.6.2.1.2, Table C.6-5; PS3.3 C.7.1, C.7.2). */
    private static final Set<Integer> STUDY_KEYS = Set.of(Tags.PatientName, Tags.PatientID, Tags.IssuerOfPatientID,
            Tags.OtherPatientIDsSequence, Tags.OtherPatientNames, Tags.PatientBirthDate, Tags.PatientBirthTime,
            Tags.PatientSex, Tags.EthnicGroup, Tags.PatientComments, Tags.NumberOfPatientRelatedStudies,
            Tags.NumberOfPatientRelatedSeries, Tags.NumberOfPatientRelatedInstances, Tags.StudyDate, Tags.StudyTime,
            Tags.AccessionNumber, Tags.IssuerOfAccessionNumberSequence, Tags.StudyID, Tags.StudyInstanceUID,
            Tags.ReferringPhysicianName, Tags.StudyDescription, Tags.ProcedureCodeSequence, Tags.ModalitiesInStudy,
            Tags.SOPClassesInStudy, Tags.NameOfPhysiciansReadingStudy, Tags.AdmittingDiagnosesDescription,
            Tags.PatientAge, Tags.PatientSize, Tags.PatientWeight, Tags.Occupation, Tags.AdditionalPatientHistory,
            Tags.NumberOfStudyRelatedSeries, Tags.NumberOfStudyRelatedInstances);
    /** Keys of the General Series, General Equipment and related modules (PS3.4 Table C.6-6; PS3.3 C.7.3, C.7.5). */
    private static final Set<Integer> SERIES_KEYS = Set.of(Tags.Modality, Tags.SeriesNumber, Tags.SeriesInstanceUID,
            Tags.SeriesDescription, Tags.SeriesDate, Tags.SeriesTime, Tags.BodyPartExamined, Tags.ProtocolName,
            Tags.PerformedProcedureStepStartDate, Tags.PerformedProcedureStepStartTime,
            Tags.PerformedProcedureStepID, Tags.Laterality, Tags.Manufacturer, Tags.ManufacturerModelName,
            Tags.InstitutionName, Tags.InstitutionalDepartmentName, Tags.StationName, Tags.OperatorsName,
            Tags.PerformingPhysicianName, Tags.RequestAttributesSequence, Tags.NumberOfSeriesRelatedInstances);
    /** What says how to read the other keys: at every level. */
    private static final Set<Integer> EVERY_LEVEL = Set.of(Tags.SpecificCharacterSet, Tags.TimezoneOffsetFromUTC);

    private final DataSet study = new DataSet();
    private final DataSet series = new DataSet();
    private final DataSet image = new DataSet();
    private final Map<String, Matching> matchings = new HashMap<>();

    /** @throws IllegalArgumentException when a key's value cannot be matched (a date range that is no range, ...) */
    StudyRootQuery(ReplicationQuery query) {
        for (Element element : query.keys().elements()) {
            int tag = element.tag();
            if (tag == Tags.QueryRetrieveLevel || Tag.group(tag) == 0x0002) {
                continue; // the levels are this class's to set; file meta is no key
            }
            if (EVERY_LEVEL.contains(tag)) {
                study.put(element);
                series.put(element);
                image.put(element);
            } else {
                levelKeys(levelOf(tag)).put(element);
            }
        }
        for (String level : List.of(STUDY, SERIES, IMAGE)) {
            try {
                matchings.put(level, Matching.of(levelKeys(level)));
            } catch (DimseStatusException e) {
                throw new IllegalArgumentException("the query cannot be matched: " + e.status().errorComment(), e);
            }
        }
    }

    /** The level a key is matched at. */
    static String levelOf(int tag) {
        return STUDY_KEYS.contains(tag) ? STUDY : SERIES_KEYS.contains(tag) ? SERIES : IMAGE;
    }

    /** The query's own keys of a level. */
    private DataSet levelKeys(String level) {
        return switch (level) {
            case STUDY -> study;
            case SERIES -> series;
            default -> image;
        };
    }

    /** The STUDY-level identifier: the query's study keys and Study Instance UID to return. */
    DataSet studies() {
        DataSet identifier = identifier(STUDY);
        returnKey(identifier, Tags.StudyInstanceUID);
        return identifier;
    }

    /** The SERIES-level identifier of one study: its series the query's series keys select. */
    DataSet series(String studyUid) {
        DataSet identifier = identifier(SERIES);
        identifier.setString(Tags.StudyInstanceUID, Vr.UI, studyUid);
        returnKey(identifier, Tags.SeriesInstanceUID);
        return identifier;
    }

    /** The IMAGE-level identifier of one series: its instances, with SOP Instance and SOP Class UIDs to return. */
    DataSet images(String studyUid, String seriesUid) {
        DataSet identifier = identifier(IMAGE);
        identifier.setString(Tags.StudyInstanceUID, Vr.UI, studyUid);
        identifier.setString(Tags.SeriesInstanceUID, Vr.UI, seriesUid);
        returnKey(identifier, Tags.SOPInstanceUID);
        returnKey(identifier, Tags.SOPClassUID);
        return identifier;
    }

    private DataSet identifier(String level) {
        DataSet identifier = new DataSet();
        identifier.setString(Tags.QueryRetrieveLevel, Vr.CS, level);
        for (Element element : levelKeys(level).elements()) {
            identifier.put(element);
        }
        return identifier;
    }

    /** Asks for {@code tag} to be returned (universal matching) unless the query matches on it already. */
    private static void returnKey(DataSet identifier, int tag) {
        if (!identifier.contains(tag)) {
            identifier.setString(tag, StandardDictionary.vrOf(tag), "");
        }
    }

    /**
     * Whether a response at {@code level} matches the query's keys of that level (PS3.4 C.2.2.2), matched here.
     *
     * @throws EndpointException when the response lacks a key the query gives a value to: the node does not match on
     *                           it, and would select by the other keys alone
     */
    boolean check(String level, DataSet response, DicomNode node) throws EndpointException {
        DataSet keys = levelKeys(level);
        for (Element element : keys.elements()) {
            int tag = element.tag();
            if (!EVERY_LEVEL.contains(tag) && !universal(keys, tag) && !response.contains(tag)) {
                throw node.failure("does not match on " + Tag.toString(tag) + " " + StandardDictionary.keywordOf(tag)
                        + " at " + level + " level (its C-FIND responses leave it out), so it cannot select by it: "
                        + "query by keys it supports");
            }
        }
        return matchings.get(level).matches(response);
    }

    /** Whether a key matches everything: empty, or {@code *} (PS3.4 C.2.2.2.3). */
    private static boolean universal(DataSet keys, int tag) {
        if (keys.vr(tag) == Vr.SQ) {
            return true; // Sequence Matching is left to Matching: a node that ignores it returns no sequence
        }
        List<String> values = keys.getStrings(tag);
        return values.isEmpty() || values.size() == 1 && values.get(0).equals("*");
    }
}
