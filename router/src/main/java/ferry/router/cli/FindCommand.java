package ferry.router.cli;

import ferry.core.data.DataSet;
import ferry.core.io.DataSetPrinter;
import ferry.core.io.TransferSyntax;
import ferry.core.json.DicomJsonWriter;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import ferry.net.assoc.Association;
import ferry.net.assoc.PresentationContext;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.assoc.Tls;
import ferry.net.dimse.Status;
import ferry.net.service.FindScu;
import ferry.router.index.MeasureCondition;
import ferry.router.index.QueryLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ferry find AET@host:port KEY=VALUE...}: a C-FIND query (PS3.4 C.4.1) in the Study Root or Patient Root
 * model; prints each match and a summary line with the final status. Exit 0 on Success (or on the Cancel that
 * {@code --limit} asked for), 1 otherwise, 2 for a usage error. With {@code --local}, the same query of Ferry's own
 * index ({@link LocalFind}).
 */
@Command(name = "find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Query a DICOM peer (C-FIND) and print the matches, then a summary with the final status.",
            "Keys are KEYWORD=VALUE or (gggg,eeee)=VALUE; KEY= (no value) asks for the attribute to be returned. "
                + "Values use the matching of PS3.4 C.2.2.2: * and ? wild cards (PatientName=DOE*), date and time "
                + "ranges (StudyDate=20260101-20261231, StudyDate=20260101-), lists of UIDs separated by "
                + "backslash. A sequence item key is written Sequence.Key=VALUE. The required keys of the level "
                + "(e.g. StudyInstanceUID, StudyDate, PatientName at STUDY level) are always asked for.",
            "With --local, Ferry's own index is queried with the same matching (docs/index.md); a DA key there "
                + "also takes whole years and months (StudyDate=2024, StudyDate=202401-202403).",
            "Exit code 0 on Success (or on the Cancel that --limit asked for), 1 on any other final status or a "
                + "network error, 2 for a usage error."})
public final class FindCommand implements Callable<Integer> {
    /** The query/retrieve levels (0008,0052) of PS3.4 C.6. */
    enum Level { PATIENT, STUDY, SERIES, IMAGE }

    /** The information models of PS3.4 C.3. */
    enum Model {
        STUDY(Uids.StudyRootQueryRetrieveInformationModelFind, "Study Root"),
        PATIENT(Uids.PatientRootQueryRetrieveInformationModelFind, "Patient Root");

        final String uid;
        final String title;

        Model(String uid, String title) {
            this.uid = uid;
            this.title = title;
        }
    }

    @Parameters(arity = "0..*", paramLabel = "[AET@host:port] KEY=VALUE", description = {"The peer (its AE title, "
        + "host and port; not with --local), then the query and return keys."})
    List<String> arguments = new ArrayList<>();

    @Option(names = "--local", description = {"Query Ferry's own index (docs/index.md) instead of a peer, read-only: it "
        + "works while Ferry runs. The index of the data directory of --config."})
    boolean local;

    @Option(names = "--csv", description = "With --local: print the matches as CSV, one line each, with a header line.")
    boolean csv;

    @Option(names = "--count-by", split = ",", paramLabel = "KEY[,KEY...]", description = {"With --local: print how "
        + "many matches have each combination of these keys' values (e.g. --count-by Modality,StudyDate at the "
        + "SERIES level), instead of the matches."})
    List<String> countBy = new ArrayList<>();

    @Option(names = "--measure", paramLabel = "NAME>NUMBER", description = {"With --local: only matches with a "
        + "structured report holding a numeric value that meets this condition: NAME, the operator (> >= < <= =) and a "
        + "number, e.g. \"DLP>500\", \"CT Dose Length Product Total>=1000\", 113838<=250. NAME is the value's concept "
        + "name, its path of concept names (CT Acquisition/CT Dose/DLP) or its concept code value (docs/index.md). "
        + "Repeat it for conditions that all hold."})
    List<String> measures = new ArrayList<>();

    @Mixin
    ConfigOption config;

    /** The peer and the keys, once {@link #arguments} are split. */
    PeerAddress peer;
    List<String> keys = new ArrayList<>();

    @Option(names = "--level", defaultValue = "STUDY", converter = LevelConverter.class, paramLabel = "LEVEL",
            description = "PATIENT, STUDY, SERIES or IMAGE (default: ${DEFAULT-VALUE}).")
    Level level;

    @Option(names = "--model", defaultValue = "study", converter = ModelConverter.class, paramLabel = "MODEL",
            description = "study (Study Root) or patient (Patient Root) (default: ${DEFAULT-VALUE}).")
    Model model;

    @Option(names = "--aet", defaultValue = "FERRY", paramLabel = "AET", description = "Our (calling) AE title (default: ${DEFAULT-VALUE}).")
    String callingAeTitle;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Cancel the query (C-CANCEL) after N matches; 0 for all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the matches as a DICOM JSON array (PS3.18 Annex F); the summary "
            + "goes to stderr.")
    boolean json;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS", description = "Seconds to wait for each step (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Mixin
    TlsOptions tls;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must be 0 or more, not " + limit);
        }
        splitArguments();
        DataSet identifier = identifier();
        if (local) {
            return new LocalFind(config, spec.commandLine()).run(QueryLevel.valueOf(level.name()), identifier,
                    measureConditions(), countBy.stream().map(name -> new QueryKeys(spec.commandLine(), true)
                            .tag(name.strip())).toList(),
                    json ? LocalFind.Format.JSON : csv ? LocalFind.Format.CSV : LocalFind.Format.TEXT, limit, out,
                    err);
        }
        Duration step = Duration.ofSeconds(timeoutSeconds);
        Tls security;
        try {
            security = tls.forRequestor();
        } catch (IOException e) {
            err.println("ferry find: " + e.getMessage());
            return 1;
        }
        RequestorSettings settings = new RequestorSettings(callingAeTitle, peer.aeTitle(), peer.host(), peer.port(),
                List.of(FindScu.context(1, model.uid)), 0, null, new Timeouts(step, step, step), security);
        long start = System.nanoTime();
        int[] count = {0};
        Status status;
        if (json) {
            out.print("[");
        }
        try (Association association = Requestor.connect(settings)) {
            TransferSyntax syntax = association.info().contextsFor(model.uid).stream().findFirst()
                    .map(PresentationContext::transferSyntax).map(TransferSyntax::of)
                    .orElse(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            status = FindScu.find(association, model.uid, identifier, (match, pending) -> {
                if (limit > 0 && count[0] >= limit) {
                    return false; // a match the peer sent before our C-CANCEL reached it (PS3.7 §C.4.1.3.1)
                }
                count[0]++;
                print(out, match, syntax, count[0]);
                return limit == 0 || count[0] < limit;
            });
        } catch (IOException e) {
            endJson(out, count[0]);
            err.println("ferry find: " + peer + ": " + ConnectionProblem.describe(e));
            err.flush();
            return 1;
        }
        endJson(out, count[0]);
        boolean limited = status.code() == Status.CANCEL.code() && limit > 0 && count[0] >= limit;
        PrintWriter summary = json ? err : out;
        summary.printf(Locale.ROOT, "ferry find: %d match%s from %s (%s, %s level)%s, final status %s (%.2f s)%n",
                count[0], count[0] == 1 ? "" : "es", peer, model.title, level, limited ? ", cancelled at --limit"
                        : "", status, (System.nanoTime() - start) / 1e9);
        out.flush();
        err.flush();
        return status.code() == Status.SUCCESS.code() || limited ? 0 : 1;
    }

    private void endJson(PrintWriter out, int matches) {
        if (json) {
            out.println(matches == 0 ? "]" : "\n]");
            out.flush();
        }
    }

    private void print(PrintWriter out, DataSet match, TransferSyntax syntax, int number) throws IOException {
        if (json) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            JsonOutput.WRITER.write(match, bytes);
            out.print(number == 1 ? "\n" : ",\n");
            out.print(bytes.toString(StandardCharsets.UTF_8));
        } else {
            out.println("# match " + number);
            DataSetPrinter.standard().print(match, syntax, out);
        }
        out.flush();
    }

    /** The peer (unless --local) and the keys, from the positional arguments. */
    private void splitArguments() {
        if (local) {
            keys = arguments;
            return;
        }
        if (csv || !countBy.isEmpty() || !measures.isEmpty()) {
            throw new ParameterException(spec.commandLine(), (csv ? "--csv" : !countBy.isEmpty() ? "--count-by"
                    : "--measure") + " works only with --local");
        }
        if (arguments.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'AET@host:port' (or "
                    + "--local for Ferry's own index)");
        }
        try {
            peer = PeerAddress.parse(arguments.get(0));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for positional parameter at index 0 "
                    + "(AET@host:port): " + e.getMessage());
        }
        keys = arguments.subList(1, arguments.size());
    }

    /** The --measure conditions, each checked. */
    private List<MeasureCondition> measureConditions() {
        List<MeasureCondition> conditions = new ArrayList<>();
        for (String measure : measures) {
            try {
                conditions.add(MeasureCondition.parse(measure));
            } catch (IllegalArgumentException e) {
                throw new BadValue(spec.commandLine(), "--measure: " + e.getMessage());
            }
        }
        return conditions;
    }

    /** The identifier: Query/Retrieve Level, the user's keys, and the level's required keys as return keys. */
    DataSet identifier() {
        return new QueryKeys(spec.commandLine(), local).identifier(level.name(), keys, requiredKeys());
    }

    /** The Required and Unique keys of the level (PS3.4 C.6.1.1 and C.6.2.1), of this level only. */
    private List<Integer> requiredKeys() {
        return switch (level) {
            case PATIENT -> List.of(Tags.PatientName, Tags.PatientID);
            case STUDY -> model == Model.STUDY
                    ? List.of(Tags.StudyDate, Tags.StudyTime, Tags.AccessionNumber, Tags.PatientName, Tags.PatientID,
                            Tags.StudyID, Tags.StudyInstanceUID)
                    : List.of(Tags.StudyDate, Tags.StudyTime, Tags.AccessionNumber, Tags.StudyID,
                            Tags.StudyInstanceUID);
            case SERIES -> List.of(Tags.Modality, Tags.SeriesNumber, Tags.SeriesInstanceUID);
            case IMAGE -> List.of(Tags.InstanceNumber, Tags.SOPInstanceUID);
        };
    }

    /** Holds the JSON writer, so that Jackson is loaded only when --json is used. */
    private static final class JsonOutput {
        static final DicomJsonWriter WRITER = DicomJsonWriter.DEFAULT.withPrettyPrint(true);
    }

    /** {@code --level}, in any case. */
    static final class LevelConverter implements ITypeConverter<Level> {
        @Override
        public Level convert(String value) {
            try {
                return Level.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not PATIENT, STUDY, SERIES or IMAGE");
            }
        }
    }

    /** {@code --model}, in any case. */
    static final class ModelConverter implements ITypeConverter<Model> {
        @Override
        public Model convert(String value) {
            try {
                return Model.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not study or patient");
            }
        }
    }
}
