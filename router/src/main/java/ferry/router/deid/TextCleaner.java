package ferry.router.deid;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C (clean) action on text, as Ferry does it: every occurrence of an identifying value of the object itself
 * (the patient's names and IDs, birth date, accession number, physicians' and operators' names, and the institution
 * and station unless their option keeps them) is replaced by as many {@code *}, case-insensitively. What someone typed
 * that is not in the header (a name in a series description that is nowhere else) stays: descriptors are removed
 * unless the Clean Descriptors option is chosen, and choosing it accepts that (docs/deidentification.md).
 */
final class TextCleaner {
    private static final int[] PERSON_TAGS = {Tags.PatientName, Tags.OtherPatientNames, Tags.PatientBirthName,
            Tags.PatientMotherBirthName, Tags.ReferringPhysicianName, Tags.PerformingPhysicianName, Tags.OperatorsName,
            Tags.NameOfPhysiciansReadingStudy, Tags.PhysiciansOfRecord, Tags.RequestingPhysician,
            Tags.ConsultingPhysicianName, Tags.ResponsiblePerson};
    private static final int[] IDENTIFIER_TAGS = {Tags.PatientID, Tags.OtherPatientIDs, Tags.AccessionNumber,
            Tags.PatientBirthDate, Tags.StudyID, Tags.AdmissionID, Tags.MedicalRecordLocator, Tags.PatientAddress,
            Tags.PatientTelephoneNumbers, Tags.IssuerOfPatientID};
    private static final int[] INSTITUTION_TAGS = {Tags.InstitutionName, Tags.InstitutionAddress,
            Tags.InstitutionalDepartmentName};
    private static final int[] DEVICE_TAGS = {Tags.StationName, Tags.DeviceSerialNumber};

    private final Pattern identifiers;

    private TextCleaner(Pattern identifiers) {
        this.identifiers = identifiers;
    }

    /** A cleaner for the identifying values of {@code dataSet} as received, before anything was changed. */
    static TextCleaner of(DataSet dataSet, Set<ProfileOption> options) {
        Set<String> values = new LinkedHashSet<>();
        for (int tag : PERSON_TAGS) {
            for (String name : Deidentifier.values(dataSet, tag)) {
                for (String part : name.split("[\\^=\\s,]+")) {
                    add(values, part);
                }
                add(values, name.replace('^', ' ').strip());
            }
        }
        for (int tag : IDENTIFIER_TAGS) {
            Deidentifier.values(dataSet, tag).forEach(value -> add(values, value));
        }
        if (!options.contains(ProfileOption.RETAIN_INSTITUTION_IDENTITY)) {
            for (int tag : INSTITUTION_TAGS) {
                Deidentifier.values(dataSet, tag).forEach(value -> add(values, value));
            }
        }
        if (!options.contains(ProfileOption.RETAIN_DEVICE_IDENTITY)) {
            for (int tag : DEVICE_TAGS) {
                Deidentifier.values(dataSet, tag).forEach(value -> add(values, value));
            }
        }
        if (values.isEmpty()) {
            return new TextCleaner(null);
        }
        List<String> longestFirst = new ArrayList<>(values);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder alternation = new StringBuilder();
        for (String value : longestFirst) {
            alternation.append(alternation.isEmpty() ? "" : "|").append(Pattern.quote(value));
        }
        return new TextCleaner(Pattern.compile(alternation.toString(),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    private static void add(Set<String> values, String value) {
        String v = value.strip();
        if (v.length() >= 2) {
            values.add(v.toLowerCase(Locale.ROOT));
        }
    }

    /** {@code text} with every identifying value replaced by asterisks. */
    String clean(String text) {
        if (identifiers == null || text == null) {
            return text;
        }
        Matcher matcher = identifiers.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, "*".repeat(matcher.group().length()));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
