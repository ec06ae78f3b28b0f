package ferry.router.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A text made from a template whose {@code {placeholder}} tokens are filled from a {@link CompletionReport}: the
 * subject and body of a mail, an argument of a command. {@code {{} writes a literal brace; an unknown placeholder is
 * an error when the template is read, naming it. Command arguments may also use storescp's {@code #a} (calling AE
 * title), {@code #c} (called AE title), {@code #r} (peer address) and {@code #p} (the study folder). Patient
 * identifiers ({@code patient-id}, {@code patient-name}, {@code accession}) render as {@value #WITHHELD} unless the
 * channel includes them. Immutable and thread-safe.
 */
public final class ReportText {
    /** What a patient identifier renders as when the channel leaves them out. */
    public static final String WITHHELD = "(withheld)";

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** The values a template can name, by the word written between the braces. */
    enum Placeholder {
        ROUTE("route", CompletionReport::route),
        CALLED("called", CompletionReport::calledAeTitle),
        CALLING("calling", CompletionReport::callingAeTitle),
        PEER("peer", CompletionReport::peerAddress),
        STUDY("study", CompletionReport::studyInstanceUid),
        SERIES("series", r -> Objects.requireNonNullElse(r.seriesInstanceUid(), "")),
        ACCESSION("accession", CompletionReport::accessionNumber, Privacy.IDENTIFIER),
        PATIENT_ID("patient-id", CompletionReport::patientId, Privacy.IDENTIFIER),
        PATIENT_NAME("patient-name", CompletionReport::patientName, Privacy.IDENTIFIER),
        DESCRIPTION("description", CompletionReport::studyDescription),
        STUDY_DATE("study-date", CompletionReport::studyDate),
        OUTCOME("outcome", r -> r.outcome().name()),
        ROUND("round", r -> Integer.toString(r.round())),
        FOLLOW_UP("follow-up", r -> r.followUp() ? "follow-up" : ""),
        COMPLETED_BY("completed-by", r -> r.completedBy().name().toLowerCase(Locale.ROOT).replace('_', '-')),
        OBJECTS("objects", r -> Long.toString(r.objects())),
        TOTAL("total", r -> Long.toString(r.totalObjects())),
        BYTES("bytes", r -> Long.toString(r.bytes())),
        FAILURES("failures", r -> Long.toString(r.failureCount())),
        FAILURE_LIST("failure-list", ReportText::failureList),
        SERIES_LIST("series-list", ReportText::seriesList),
        FOLDERS("folders", r -> String.join("\n", r.folders()), Privacy.PATH),
        FOLDER("folder", ReportText::folder, Privacy.PATH),
        FIRST_ARRIVAL("first-arrival", r -> localTime(r.firstArrival())),
        LAST_ARRIVAL("last-arrival", r -> localTime(r.lastArrival())),
        DURATION("duration", r -> duration(r.duration())),
        THROUGHPUT("throughput", ReportText::throughput);

        final String word;
        final Function<CompletionReport, String> value;
        final Privacy privacy;

        Placeholder(String word, Function<CompletionReport, String> value) {
            this(word, value, Privacy.NONE);
        }

        Placeholder(String word, Function<CompletionReport, String> value, Privacy privacy) {
            this.word = word;
            this.value = value;
            this.privacy = privacy;
        }

        String render(CompletionReport report, boolean withPatient) {
            if (withPatient) {
                return value.apply(report);
            }
            return switch (privacy) {
                case NONE -> value.apply(report);
                case IDENTIFIER -> WITHHELD;
                case PATH -> withholdFolders(value.apply(report), report);
            };
        }
    }

    /** How a value relates to the patient's identity. */
    private enum Privacy {
        NONE,
        /** patient ID, patient name, accession number: withheld whole */
        IDENTIFIER,
        /** folder paths: a folder named after the patient (as the layout presets name them) is withheld */
        PATH
    }

    /** When a part of the default texts is shown; templates written by users have no conditions. */
    private enum Shown {
        FOLLOW_UP, FAILURES, SEVERAL_FOLDERS, WITH_PATIENT;

        boolean holds(CompletionReport report, boolean withPatient) {
            return switch (this) {
                case FOLLOW_UP -> report.followUp();
                case FAILURES -> report.failureCount() > 0;
                case SEVERAL_FOLDERS -> report.folders().size() > 1;
                case WITH_PATIENT -> withPatient;
            };
        }
    }

    private sealed interface Part {
    }

    private record Literal(String text) implements Part {
    }

    private record Value(Placeholder placeholder) implements Part {
    }

    private record When(Shown condition, List<Part> parts) implements Part {
    }

    private static final ReportText DEFAULT_SUBJECT = new ReportText(join(
            parse("{called} TRANSFER {outcome}").parts,
            when(Shown.FOLLOW_UP, " (follow-up)")));

    private static final ReportText DEFAULT_BODY = new ReportText(join(
            parse("""
                    {called}: {calling} TRANSFER {outcome} for {objects} files (total number of files received: {total})
                    study description: "{description}"
                    file destination: "{folder}"
                    """).parts,
            when(Shown.SEVERAL_FOLDERS, "all destinations:\n{folders}\n"),
            when(Shown.FOLLOW_UP, "follow-up report (round {round}): the {objects} files arrived after the study "
                    + "was reported complete; {total} files in all\n"),
            when(Shown.WITH_PATIENT, "patient: {patient-name}, ID {patient-id}, accession number {accession}\n"),
            parse("\nseries:\n{series-list}\n").parts,
            when(Shown.FAILURES, "\nfailures ({failures}):\n{failure-list}\n"),
            parse("""

                    received from {calling} ({peer}) in {duration} ({throughput}), {first-arrival} to {last-arrival}
                    study UID: {study}
                    completed by: {completed-by}
                    route: {route}
                    """).parts));

    private final List<Part> parts;

    private ReportText(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The default mail subject: {@code {called} TRANSFER {outcome}}, with " (follow-up)" after a first round. */
    public static ReportText defaultSubject() {
        return DEFAULT_SUBJECT;
    }

    /**
     * The default mail body: seed 000's three lines, then the other destinations, a follow-up note, the patient
     * (only when identifiers are included), the series, the failures (only when there are any), duration and
     * throughput, the study UID, what completed it and the route.
     */
    public static ReportText defaultBody() {
        return DEFAULT_BODY;
    }

    /**
     * Reads a template with {@code {placeholder}} tokens.
     *
     * @throws IllegalArgumentException naming every unknown placeholder, or an unclosed brace
     */
    public static ReportText parse(String template) {
        return new ReportText(parts(template, false));
    }

    /**
     * Reads a command argument: a template that may also use storescp's {@code #a #c #r #p}.
     *
     * @throws IllegalArgumentException naming every unknown placeholder, or an unclosed brace
     */
    public static ReportText parseArgument(String template) {
        return new ReportText(parts(template, true));
    }

    /** The words that may stand between braces, in the order of the documentation. */
    public static List<String> placeholders() {
        return Arrays.stream(Placeholder.values()).map(p -> p.word).toList();
    }

    /** The text for {@code report}; patient identifiers render as {@value #WITHHELD} unless {@code withPatient}. */
    public String render(CompletionReport report, boolean withPatient) {
        StringBuilder text = new StringBuilder();
        render(parts, report, withPatient, text);
        return text.toString();
    }

    private static void render(List<Part> parts, CompletionReport report, boolean withPatient, StringBuilder text) {
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                text.append(literal.text());
            } else if (part instanceof Value value) {
                text.append(value.placeholder().render(report, withPatient));
            } else if (part instanceof When when && when.condition().holds(report, withPatient)) {
                render(when.parts(), report, withPatient, text);
            }
        }
    }

    private static List<Part> parts(String template, boolean storescpMarks) {
        List<Part> parts = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && template.startsWith("{{", i)) {
                literal.append('{');
                i += 2;
            } else if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'{' at position " + (i + 1) + " is not closed with '}' "
                            + "(write {{ for a literal brace)");
                }
                String word = template.substring(i + 1, close);
                Placeholder placeholder = placeholder(word);
                if (placeholder == null) {
                    unknown.add("{" + word + "}");
                } else {
                    flush(literal, parts);
                    parts.add(new Value(placeholder));
                }
                i = close + 1;
            } else if (storescpMarks && c == '#' && i + 1 < template.length() && mark(template.charAt(i + 1)) != null) {
                flush(literal, parts);
                parts.add(new Value(mark(template.charAt(i + 1))));
                i += 2;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException((unknown.size() == 1 ? "unknown placeholder " : "unknown placeholders ")
                    + String.join(", ", unknown) + "; known are " + String.join(", ", placeholders()));
        }
        flush(literal, parts);
        return parts;
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    private static Placeholder placeholder(String word) {
        for (Placeholder placeholder : Placeholder.values()) {
            if (placeholder.word.equals(word)) {
                return placeholder;
            }
        }
        return null;
    }

    /** storescp's {@code --exec-on-reception} marks: #a calling, #c called, #r peer, #p the (study) folder. */
    private static Placeholder mark(char letter) {
        return switch (letter) {
            case 'a' -> Placeholder.CALLING;
            case 'c' -> Placeholder.CALLED;
            case 'r' -> Placeholder.PEER;
            case 'p' -> Placeholder.FOLDER;
            default -> null;
        };
    }

    private static List<Part> when(Shown condition, String template) {
        return List.of(new When(condition, parse(template).parts));
    }

    @SafeVarargs
    private static List<Part> join(List<Part>... pieces) {
        List<Part> all = new ArrayList<>();
        for (List<Part> piece : pieces) {
            all.addAll(piece);
        }
        return all;
    }

    private static String failureList(CompletionReport report) {
        String listed = report.failures().stream().map(f -> f.sopInstanceUid() + ": " + f.reason())
                .collect(Collectors.joining("\n"));
        long more = report.failureCount() - report.failures().size();
        return more > 0 ? listed + "\n(and " + more + " more)" : listed;
    }

    private static String seriesList(CompletionReport report) {
        return report.series().stream().map(s -> {
            String name = (s.seriesNumber() + " " + s.description()).strip();
            String line = (name.isEmpty() ? s.seriesInstanceUid() : name) + ": " + s.objects() + " files";
            return s.totalObjects() == s.objects() ? line : line + " (" + s.totalObjects() + " in all)";
        }).collect(Collectors.joining("\n"));
    }

    private static String folder(CompletionReport report) {
        return report.folders().isEmpty() ? "" : report.folders().get(0);
    }

    /**
     * {@code paths} (one a line) with each folder whose name is the patient ID or name, as a layout writes them,
     * replaced by {@value #WITHHELD}: the layout presets start with {@code {PatientID}/}.
     */
    static String withholdFolders(String paths, CompletionReport report) {
        Set<String> names = new LinkedHashSet<>();
        for (String identifier : List.of(report.patientId(), report.patientName())) {
            String name = folderName(identifier);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return paths;
        }
        StringBuilder out = new StringBuilder(paths.length());
        for (String part : paths.split("(?<=[/\\n])|(?=[/\\n])")) {
            out.append(names.contains(part) ? WITHHELD : part);
        }
        return out.toString();
    }

    /** A value as the storage layouts write it into one folder name: separators and controls as _, no leading dot. */
    private static String folderName(String value) {
        String safe = value.replaceAll("[/\\\\\\p{Cntrl}]", "_").strip();
        int dots = 0;
        while (dots < safe.length() && safe.charAt(dots) == '.') {
            dots++;
        }
        return "_".repeat(dots) + safe.substring(dots);
    }

    private static String localTime(Instant instant) {
        return LOCAL_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneId.systemDefault()));
    }

    private static String throughput(CompletionReport report) {
        return report.duration().toMillis() < 1 ? "n/a"
                : String.format(Locale.ROOT, "%.1f MB/s", report.megabytesPerSecond());
    }

    /** A duration for people: {@code 4.2s}, {@code 42s}, {@code 2m 05s}, {@code 1h 02m 05s}. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm %02ds", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReportText text && text.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return parts.stream().map(part -> part instanceof Value value ? "{" + value.placeholder().word + "}"
                : part instanceof Literal literal ? literal.text().replace("{", "{{") : "[...]")
                .collect(Collectors.joining());
    }
}
