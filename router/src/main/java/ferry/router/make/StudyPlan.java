package ferry.router.make;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What {@code ferry make --study} makes: {@code patients} × {@code studies} per patient × {@code series} per study
 * × {@code instances} per series, the series taking the {@code modalities} in turn (CT, SR: a CT series, then its dose
 * report), with study dates between {@code firstDate} and {@code lastDate}, PatientID and PatientName from templates,
 * extra attributes ({@code settings}, applied last) and everything random drawn from {@code seed}. Validated and
 * immutable.
 *
 * @param rows      the pixel matrix of image series, 0 for each modality's own ({@link Modality#format})
 * @param columns   likewise
 * @param frames    frames of a US cine loop, 0 for 10; other modalities have one
 * @param echoes    1, or 2 for MR series whose every slice comes twice, EchoNumbers 1 and 2 with the same
 *                  InstanceNumber (seed 002's Siemens field maps)
 * @param flat      all files in the output folder, named {@code MR00001.dcm}… in order, instead of a folder per
 *                  patient, study and series
 */
public record StudyPlan(int patients, int studies, int series, int instances, List<Modality> modalities, int rows,
                        int columns, int frames, PixelPattern pattern, LocalDate firstDate, LocalDate lastDate,
                        ValueTemplate patientId, ValueTemplate patientName, List<AttributeSetting> settings,
                        int echoes, Seed seed, boolean flat) {
    /** More instances than this in one run is a mistake in the counts, not a test. */
    public static final long MAX_INSTANCES = 10_000_000;

    /**
     * Checks the plan.
     *
     * @throws IllegalArgumentException saying which value is wrong and why
     */
    public StudyPlan {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(patientName, "patientName");
        Objects.requireNonNull(seed, "seed");
        modalities = List.copyOf(modalities);
        settings = List.copyOf(settings);
        atLeastOne("patients", patients);
        atLeastOne("studies", studies);
        atLeastOne("series", series);
        atLeastOne("instances", instances);
        if (modalities.isEmpty()) {
            throw new IllegalArgumentException("name at least one modality (MR, CT, CR, US, SR)");
        }
        if (firstDate.isAfter(lastDate)) {
            throw new IllegalArgumentException("the dates run from " + firstDate + " to " + lastDate
                    + ": the first is after the last");
        }
        if (echoes != 1 && echoes != 2) {
            throw new IllegalArgumentException("echoes are 1 or 2, not " + echoes);
        }
        if (echoes == 2 && !modalities.contains(Modality.MR)) {
            throw new IllegalArgumentException("two echoes are made for MR series; the plan has none");
        }
        if (frames != 0 && !modalities.contains(Modality.US)) {
            throw new IllegalArgumentException("frames are for US cine loops; the plan has no US series");
        }
        if (rows < 0 || columns < 0 || frames < 0) {
            throw new IllegalArgumentException("rows, columns and frames are positive");
        }
        long total;
        try {
            total = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact((long) patients, studies), series),
                    Math.multiplyExact((long) instances, echoes));
        } catch (ArithmeticException e) {
            total = Long.MAX_VALUE;
        }
        if (total > MAX_INSTANCES) {
            throw new IllegalArgumentException(patients + " patients × " + studies + " studies × " + series
                    + " series × " + instances + " instances" + (echoes == 2 ? " × 2 echoes" : "") + " is over "
                    + MAX_INSTANCES + " objects");
        }
        for (Modality modality : modalities) {
            PixelFormat format = modality.format(rows, columns, frames); // checks rows, columns and frames
            if (format != null && format.length() >= 0xFFFFFFFEL) {
                throw new IllegalArgumentException(modality + " objects of " + format.rows() + "x" + format.columns()
                        + " × " + format.frames() + " frames would have 4 GiB of pixel data or more, more than "
                        + "a Pixel Data element holds (PS3.5 §7.1.1)");
            }
        }
    }

    private static void atLeastOne(String what, int count) {
        if (count < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, not " + count);
        }
    }

    /** The modality of series {@code number} (from 1) of each study: the modalities in turn. */
    public Modality modalityOf(int number) {
        return modalities.get((number - 1) % modalities.size());
    }

    /** How many objects the plan makes; an SR series holds one report whatever {@code instances} says. */
    public long objectCount() {
        long perStudy = 0;
        for (int s = 1; s <= series; s++) {
            Modality modality = modalityOf(s);
            perStudy += modality == Modality.SR ? 1 : (long) instances * (modality == Modality.MR ? echoes : 1);
        }
        return perStudy * patients * studies;
    }
}
