package ferry.router.cli;

import ferry.router.web.viewer.TagViewer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry viewer --out viewer.html}: saves the tag viewer (docs/viewer.md) as one HTML file that works opened
 * from the disk, with no network and no Ferry: to e-mail, or to put on a share. An existing file is kept unless
 * {@code --force}; the folder must exist.
 */
@Command(name = "viewer", mixinStandardHelpOptions = true,
        description = {"Save the DICOM tag viewer as one HTML file that works offline and uploads nothing"
                + " (docs/viewer.md)."})
final class ViewerCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HTML file to write.")
    Path out;
    @Option(names = "--force", description = "Replace FILE when it exists.")
    boolean force;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path folder = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            err.println("ferry viewer: the folder " + folder + " does not exist; create it first, or choose another"
                    + " --out");
            return 1;
        }
        if (Files.isDirectory(out)) {
            err.println("ferry viewer: " + out + " is a folder; --out names the HTML file to write");
            return 1;
        }
        if (Files.exists(out) && !force) {
            err.println("ferry viewer: " + out + " exists; add --force to replace it");
            return 1;
        }
        byte[] page = TagViewer.offlinePage().getBytes(StandardCharsets.UTF_8);
        // written beside it, then moved over it: a reader never sees half a page; the permissions are a new file's
        Path temporary = folder.resolve("." + out.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            Files.write(temporary, page, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        stdout.println("ferry viewer: wrote " + out + " (" + page.length / 1024 + " KB): open it in a browser;"
                + " it reads DICOM files, folders and zip files on this computer and sends nothing anywhere");
        return 0;
    }
}
