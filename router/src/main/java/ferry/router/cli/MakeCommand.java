package ferry.router.cli;

import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.UidRegistry;
import ferry.router.make.AttributeSetting;
import ferry.router.make.JsonObjects;
import ferry.router.make.Made;
import ferry.router.make.MadeObject;
import ferry.router.make.MakeOptions;
import ferry.router.make.OutputSyntax;
import ferry.router.make.TextObjects;
import ferry.router.make.UidSource;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry make}: a DICOM file from a text listing ({@link TextObjects}) or from DICOM JSON
 * ({@link JsonObjects}), a Secondary Capture object from an image ({@link MakeImageOptions}), or synthetic studies
 * ({@link MakeStudyOptions}), written all or nothing (docs/make.md). This class reads the options, hands the input to
 * the way of making it asks for, prints what that says and writes the object; each way is a class of
 * {@code ferry.router.make}.
 */
@Command(
        name = "make",
        description = {
            "Make a DICOM file from a text listing (what ferry dump or dcmtk's dcmdump print, or lines written by "
                    + "hand: (gggg,eeee) VR [value]) or from DICOM JSON (--json); a Secondary Capture object from an "
                    + "image (--image); or synthetic studies (--study) written to a folder or sent to a peer.",
            "Every problem of the input is listed with its line; nothing is written unless there is none.",
            "Exit code 0 when everything was made, 1 when the input has errors or a file cannot be read or "
                    + "written (or, with --send, stored), 2 for a usage error."
        },
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false)
public final class MakeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TEXT|-",
            description = "The text listing to make the file of; - or nothing for standard input.")
    String text;

    @Option(names = "--json", paramLabel = "FILE|-", description = "Make the file of this DICOM JSON data set "
            + "(PS3.18 F.2, as ferry dump --json prints it; - for standard input) instead.")
    String json;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the file here (default: standard output); with --study, the folder to write.")
    Path output;

    @Option(names = "--ts", paramLabel = "SYNTAX", description = "The transfer syntax: explicit, implicit, big, "
            + "deflated or a UID (default: the input's (0002,0010), else explicit).")
    String syntax;

    @Option(names = "--lenient", description = "Write values that break a rule of the standard (PS3.5 6.2: length, "
            + "characters, date format…) as given, with a warning, instead of refusing them.")
    boolean lenient;

    @Option(names = "--no-fill", description = "Write the data set exactly as given: do not fill in a missing SOP "
            + "Class (Secondary Capture), SOP Instance, Study or Series Instance UID.")
    boolean noFill;

    @Mixin
    MakeImageOptions image;

    @Mixin
    MakeStudyOptions study;

    @Mixin
    MakeSettings settings;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (image.requested() || study.requested() || image.problem() != null || matched("study")) {
            return generated(err);
        }
        if (!settings.settings.isEmpty()) {
            return usage(err, "--set goes with --image or --study; a listing says its values itself");
        }
        if (text != null && json != null) {
            return usage(err, "give a text listing or --json FILE, not both");
        }
        TransferSyntax transferSyntax = null;
        if (syntax != null) {
            try {
                transferSyntax = OutputSyntax.parse(syntax);
            } catch (IllegalArgumentException e) {
                return usage(err, "--ts: " + e.getMessage());
            }
        }
        MakeOptions options = new MakeOptions(lenient, !noFill, transferSyntax, UidSource.random());
        String input = json != null ? json : text != null ? text : "-";
        byte[] bytes;
        try {
            bytes = input.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(input));
        } catch (IOException e) {
            err.println("ferry make: cannot read " + input + ": " + DumpCommand.reason(e));
            err.flush();
            return 1;
        }
        String name = input.equals("-") ? "stdin" : input;
        Path folder = input.equals("-") ? Path.of("") : folderOf(Path.of(input));
        Made made = json != null
                ? JsonObjects.make(new ByteArrayInputStream(bytes), name, folder, options)
                : TextObjects.make(bytes, name, folder, options);
        return write(made, err);
    }

    /** Prints what making said and writes the object, if one was made; returns the exit code. */
    private int write(Made made, PrintWriter err) {
        made.messages().forEach(message -> err.println("ferry make: " + message));
        if (made.object() == null) {
            err.println("ferry make: nothing written: " + made.errors() + (made.errors() == 1 ? " error" : " errors"));
            err.flush();
            return 1;
        }
        MadeObject object = made.object();
        try {
            if (output == null) {
                spec.commandLine().getOut().flush();
                OutputStream out = new FileOutputStream(FileDescriptor.out);
                object.write(out);
            } else {
                object.write(output);
                err.println("ferry make: wrote " + output + " (" + UidRegistry.nameOf(
                        object.dataSet().getString(Tags.SOPClassUID, "no SOP class")) + ", "
                        + UidRegistry.nameOf(object.syntax().uid()) + ")");
            }
        } catch (IOException e) {
            err.println("ferry make: cannot write " + (output == null ? "standard output" : output) + ": "
                    + DumpCommand.reason(e));
            err.flush();
            return 1;
        }
        err.flush();
        return 0;
    }

    /** {@code --image} or {@code --study}: the text and JSON options make no sense with them. */
    private int generated(PrintWriter err) {
        PrintWriter out = spec.commandLine().getOut();
        String problem = image.problem();
        if (problem == null && image.requested() && study.requested()) {
            problem = "give --image or --study, not both";
        }
        if (problem == null && !image.requested() && !study.requested()) {
            problem = matchedName("study") + " goes with --study";
        }
        if (problem == null && (text != null || json != null)) {
            problem = (text != null ? "a text listing" : "--json") + " goes alone, not with --image or --study";
        }
        if (problem == null && (syntax != null || lenient || noFill)) {
            problem = "--ts, --lenient and --no-fill go with a listing or --json, not with --image or --study";
        }
        if (problem == null && image.requested() && matched("study")) {
            problem = matchedName("study") + " goes with --study, not --image";
        }
        List<AttributeSetting> parsed = null;
        if (problem == null) {
            try {
                parsed = settings.parsed();
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            return usage(err, problem);
        }
        return image.requested() ? image.make(output, parsed, out, err) : study.make(output, parsed, out, err);
    }

    /** Whether an option of mixin {@code name} was given. */
    private boolean matched(String name) {
        return matchedName(name) != null;
    }

    /** The name of the first option of mixin {@code name} that was given, or null. */
    private String matchedName(String name) {
        for (OptionSpec option : spec.mixins().get(name).options()) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                return option.longestName();
            }
        }
        return null;
    }

    /**
     * What went wrong with a file, in one line that names it ({@code out/x.dcm: permission denied}): the file the
     * exception names, else {@code otherwise}.
     */
    static String fileProblem(IOException e, Path otherwise) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String reason = e instanceof FileAlreadyExistsException ? "a file stands where a folder is needed"
                    : f.getReason() != null ? f.getReason() : DumpCommand.reason(e);
            return f.getFile() + ": " + reason;
        }
        return otherwise + ": " + DumpCommand.reason(e);
    }

    private static Path folderOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("");
    }

    private static int usage(PrintWriter err, String message) {
        err.println("ferry make: " + message);
        err.flush();
        return 2;
    }
}
