package ferry.router.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import ferry.core.io.DataSetPrinter;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomParseException;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.json.BulkDataRef;
import ferry.core.json.DicomJsonWriter;
import ferry.core.sr.ContentTree;
import ferry.core.tag.Tag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry dump FILE|DIR...}: lists the elements of DICOM files, one per line, like dcmdump. The format is
 * described in {@link DataSetPrinter}; with {@code --json} each data set (without its file meta group) is printed
 * as DICOM JSON instead, an array of them for several files. Directories are searched recursively and their files
 * dumped in sorted order; a file that cannot be read gets one line on stderr and the others are still dumped. With
 * {@code --sr} the content tree of structured reports is printed instead, simplified to concept names and values
 * (docs/structured-reports.md), as indented text or, with {@code --json}, as JSON.
 */
@Command(
        name = "dump",
        description = {
            "List the elements of DICOM files, one per line, like dcmdump: "
                    + "(gggg,eeee) VR value  # length, VM Keyword.",
            "With --sr: the content tree of structured reports (dose reports…) as concept names and values.",
            "Directories are searched recursively. Exit code 0 when every file was read, 1 when any was not."
        },
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false)
public final class DumpCommand implements Callable<Integer> {
    /** Values longer than this stay in the file, so pixel data is never loaded to be dumped. */
    static final long BULK_DATA_THRESHOLD = 64 * 1024;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "DICOM files, or directories to search.")
    List<Path> paths;

    @Option(names = "--width", paramLabel = "CHARS", defaultValue = "" + DataSetPrinter.DEFAULT_WIDTH,
            description = "Cut values longer than this many characters (0 = never: every byte of every value, pixel "
                    + "data included, as ferry make needs; default: ${DEFAULT-VALUE} on a terminal, 0 when the output "
                    + "goes to a pipe or a file).")
    int width;

    @Option(names = "--header-only", description = "Stop reading before Pixel Data (7FE0,0010).")
    boolean headerOnly;

    @Option(names = "--warnings", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print the reader's warnings as '# warning:' lines (with --json: on stderr; default: on).")
    boolean warnings;

    @Option(names = "--json", description = {"Print each data set as DICOM JSON (PS3.18 Annex F) instead: one "
            + "object, or an array of them for several files; values left in the file (over 64 KiB) as "
            + "file: BulkDataURIs."})
    boolean json;

    @Option(names = "--sr", description = {"Print the content tree of structured reports instead, simplified to "
            + "concept names and values (indented text, or JSON with --json); problems in the tree as warnings. "
            + "A file that is no structured report counts as not read."})
    boolean sr;

    /**
     * The command for {@code args} (the arguments after {@code dump}) when they are plain — paths and the options
     * above, written {@code --width N} or {@code --width=N} — or empty when picocli must read them: help, version,
     * {@code @file}s, {@code --}, a bad number, an unknown option or no path, which picocli answers with its usual
     * messages. This lets {@code ferry dump} start without building picocli's model of every command, a large
     * part of its start-up time.
     */
    static Optional<DumpCommand> parsePlain(List<String> args) {
        DumpCommand command = new DumpCommand();
        command.width = DataSetPrinter.DEFAULT_WIDTH;
        command.warnings = true;
        command.paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--width=") || arg.equals("--width") && i + 1 < args.size()) {
                String value = arg.equals("--width") ? args.get(++i) : arg.substring("--width=".length());
                if (!value.matches("[0-9]{1,9}")) {
                    return Optional.empty();
                }
                command.width = Integer.parseInt(value);
            } else if (arg.equals("--header-only")) {
                command.headerOnly = true;
            } else if (arg.equals("--warnings") || arg.equals("--no-warnings")) {
                command.warnings = arg.equals("--warnings");
            } else if (arg.equals("--json")) {
                command.json = true;
            } else if (arg.equals("--sr")) {
                command.sr = true;
            } else if (!FileArguments.addPlainPath(arg, command.paths)) {
                return Optional.empty();
            }
        }
        return command.paths.isEmpty() ? Optional.empty() : Optional.of(command);
    }

    @Override
    public Integer call() {
        return dump(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Dumps the files to {@code out}, problems to {@code err}; returns the exit code (0 all read, 1 not, 2 usage). */
    int dump(PrintWriter out, PrintWriter err) {
        if (width < 0) {
            err.println("ferry dump: --width must be 0 (never cut) or more, not " + width);
            err.flush();
            return 2;
        }
        DataSetPrinter printer = DataSetPrinter.standard().withWidth(width).withWarnings(warnings);
        ReadOptions options = ReadOptions.DEFAULT.withBulkDataThreshold(BULK_DATA_THRESHOLD);
        if (headerOnly) {
            options = options.stoppingBefore(Tag.PIXEL_DATA);
        }
        boolean allRead = true;
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            allRead &= FileArguments.expand(path, files, problem -> err.println("ferry dump: " + problem));
        }
        boolean several = files.size() > 1;
        if (width == 0 && !json && !sr) {
            return inFull(files, options, printer, out, err) && allRead ? 0 : 1;
        }
        if (json && several) {
            out.append("[\n");
        }
        ReadOptions readOptions = options;
        // Files are read and formatted on all cores, a window ahead, and printed in order by this thread.
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), Math.max(1, files.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "ferry-dump");
            thread.setDaemon(true);
            return thread;
        });
        try {
            ArrayDeque<Future<Rendered>> window = new ArrayDeque<>();
            int next = 0;
            boolean first = true;
            while (next < files.size() || !window.isEmpty()) {
                while (next < files.size() && window.size() < 4 * threads) {
                    Path file = files.get(next++);
                    window.add(pool.submit(() -> render(file, readOptions, printer, several)));
                }
                Rendered rendered = window.poll().get();
                if (rendered.ok()) {
                    if (json && several && !first) {
                        out.append(",\n");
                    } else if (!json && several && !first) {
                        out.append('\n');
                    }
                    out.append(rendered.text());
                    if (json && !several) {
                        out.append('\n');
                    }
                    first = false;
                } else {
                    allRead = false;
                }
                if (!rendered.err().isEmpty()) {
                    out.flush();
                    err.print(rendered.err());
                    err.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException e) {
            throw new IllegalStateException("dumping failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (json && several) {
            out.append("\n]\n");
        }
        out.flush();
        return allRead ? 0 : 1;
    }

    /**
     * {@code args} with {@code --width 0} added to a {@code dump} that gives no width, when Ferry's output is not a
     * terminal: what goes into a pipe or a file is read by a program more often than by a person, and
     * {@code ferry dump X | ferry make -} gives X back only from whole values (docs/make.md).
     */
    static String[] wholeValuesWhenPiped(String[] args, boolean terminal) {
        if (terminal || args.length == 0 || !args[0].equals("dump")
                || Arrays.stream(args).anyMatch(a -> a.equals("--width") || a.startsWith("--width="))) {
            return args;
        }
        String[] whole = new String[args.length + 2];
        whole[0] = "dump";
        whole[1] = "--width";
        whole[2] = "0";
        System.arraycopy(args, 1, whole, 3, args.length - 1);
        return whole;
    }

    /**
     * Lists the files one after the other straight to {@code out}, for {@code --width 0}: every byte of their values
     * is printed, bulk data streamed from the file ({@link DataSetPrinter}), so no listing is held in memory whole.
     * Returns whether every file was read.
     */
    private boolean inFull(List<Path> files, ReadOptions options, DataSetPrinter printer, PrintWriter out,
                           PrintWriter err) {
        boolean allRead = true;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            try {
                DicomFile dicom = DicomReader.read(file, options);
                if (files.size() > 1) {
                    out.append(i > 0 ? "\n" : "").append("# FILE: ").append(file.toString()).append('\n');
                }
                printer.print(dicom, out);
            } catch (IOException | RuntimeException e) {
                // RuntimeException: a reader or printer bug must not stop the other files; it is reported here.
                out.flush();
                err.println("ferry dump: " + file + ": " + reason(e));
                err.flush();
                allRead = false;
            }
        }
        out.flush();
        return allRead;
    }

    /** One file's listing (or JSON) and what goes to stderr for it; {@code ok} false when it could not be read. */
    private record Rendered(String text, String err, boolean ok) {
    }

    private Rendered render(Path file, ReadOptions options, DataSetPrinter printer, boolean several) {
        StringBuilder listing = new StringBuilder(8192);
        StringBuilder errors = new StringBuilder();
        try {
            DicomFile dicom = DicomReader.read(file, options);
            if (sr) {
                return structuredReport(file, dicom, several);
            }
            if (json) {
                json(file, dicom, listing, errors);
            } else {
                if (several) {
                    listing.append("# FILE: ").append(file).append('\n');
                }
                printer.print(dicom, listing);
            }
            return new Rendered(listing.toString(), errors.toString(), true);
        } catch (IOException | RuntimeException e) {
            // RuntimeException: a reader or printer bug must not stop the other files; it is reported here.
            return new Rendered("", "ferry dump: " + file + ": " + reason(e) + "\n", false);
        }
    }

    /**
     * The simplified content tree of a structured report: indented text cut at {@link #width}, or pretty JSON; the
     * tree's problems as warnings on stderr. Not ok when the file holds no content tree.
     */
    private Rendered structuredReport(Path file, DicomFile dicom, boolean several) throws IOException {
        ContentTree tree = ContentTree.read(dicom.dataSet()).orElse(null);
        if (tree == null) {
            return new Rendered("", "ferry dump: " + file + ": not a structured report (no Value Type (0040,A040)"
                    + " or Content Sequence (0040,A730))\n", false);
        }
        StringBuilder errors = new StringBuilder();
        warn(file, dicom.warnings(), errors);
        warn(file, tree.problems(), errors);
        if (json) {
            return new Rendered(JsonOutput.simplified(tree), errors.toString(), true);
        }
        String heading = several ? "# FILE: " + file + "\n" : "";
        return new Rendered(heading + tree.simplified().toText(width), errors.toString(), true);
    }

    /** Appends the data set as DICOM JSON; the reader's warnings go to stderr, where they cannot break the JSON. */
    private void json(Path file, DicomFile dicom, StringBuilder listing, StringBuilder err) throws IOException {
        warn(file, dicom.warnings(), err);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        JsonOutput.WRITER.write(dicom.dataSet(), bytes);
        listing.append(bytes.toString(StandardCharsets.UTF_8));
    }

    /** Appends one {@code ferry dump: FILE: warning: ...} line per warning to {@code err}, unless warnings are off. */
    private void warn(Path file, List<?> found, StringBuilder err) {
        if (warnings) {
            for (Object warning : found) {
                err.append("ferry dump: ").append(file).append(": warning: ").append(warning).append('\n');
            }
        }
    }

    /** Holds the JSON writer, so that Jackson is loaded only when --json is used. */
    private static final class JsonOutput {
        /** Pretty DICOM JSON; values left in the file are written as file: URIs, not read. */
        static final DicomJsonWriter WRITER = DicomJsonWriter.DEFAULT.withPrettyPrint(true)
                .withBulkDataUris(BULK_DATA_THRESHOLD, BulkDataRef::fileUri);
        private static final JsonFactory FACTORY = new JsonFactory();

        /** The simplified content tree as pretty JSON. */
        static String simplified(ContentTree tree) throws IOException {
            StringWriter text = new StringWriter();
            try (JsonGenerator generator = FACTORY.createGenerator(text)) {
                generator.useDefaultPrettyPrinter();
                tree.simplified().write(generator);
            }
            return text.toString();
        }
    }

    /** The reason a file could not be dumped, in one line. */
    static String reason(Exception e) {
        if (e instanceof DicomParseException) {
            return e.getMessage(); // "at offset N in (gggg,eeee) Keyword: reason"
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof IOException) {
            return e.getMessage() != null ? e.getMessage() : e.toString();
        }
        return "internal error while dumping (please report): " + e;
    }
}
