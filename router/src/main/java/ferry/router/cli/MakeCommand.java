package ferry.router.cli;

import ferry.router.make.AttributeSetting;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry make}: DICOM objects for testing routes (docs/make.md): from an image ({@link MakeImageOptions}) or
 * synthetic studies ({@link MakeStudyOptions}).
 */
@Command(name = "make", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Make DICOM objects for testing: a Secondary Capture object from an image (--image), or "
            + "synthetic studies (--study) written to a folder or sent to a peer.",
            "Exit code 0 when everything was made, 1 when something failed, 2 for wrong options."})
public final class MakeCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "The file (--image) or folder (--study) to write.")
    Path output;

    @Mixin
    MakeImageOptions image;

    @Mixin
    MakeStudyOptions study;

    @Mixin
    MakeSettings settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String problem = image.problem();
        if (problem == null && image.requested() == study.requested()) {
            problem = image.requested() ? "give --image or --study, not both" : "give --image IMAGE or --study";
        }
        if (problem == null && image.requested()) {
            for (OptionSpec option : spec.mixins().get("study").options()) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    problem = option.longestName() + " goes with --study, not --image";
                    break;
                }
            }
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
            err.println("ferry make: " + problem);
            err.flush();
            return 2;
        }
        return image.requested() ? image.make(output, parsed, out, err) : study.make(output, parsed, out, err);
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
}
