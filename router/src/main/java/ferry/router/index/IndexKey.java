package ferry.router.index;

import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An attribute the index holds, the keys a query can match and return: the required and unique keys of each level
 * of PS3.4 C.6.1.1 / C.6.2.1, and a few optional ones (Issuer of Patient ID, Modalities in Study, Body Part
 * Examined, Institution Name, Station Name, SOP Class UID), and the numbers of related studies, series and
 * instances (counted when asked for). Each has the level whose table holds it and its column there;
 * {@link #column} is qualified by the table's alias in queries ({@code p}, {@code st}, {@code se}, {@code i}).
 */
enum IndexKey {
    PATIENT_NAME(Tags.PatientName, QueryLevel.PATIENT, "p", "patient_name", Kind.PERSON_NAME),
    PATIENT_ID(Tags.PatientID, QueryLevel.PATIENT, "p", "patient_id", Kind.TEXT),
    ISSUER_OF_PATIENT_ID(Tags.IssuerOfPatientID, QueryLevel.PATIENT, "p", "issuer", Kind.TEXT),
    PATIENT_BIRTH_DATE(Tags.PatientBirthDate, QueryLevel.PATIENT, "p", "birth_date", Kind.DATE),
    PATIENT_SEX(Tags.PatientSex, QueryLevel.PATIENT, "p", "sex", Kind.TEXT),
    STUDY_INSTANCE_UID(Tags.StudyInstanceUID, QueryLevel.STUDY, "st", "study_uid", Kind.TEXT),
    STUDY_DATE(Tags.StudyDate, QueryLevel.STUDY, "st", "study_date", Kind.DATE),
    STUDY_TIME(Tags.StudyTime, QueryLevel.STUDY, "st", "study_time", Kind.TIME),
    ACCESSION_NUMBER(Tags.AccessionNumber, QueryLevel.STUDY, "st", "accession_number", Kind.TEXT),
    STUDY_ID(Tags.StudyID, QueryLevel.STUDY, "st", "study_id", Kind.TEXT),
    REFERRING_PHYSICIAN_NAME(Tags.ReferringPhysicianName, QueryLevel.STUDY, "st", "referring_physician",
            Kind.PERSON_NAME),
    STUDY_DESCRIPTION(Tags.StudyDescription, QueryLevel.STUDY, "st", "description", Kind.TEXT),
    MODALITIES_IN_STUDY(Tags.ModalitiesInStudy, QueryLevel.STUDY, "st", "modalities", Kind.MODALITIES),
    SERIES_INSTANCE_UID(Tags.SeriesInstanceUID, QueryLevel.SERIES, "se", "series_uid", Kind.TEXT),
    MODALITY(Tags.Modality, QueryLevel.SERIES, "se", "modality", Kind.TEXT),
    SERIES_NUMBER(Tags.SeriesNumber, QueryLevel.SERIES, "se", "series_number", Kind.NUMBER),
    SERIES_DESCRIPTION(Tags.SeriesDescription, QueryLevel.SERIES, "se", "description", Kind.TEXT),
    BODY_PART_EXAMINED(Tags.BodyPartExamined, QueryLevel.SERIES, "se", "body_part", Kind.TEXT),
    INSTITUTION_NAME(Tags.InstitutionName, QueryLevel.SERIES, "se", "institution", Kind.TEXT),
    STATION_NAME(Tags.StationName, QueryLevel.SERIES, "se", "station", Kind.TEXT),
    SOP_INSTANCE_UID(Tags.SOPInstanceUID, QueryLevel.IMAGE, "i", "sop_instance_uid", Kind.TEXT),
    SOP_CLASS_UID(Tags.SOPClassUID, QueryLevel.IMAGE, "i", "sop_class_uid", Kind.TEXT),
    INSTANCE_NUMBER(Tags.InstanceNumber, QueryLevel.IMAGE, "i", "instance_number", Kind.NUMBER),
    NUMBER_OF_PATIENT_RELATED_STUDIES(Tags.NumberOfPatientRelatedStudies, QueryLevel.PATIENT, "p", "STUDY", Kind.COUNT),
    NUMBER_OF_PATIENT_RELATED_SERIES(Tags.NumberOfPatientRelatedSeries, QueryLevel.PATIENT, "p", "SERIES", Kind.COUNT),
    NUMBER_OF_PATIENT_RELATED_INSTANCES(Tags.NumberOfPatientRelatedInstances, QueryLevel.PATIENT, "p", "IMAGE",
            Kind.COUNT),
    NUMBER_OF_STUDY_RELATED_SERIES(Tags.NumberOfStudyRelatedSeries, QueryLevel.STUDY, "st", "SERIES", Kind.COUNT),
    NUMBER_OF_STUDY_RELATED_INSTANCES(Tags.NumberOfStudyRelatedInstances, QueryLevel.STUDY, "st", "IMAGE", Kind.COUNT),
    NUMBER_OF_SERIES_RELATED_INSTANCES(Tags.NumberOfSeriesRelatedInstances, QueryLevel.SERIES, "se", "IMAGE",
            Kind.COUNT);

    /** How a key's column holds its values, and so how a query on it becomes SQL. */
    enum Kind {
        /** Text as in the object, compared exactly. */
        TEXT,
        /** PN, with a {@code _folded} column beside it: upper case, trailing empty components removed. */
        PERSON_NAME,
        /** DA as YYYYMMDD (ACR-NEMA YYYY.MM.DD rewritten so), compared as text. */
        DATE,
        /** TM as in the object; matched by meaning after the query (no SQL). */
        TIME,
        /** IS as an INTEGER (null when not one). */
        NUMBER,
        /** ModalitiesInStudy: derived from the study's series, their Modality values joined by backslash. */
        MODALITIES,
        /**
         * A number of related studies, series or instances (PS3.4 C.3.4, Table C.3-1), its name the level counted:
         * a correlated sub-select ({@link SqlFilter#count}) when a query asks for it, never stored nor matched.
         */
        COUNT
    }

    private final int tag;
    private final QueryLevel level;
    private final String alias;
    private final String name;
    private final Kind kind;

    IndexKey(int tag, QueryLevel level, String alias, String name, Kind kind) {
        this.tag = tag;
        this.level = level;
        this.alias = alias;
        this.name = name;
        this.kind = kind;
    }

    int tag() {
        return tag;
    }

    QueryLevel level() {
        return level;
    }

    Kind kind() {
        return kind;
    }

    /**
     * The column, qualified by its table's alias in queries: {@code st.study_date}; for a {@link Kind#COUNT}, the
     * sub-select that counts the entities below the row of its alias.
     */
    String column() {
        return kind == Kind.COUNT ? SqlFilter.count(QueryLevel.valueOf(name), level, alias) : alias + "." + name;
    }

    /** The folded person name column beside a PN column. */
    String foldedColumn() {
        return column() + "_folded";
    }

    /** The keyword of its tag, e.g. {@code StudyDate}. */
    String keyword() {
        return StandardDictionary.keywordOf(tag);
    }

    /** The key of {@code tag}, if the index holds it. */
    static Optional<IndexKey> of(int tag) {
        return Arrays.stream(values()).filter(key -> key.tag == tag).findFirst();
    }

    /** The keys of {@code level} and the levels above it, in the order of this enum. */
    static List<IndexKey> upTo(QueryLevel level) {
        return Arrays.stream(values()).filter(key -> level.atOrBelow(key.level)).toList();
    }

    /**
     * The columns a query at {@code level} selects, in the order of this enum: the stored keys of the level and
     * above, and of the {@link Kind#COUNT} keys only those in {@code asked} (a count costs a sub-select a row).
     */
    static List<IndexKey> columns(QueryLevel level, List<IndexKey> asked) {
        return upTo(level).stream().filter(key -> key.kind != Kind.COUNT || asked.contains(key)).toList();
    }

    /** The tag and keyword, as errors name a key: {@code (0008,0020) StudyDate}. */
    static String name(int tag) {
        String keyword = StandardDictionary.keywordOf(tag);
        return Tag.toString(tag) + (keyword == null || keyword.isEmpty() ? "" : " " + keyword);
    }
}
