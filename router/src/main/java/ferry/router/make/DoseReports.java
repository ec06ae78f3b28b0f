package ferry.router.make;

import static ferry.router.make.Attributes.text;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.Tags;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The X-Ray Radiation Dose SR of a synthetic study (PS3.3 A.35.8): a CT Radiation Dose report (PS3.16 TID 10011)
 * with one irradiation event (TID 10013) per CT series of the study — or one of its own when the study has none —
 * and their total (TID 10012). Each event's CTDIvol is also the CTDIvol (0018,9345) of its CT series' images and its
 * Irradiation Event UID theirs, as a scanner writes them. Codes are those of PS3.16 (DCM, SCT, UCUM).
 */
final class DoseReports {
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    private static final Code[] REGIONS = {new Code("69536005", "SCT", "Head"), new Code("51185008", "SCT", "Chest"),
        new Code("818981001", "SCT", "Abdomen")};
    /** The phantom CTDIvol refers to (PS3.16 CID 4052). */
    static final Code BODY_PHANTOM = new Code("113691", "DCM", "IEC Body Dosimetry Phantom");
    private static final String[] PROTOCOLS = {"Head routine", "Chest routine", "Abdomen portal venous"};

    /** A coded concept (PS3.3 Table 8.8-1): value, coding scheme designator, meaning. */
    record Code(String value, String scheme, String meaning) {
    }

    /** One CT irradiation event: CTDIvol in mGy, DLP in mGy·cm, scanning length in mm, tube current in mA. */
    record CtEvent(String uid, String protocol, Code region, BigDecimal ctdiVol, BigDecimal dlp,
                   BigDecimal scanningLength, BigDecimal tubeCurrent) {
    }

    private DoseReports() {
    }

    /** The irradiation event of series {@code seriesNumber} of {@code study}: the same for its images and report. */
    static CtEvent event(SyntheticStudies.Study study, int seriesNumber, Seed seed) {
        String key = study.patient().number() + "/" + study.numberInPatient() + "/" + seriesNumber;
        SplittableRandom random = seed.random("event/" + key);
        int region = random.nextInt(REGIONS.length);
        BigDecimal ctdiVol = BigDecimal.valueOf(500 + random.nextInt(2000), 2);
        BigDecimal length = BigDecimal.valueOf(2000 + random.nextInt(4000), 1);
        BigDecimal dlp = ctdiVol.multiply(length).movePointLeft(1).setScale(2, RoundingMode.HALF_UP);
        BigDecimal current = BigDecimal.valueOf(100 + random.nextInt(300));
        return new CtEvent(seed.uid("event/" + key), PROTOCOLS[region], REGIONS[region], ctdiVol, dlp, length,
                current);
    }

    /** Adds the SR modules and the content tree to {@code header}, the report of {@code series}' study. */
    static void describe(DataSet header, SyntheticStudies.Series series, StudyPlan plan) {
        SyntheticStudies.Study study = series.study();
        List<CtEvent> events = new ArrayList<>();
        for (int number = 1; number <= plan.series(); number++) {
            if (plan.modalityOf(number) == Modality.CT) {
                events.add(event(study, number, plan.seed()));
            }
        }
        if (events.isEmpty()) {
            events.add(event(study, series.number(), plan.seed()));
        }
        LocalDateTime start = study.date().atTime(study.time());
        LocalDateTime end = start.plusMinutes(5L * events.size());
        text(header, Tags.ContentDate, SyntheticStudies.DA.format(end.toLocalDate()));
        text(header, Tags.ContentTime, SyntheticStudies.TM.format(end.toLocalTime()));
        header.newSequence(Tags.ReferencedPerformedProcedureStepSequence);
        header.newSequence(Tags.PerformedProcedureCodeSequence);
        text(header, Tags.CompletionFlag, "COMPLETE");
        text(header, Tags.VerificationFlag, "UNVERIFIED");
        text(header, Tags.ValueType, "CONTAINER");
        code(header, Tags.ConceptNameCodeSequence, new Code("113701", "DCM", "X-Ray Radiation Dose Report"));
        text(header, Tags.ContinuityOfContent, "SEPARATE");
        DataSet template = header.newSequence(Tags.ContentTemplateSequence).addItem();
        text(template, Tags.MappingResource, "DCMR");
        text(template, Tags.TemplateIdentifier, "10011");

        Sequence root = header.newSequence(Tags.ContentSequence);
        codeItem(root, "HAS CONCEPT MOD", new Code("121058", "DCM", "Procedure reported"),
                new Code("77477000", "SCT", "Computed Tomography X-Ray"));
        codeItem(root, "HAS CONCEPT MOD", new Code("363703001", "SCT", "Has Intent"),
                new Code("261004008", "SCT", "Diagnostic Intent"));
        codeItem(root, "HAS OBS CONTEXT", new Code("121005", "DCM", "Observer Type"),
                new Code("121007", "DCM", "Device"));
        uidItem(root, "HAS OBS CONTEXT", new Code("121012", "DCM", "Device Observer UID"),
                plan.seed().uid("device"));
        textItem(root, "HAS OBS CONTEXT", new Code("121013", "DCM", "Device Observer Name"), "FERRYCT");
        text(item(root, "HAS OBS CONTEXT", "DATETIME", new Code("113809", "DCM", "Start of X-Ray Irradiation")),
                Tags.DateTime, DT.format(start));
        text(item(root, "HAS OBS CONTEXT", "DATETIME", new Code("113810", "DCM", "End of X-Ray Irradiation")),
                Tags.DateTime, DT.format(end));
        DataSet scope = codeItem(root, "HAS OBS CONTEXT", new Code("113705", "DCM", "Scope of Accumulation"),
                new Code("113014", "DCM", "Study"));
        uidItem(scope.newSequence(Tags.ContentSequence), "HAS PROPERTIES",
                new Code("110180", "DCM", "Study Instance UID"), study.uid());

        Sequence accumulated = container(root, new Code("113811", "DCM", "CT Accumulated Dosimetry Data"));
        numItem(accumulated, new Code("113812", "DCM", "Total Number of Irradiation Events"),
                BigDecimal.valueOf(events.size()), new Code("{events}", "UCUM", "events"));
        numItem(accumulated, new Code("113813", "DCM", "CT Dose Length Product Total"),
                events.stream().map(CtEvent::dlp).reduce(BigDecimal.ZERO, BigDecimal::add),
                new Code("mGy.cm", "UCUM", "mGy.cm"));
        for (CtEvent event : events) {
            acquisition(root, event);
        }
        codeItem(root, "CONTAINS", new Code("113854", "DCM", "Source of Dose Information"),
                new Code("113856", "DCM", "Automated Data Collection"));
    }

    /** One CT Acquisition container (TID 10013). */
    private static void acquisition(Sequence root, CtEvent event) {
        Code mm = new Code("mm", "UCUM", "mm");
        Sequence acquisition = container(root, new Code("113819", "DCM", "CT Acquisition"));
        textItem(acquisition, "CONTAINS", new Code("125203", "DCM", "Acquisition Protocol"), event.protocol());
        codeItem(acquisition, "CONTAINS", new Code("123014", "DCM", "Target Region"), event.region());
        codeItem(acquisition, "CONTAINS", new Code("113820", "DCM", "CT Acquisition Type"),
                new Code("116152004", "SCT", "Spiral Acquisition"));
        uidItem(acquisition, "CONTAINS", new Code("113769", "DCM", "Irradiation Event UID"), event.uid());
        Sequence parameters = container(acquisition, new Code("113822", "DCM", "CT Acquisition Parameters"));
        numItem(parameters, new Code("113824", "DCM", "Exposure Time"), new BigDecimal("12.5"),
                new Code("s", "UCUM", "s"));
        numItem(parameters, new Code("113825", "DCM", "Scanning Length"), event.scanningLength(), mm);
        numItem(parameters, new Code("113826", "DCM", "Nominal Single Collimation Width"), new BigDecimal("0.625"), mm);
        numItem(parameters, new Code("113827", "DCM", "Nominal Total Collimation Width"), new BigDecimal("40"), mm);
        numItem(parameters, new Code("113828", "DCM", "Pitch Factor"), new BigDecimal("0.984"),
                new Code("{ratio}", "UCUM", "ratio"));
        numItem(parameters, new Code("113823", "DCM", "Number of X-Ray Sources"), BigDecimal.ONE,
                new Code("{X-Ray sources}", "UCUM", "X-Ray sources"));
        Sequence source = container(parameters, new Code("113831", "DCM", "CT X-Ray Source Parameters"));
        textItem(source, "CONTAINS", new Code("113832", "DCM", "Identification of the X-Ray Source"), "A");
        numItem(source, new Code("113733", "DCM", "KVP"), new BigDecimal("120"), new Code("kV", "UCUM", "kV"));
        numItem(source, new Code("113833", "DCM", "Maximum X-Ray Tube Current"), event.tubeCurrent(),
                new Code("mA", "UCUM", "mA"));
        numItem(source, new Code("113734", "DCM", "X-Ray Tube Current"), event.tubeCurrent(),
                new Code("mA", "UCUM", "mA"));
        numItem(source, new Code("113834", "DCM", "Exposure Time per Rotation"), new BigDecimal("0.5"),
                new Code("s", "UCUM", "s"));
        Sequence dose = container(acquisition, new Code("113829", "DCM", "CT Dose"));
        numItem(dose, new Code("113830", "DCM", "Mean CTDIvol"), event.ctdiVol(), new Code("mGy", "UCUM", "mGy"));
        codeItem(dose, "CONTAINS", new Code("113835", "DCM", "CTDIw Phantom Type"), BODY_PHANTOM);
        numItem(dose, new Code("113838", "DCM", "DLP"), event.dlp(), new Code("mGy.cm", "UCUM", "mGy.cm"));
    }

    /** A content item (PS3.3 C.17.3): relationship, value type and concept name; its value is added by the caller. */
    private static DataSet item(Sequence parent, String relationship, String valueType, Code concept) {
        DataSet item = parent.addItem();
        text(item, Tags.RelationshipType, relationship);
        text(item, Tags.ValueType, valueType);
        code(item, Tags.ConceptNameCodeSequence, concept);
        return item;
    }

    /** A CONTAINS container, separate items; its content sequence. */
    private static Sequence container(Sequence parent, Code concept) {
        DataSet item = item(parent, "CONTAINS", "CONTAINER", concept);
        text(item, Tags.ContinuityOfContent, "SEPARATE");
        return item.newSequence(Tags.ContentSequence);
    }

    private static DataSet codeItem(Sequence parent, String relationship, Code concept, Code value) {
        DataSet item = item(parent, relationship, "CODE", concept);
        code(item, Tags.ConceptCodeSequence, value);
        return item;
    }

    private static void textItem(Sequence parent, String relationship, Code concept, String value) {
        text(item(parent, relationship, "TEXT", concept), Tags.TextValue, value);
    }

    private static void uidItem(Sequence parent, String relationship, Code concept, String uid) {
        text(item(parent, relationship, "UIDREF", concept), Tags.UID, uid);
    }

    /** A CONTAINS NUM item: a number with its unit (PS3.3 C.18.1). */
    private static void numItem(Sequence parent, Code concept, BigDecimal value, Code unit) {
        DataSet measured = item(parent, "CONTAINS", "NUM", concept).newSequence(Tags.MeasuredValueSequence).addItem();
        code(measured, Tags.MeasurementUnitsCodeSequence, unit);
        text(measured, Tags.NumericValue, value.toPlainString());
    }

    /** A code sequence of one item (PS3.3 Table 8.8-1). */
    private static void code(DataSet dataSet, int tag, Code code) {
        DataSet item = dataSet.newSequence(tag).addItem();
        text(item, Tags.CodeValue, code.value());
        text(item, Tags.CodingSchemeDesignator, code.scheme());
        text(item, Tags.CodeMeaning, code.meaning());
    }
}
