package ferry.router.cli;

import ferry.router.make.AttributeSetting;
import ferry.router.make.Modality;
import ferry.router.make.PixelPattern;
import ferry.router.make.Seed;
import ferry.router.make.StudyPlan;
import ferry.router.make.SyntheticInstance;
import ferry.router.make.SyntheticStudies;
import ferry.router.make.ValueTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * {@code ferry make --study}: synthetic studies for testing routes (docs/make.md, "Synthetic studies"), written to
 * a folder ({@code -o DIR}) or sent to a peer ({@code --send AET@host:port}), or both. A picocli mixin of
 * {@link MakeCommand}.
 */
public final class MakeStudyOptions {
    @Option(names = "--study", description = "Make synthetic studies (see the options below), to -o DIR or --send.")
    boolean study;

    @Option(names = "--patients", paramLabel = "N", defaultValue = "1",
            description = "Patients (default: ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--studies", paramLabel = "N", defaultValue = "1",
            description = "Studies per patient (default: ${DEFAULT-VALUE}).")
    int studies;

    @Option(names = "--series", paramLabel = "N", defaultValue = "1",
            description = "Series per study (default: ${DEFAULT-VALUE}).")
    int series;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "10",
            description = "Instances per series (default: ${DEFAULT-VALUE}); an SR series holds one dose report.")
    int instances;

    @Option(names = "--modality", paramLabel = "M[,M...]", defaultValue = "MR",
            description = {"MR, CT, CR, US (multi-frame) or SR (CT dose report); several are taken by the series in "
                + "turn, e.g. CT,SR (default: ${DEFAULT-VALUE})."})
    String modalities;

    @Option(names = "--matrix", paramLabel = "ROWSxCOLUMNS",
            description = "Pixel matrix, e.g. 512 or 480x640 (default: MR 256, CT 512, CR 1024, US 480x640).")
    String matrix;

    @Option(names = "--frames", paramLabel = "N", description = "Frames of US cine loops (default: 10).")
    int frames;

    @Option(names = "--pattern", paramLabel = "PATTERN", defaultValue = "rings",
            description = "What the pixels show: rings, gradient or noise (default: ${DEFAULT-VALUE}).")
    String pattern;

    @Option(names = "--date", paramLabel = "DATE[..DATE]",
            description = "Study date, or a range the studies' dates are drawn from; YYYYMMDD (default: today).")
    String dates;

    @Option(names = "--patient-id", paramLabel = "TEMPLATE", defaultValue = "P{n:04}",
            description = "PatientID, {n} the patient's number (default: ${DEFAULT-VALUE}).")
    String patientId;

    @Option(names = "--patient-name", paramLabel = "TEMPLATE", defaultValue = "Synthetic^P{n:04}",
            description = "PatientName (default: ${DEFAULT-VALUE}).")
    String patientName;

    @Option(names = "--echoes", paramLabel = "1|2", defaultValue = "1",
            description = {"2: every MR slice twice, EchoNumbers 1 and 2 with the same InstanceNumber "
                + "(a Siemens field map; default: ${DEFAULT-VALUE})."})
    int echoes;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of every value: the same seed and options give byte-identical files (default: random).")
    Long seed;

    @Option(names = "--flat", description = "All files in -o DIR, named MR00001.dcm... in order, not a folder per "
            + "patient, study and series.")
    boolean flat;

    @Option(names = "--send", paramLabel = "AET@host:port", converter = PeerAddress.Converter.class,
            description = "Send the objects to this peer (C-STORE) as they are made.")
    PeerAddress send;

    @Option(names = "--aet", paramLabel = "AET", defaultValue = "FERRY",
            description = "Our (calling) AE title with --send (default: ${DEFAULT-VALUE}).")
    String callingAeTitle;

    /** Whether {@code --study} was given. */
    boolean requested() {
        return study;
    }

    /**
     * Makes the studies into {@code output} and/or sends them; returns the exit code: 0 all made (and stored by the
     * peer), 1 something failed, 2 the options are wrong.
     */
    int make(Path output, List<AttributeSetting> settings, PrintWriter out, PrintWriter err) {
        StudyPlan plan;
        try {
            if (output == null && send == null) {
                throw new IllegalArgumentException("--study needs -o DIR, --send AET@host:port, or both");
            }
            if (output != null && Files.exists(output) && !Files.isDirectory(output)) {
                throw new IllegalArgumentException("-o " + output + " is a file; --study writes a folder");
            }
            plan = plan(settings);
        } catch (IllegalArgumentException e) {
            err.println("ferry make: " + e.getMessage());
            return 2;
        }
        Path folder = output;
        try {
            if (folder == null) {
                folder = Files.createTempDirectory("ferry-make-");
            }
            Path target = folder;
            long[] made = new long[1];
            StudySender sender = send == null ? null
                    : new StudySender(send, callingAeTitle, sopClasses(plan), output == null);
            try {
                new SyntheticStudies(plan).forEach(instance -> {
                    Path file = target.resolve(instance.path());
                    instance.writeFile(file);
                    made[0]++;
                    if (sender != null) {
                        sender.send(file);
                    }
                });
            } finally {
                if (sender != null) {
                    sender.close();
                }
            }
            report(plan, made[0], output, sender, out, err);
            return sender == null || sender.failures().isEmpty() ? 0 : 1;
        } catch (IOException e) {
            err.println("ferry make: " + MakeCommand.fileProblem(e, folder));
            return 1;
        } finally {
            if (output == null && folder != null) {
                deleteTree(folder);
            }
        }
    }

    /** The plan the options describe; {@link IllegalArgumentException} for the first wrong one. */
    StudyPlan plan(List<AttributeSetting> settings) {
        List<Modality> kinds = new ArrayList<>();
        for (String name : modalities.split(",")) {
            try {
                kinds.add(Modality.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--modality: '" + name.strip() + "' is none of MR, CT, CR, US, SR");
            }
        }
        int rows = 0;
        int columns = 0;
        if (matrix != null) {
            String[] sides = matrix.toLowerCase(Locale.ROOT).split("x", -1);
            try {
                rows = Integer.parseInt(sides[0].strip());
                columns = sides.length == 1 ? rows : Integer.parseInt(sides[1].strip());
            } catch (NumberFormatException e) {
                columns = -1;
            }
            if (sides.length > 2 || rows < 1 || columns < 1) {
                throw new IllegalArgumentException("--matrix: '" + matrix + "' is not ROWSxCOLUMNS (e.g. 512 or "
                        + "480x640)");
            }
        }
        PixelPattern shown;
        try {
            shown = PixelPattern.valueOf(pattern.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--pattern: '" + pattern + "' is none of rings, gradient, noise");
        }
        LocalDate first = LocalDate.now();
        LocalDate last = first;
        if (dates != null) {
            String[] ends = dates.split("\\.\\.", -1);
            if (ends.length > 2) {
                throw new IllegalArgumentException("--date: '" + dates + "' is not DATE or DATE..DATE");
            }
            first = date(ends[0]);
            last = ends.length == 2 ? date(ends[1]) : first;
        }
        return new StudyPlan(patients, studies, series, instances, kinds, rows, columns, frames, shown, first, last,
                template("--patient-id", patientId), template("--patient-name", patientName), settings, echoes,
                seed == null ? Seed.random() : new Seed(seed), flat);
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip(), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--date: '" + text + "' is not a date YYYYMMDD");
        }
    }

    private static ValueTemplate template(String option, String text) {
        try {
            return ValueTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage());
        }
    }

    private static Set<String> sopClasses(StudyPlan plan) {
        Set<String> classes = new LinkedHashSet<>();
        for (Modality modality : plan.modalities()) {
            classes.add(modality.sopClass());
        }
        return classes;
    }

    /** The summary: what was made, where it went, and how to make it again. */
    private void report(StudyPlan plan, long made, Path output, StudySender sender, PrintWriter out,
                        PrintWriter err) {
        DateTimeFormatter da = DateTimeFormatter.BASIC_ISO_DATE;
        String dates = da.format(plan.firstDate()) + (plan.lastDate().equals(plan.firstDate()) ? ""
                : ".." + da.format(plan.lastDate()));
        long studyCount = (long) plan.patients() * plan.studies();
        StringBuilder line = new StringBuilder("ferry make: ").append(made)
                .append(made == 1 ? " object (" : " objects (")
                .append(plan.patients()).append(plan.patients() == 1 ? " patient, " : " patients, ")
                .append(studyCount).append(studyCount == 1 ? " study)" : " studies)");
        if (output != null) {
            line.append(" written to ").append(output);
        }
        if (sender != null) {
            line.append(output != null ? ", " : " ").append(sender.sent()).append(" stored by ").append(send)
                    .append(sender.warnings() == 0 ? "" : " (" + sender.warnings() + " with warnings)")
                    .append(sender.failures().isEmpty() ? "" : ", " + sender.failures().size() + " failed");
            sender.failures().forEach(failure -> err.println("ferry make: " + failure));
        }
        out.println(line.append("; again with --seed ").append(plan.seed().value()).append(" --date ").append(dates));
        out.flush();
        err.flush();
    }

    /** Deletes the temporary folder of a run that only sent its objects. */
    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary folder left behind is no reason to fail a run that did its work
        }
    }
}
