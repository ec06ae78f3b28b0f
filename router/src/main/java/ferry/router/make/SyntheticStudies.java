package ferry.router.make;

import static ferry.router.make.Attributes.text;

import ferry.core.data.DataSet;
import ferry.core.io.Implementation;
import ferry.core.tag.Tags;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Makes the objects of a {@link StudyPlan}, one at a time in order (patient, study, series, instance, echo), each
 * handed to a {@link Sink} before the next is made: a run of any size holds one object's header in memory, and its
 * pixels are made as they are written. Every value comes from the plan's {@link Seed} by the object's position, so
 * the same plan gives byte-identical objects, UIDs included.
 *
 * <p>Each object has the modules its IOD requires (PS3.3 Annex A): Patient, General Study, General Series, General
 * Equipment and SOP Common here, the image modules in {@link ImageHeaders}, the SR modules in {@link DoseReports}.
 */
public final class SyntheticStudies {
    static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);
    /** The Manufacturer (0008,0070) of synthetic objects, so they can be told from real ones. */
    public static final String MANUFACTURER = "Ferry synthetic";

    private final StudyPlan plan;

    /** Receives each object as it is made. */
    @FunctionalInterface
    public interface Sink {
        void accept(SyntheticInstance instance) throws IOException;
    }

    /** A synthetic patient: its number, birth date and sex (PatientID and PatientName come from templates). */
    record Patient(int number, LocalDate birthDate, String sex) {
    }

    /**
     * A synthetic study: its number over the run and within its patient, UID, date, time and accession number.
     */
    record Study(Patient patient, int number, int numberInPatient, String uid, LocalDate date, LocalTime time,
                 String accessionNumber) {
    }

    /** A synthetic series: its number in its study, modality, UID, time and pixel format (null for SR). */
    record Series(Study study, int number, Modality modality, String uid, LocalTime time, PixelFormat format) {
        /** The name objects of this series derive their values by: {@code 3/2/1} for patient 3, study 2, series 1. */
        String key() {
            return study.patient().number() + "/" + study.numberInPatient() + "/" + number;
        }
    }

    public SyntheticStudies(StudyPlan plan) {
        this.plan = plan;
    }

    /** Makes every object of the plan, in order, and hands each to {@code sink}. */
    public void forEach(Sink sink) throws IOException {
        Names names = new Names(plan);
        for (int p = 1; p <= plan.patients(); p++) {
            Patient patient = patient(p);
            for (int s = 1; s <= plan.studies(); s++) {
                Study study = study(patient, (p - 1) * plan.studies() + s, s);
                for (int r = 1; r <= plan.series(); r++) {
                    Series series = series(study, r);
                    if (series.modality() == Modality.SR) {
                        Position position = new Position(p, study.number(), r, 1, 1);
                        DataSet header = header(series, position);
                        DoseReports.describe(header, series, plan);
                        sink.accept(finish(header, position, names.next(series, position), null, 0));
                        continue;
                    }
                    int echoes = series.modality() == Modality.MR ? plan.echoes() : 1;
                    for (int i = 1; i <= plan.instances(); i++) {
                        for (int e = 1; e <= echoes; e++) {
                            Position position = new Position(p, study.number(), r, i, e);
                            DataSet header = header(series, position);
                            ImageHeaders.describe(header, series, position, plan);
                            long noise = plan.seed().derive("pixels/" + series.key() + "/" + i + "/" + e);
                            sink.accept(finish(header, position, names.next(series, position), series, noise));
                        }
                    }
                }
            }
        }
    }

    private SyntheticInstance finish(DataSet header, Position position, String path, Series series, long noise) {
        for (AttributeSetting setting : plan.settings()) {
            setting.apply(header, position);
        }
        return series == null ? new SyntheticInstance(path, header, null, plan.pattern(), 0, 0)
                : new SyntheticInstance(path, header, series.format(), plan.pattern(), position.instance(), noise);
    }

    private Patient patient(int number) {
        SplittableRandom random = plan.seed().random("patient/" + number);
        LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(90 * 365));
        String sex = new String[] {"F", "M", "O"}[random.nextInt(20) < 19 ? random.nextInt(2) : 2];
        return new Patient(number, birth, sex);
    }

    private Study study(Patient patient, int number, int numberInPatient) {
        String key = patient.number() + "/" + numberInPatient;
        SplittableRandom random = plan.seed().random("study/" + key);
        long days = ChronoUnit.DAYS.between(plan.firstDate(), plan.lastDate());
        LocalDate date = plan.firstDate().plusDays(days == 0 ? 0 : random.nextLong(days + 1));
        LocalTime time = LocalTime.of(7, 0).plusSeconds(random.nextInt(11 * 3600));
        String accession = String.format(Locale.ROOT, "A%09d", random.nextInt(1_000_000_000));
        return new Study(patient, number, numberInPatient, plan.seed().uid("study/" + key), date, time, accession);
    }

    private Series series(Study study, int number) {
        Modality modality = plan.modalityOf(number);
        String key = study.patient().number() + "/" + study.numberInPatient() + "/" + number;
        return new Series(study, number, modality, plan.seed().uid("series/" + key),
                study.time().plusMinutes(5L * (number - 1)), modality.format(plan.rows(), plan.columns(),
                plan.frames()));
    }

    /** The modules every object has: Patient, General Study, General Series, General Equipment, SOP Common. */
    private DataSet header(Series series, Position position) {
        Study study = series.study();
        Patient patient = study.patient();
        String instanceKey = series.key() + "/" + position.instance() + "/" + position.echo();
        DataSet header = new DataSet();
        text(header, Tags.SOPClassUID, series.modality().sopClass());
        text(header, Tags.SOPInstanceUID, plan.seed().uid("instance/" + instanceKey));
        text(header, Tags.StudyDate, DA.format(study.date()));
        text(header, Tags.SeriesDate, DA.format(study.date()));
        text(header, Tags.StudyTime, TM.format(study.time()));
        text(header, Tags.SeriesTime, TM.format(series.time()));
        text(header, Tags.AccessionNumber, study.accessionNumber());
        text(header, Tags.Modality, series.modality().name());
        text(header, Tags.Manufacturer, MANUFACTURER);
        text(header, Tags.InstitutionName, "Ferry Test Hospital");
        text(header, Tags.ReferringPhysicianName, "Referrer^Rita");
        text(header, Tags.StationName, "FERRY" + series.modality());
        text(header, Tags.StudyDescription, studyDescription());
        text(header, Tags.SeriesDescription, "Synthetic " + series.modality() + " " + series.number());
        text(header, Tags.ManufacturerModelName, "ferry make");
        text(header, Tags.PatientName, plan.patientName().expand(position));
        text(header, Tags.PatientID, plan.patientId().expand(position));
        text(header, Tags.PatientBirthDate, DA.format(patient.birthDate()));
        text(header, Tags.PatientSex, patient.sex());
        text(header, Tags.PatientAge, String.format(Locale.ROOT, "%03dY",
                Period.between(patient.birthDate(), study.date()).getYears()));
        text(header, Tags.DeviceSerialNumber, "1");
        text(header, Tags.SoftwareVersions, Implementation.VERSION_NAME);
        text(header, Tags.StudyInstanceUID, study.uid());
        text(header, Tags.SeriesInstanceUID, series.uid());
        text(header, Tags.StudyID, Integer.toString(study.numberInPatient()));
        text(header, Tags.SeriesNumber, Integer.toString(series.number()));
        text(header, Tags.InstanceNumber, Integer.toString(position.instance()));
        return header;
    }

    /** The studies' description, after their first series' modality. */
    private String studyDescription() {
        return switch (plan.modalityOf(1)) {
            case MR -> "MR BRAIN";
            case CT -> "CT";
            case CR -> "CR CHEST";
            case US -> "US ABDOMEN";
            case SR -> "DOSE REPORT";
        };
    }

    /** File names under the output folder, in the plan's layout. */
    private static final class Names {
        private final boolean flat;
        private final int width;
        private long count;

        Names(StudyPlan plan) {
            this.flat = plan.flat();
            this.width = Math.max(5, Long.toString(plan.objectCount()).length());
        }

        String next(Series series, Position position) {
            String modality = series.modality().name();
            if (flat) {
                return modality + pad(++count, width) + ".dcm";
            }
            return "patient" + pad(position.patient(), 4) + "/study" + pad(series.study().numberInPatient(), 2)
                    + "/series" + pad(series.number(), 2) + "-" + modality + "/" + modality
                    + pad(position.instance(), 5) + (position.echo() > 1 ? "-echo" + position.echo() : "") + ".dcm";
        }

        private static String pad(long number, int width) {
            String digits = Long.toString(number);
            return "0".repeat(Math.max(0, width - digits.length())) + digits;
        }
    }
}
