package ferry.router.cli;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.ServerSettings;
import ferry.net.service.DimseScp;
import ferry.net.service.FolderStore;
import ferry.router.web.WebServer;
import ferry.router.web.WebSettings;
import ferry.router.web.auth.Users;
import ferry.router.web.pages.Pages;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A short, representative run of Ferry's start-up, for the {@code ./ferry} launcher to record an application
 * class-data sharing archive of ({@code java -XX:ArchiveClassesAtExit=...}, JDK 17): it writes two small DICOM
 * files to a temporary folder and runs {@code ferry dump} over them (as text, header-only and DICOM JSON),
 * {@code ferry send} of them to a storage SCP in the same process (as {@code ferry receive} serves),
 * {@code ferry replicate} of them from their folder to another (the configuration, the database, the replication
 * engine) and between two Orthanc ends that hold nothing ({@link EmptyOrthanc}: the HTTP client, JSON), then {@code
 * ferry --help} and {@code ferry dump --help}, discarding all output, and starts the web server once and asks it for
 * its root page. The classes this loads are the ones later runs find already parsed and verified in the archive.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    /** Runs the training in a temporary folder, deletes it and exits: 0 when every command succeeded, else 1. */
    public static void main(String[] args) throws IOException {
        Path folder = Files.createTempDirectory("ferry-training");
        int exitCode;
        try {
            exitCode = train(folder);
        } finally {
            delete(folder);
        }
        System.exit(exitCode);
    }

    /** Runs the training with its files in {@code folder}; 0 when every command of it succeeded, 1 when any failed. */
    static int train(Path folder) throws IOException {
        write(folder.resolve("study/1.dcm"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        write(folder.resolve("study/2.dcm"), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        String study = folder.resolve("study").toString();
        List<List<String>> runs = List.of(
                List.of("dump", study),
                List.of("dump", "--header-only", study),
                List.of("dump", "--json", study),
                List.of("dump", "--help"),
                List.of("--help"));
        int failed = 0;
        for (List<String> run : runs) {
            failed += execute(run);
        }
        Path data = Files.createDirectories(folder.resolve("data"));
        Path config = Files.writeString(folder.resolve("ferry.yaml"), "data-directory: '" + data + "'\n");
        failed += execute(List.of("replicate", "--config", config.toString(), "--from", study, "--to",
                folder.resolve("copy").toString()));
        try (EmptyOrthanc orthanc = new EmptyOrthanc()) {
            failed += execute(List.of("replicate", "--config", config.toString(), "--from", orthanc.url(), "--to",
                    orthanc.url()));
        }
        DimseScp scp = new DimseScp(new FolderStore(folder.resolve("received")), message -> { });
        ServerSettings settings = new ServerSettings(InetAddress.getLoopbackAddress(), 0,
                ReceiveCommand.policy(Set.of(), 4), AcceptorLimits.DEFAULT, null);
        try (DicomServer server = DicomServer.start(settings, scp, message -> { })) {
            failed += execute(List.of("send", "--timeout", "10", "TRAINING@127.0.0.1:" + server.port(), study));
        }
        failed += web();
        return failed == 0 ? 0 : 1;
    }

    /** The web server started on a free port, asked for the dashboard's page and stopped: 0 when it answered. */
    private static int web() {
        try (WebServer web = WebServer.start(new WebSettings(InetAddress.getLoopbackAddress(), 0, null, Users.NONE,
                Duration.ofMinutes(1)), List.of(new Pages()))) {
            HttpURLConnection page = (HttpURLConnection) URI.create("http://127.0.0.1:" + web.port() + "/").toURL()
                    .openConnection();
            try (InputStream in = page.getInputStream()) {
                in.readAllBytes();
            }
            return page.getResponseCode() == 200 ? 0 : 1;
        } catch (IOException e) {
            return 1;
        }
    }

    /** Runs one {@code ferry} command, discarding its output: 0 when it succeeded, 1 when not. */
    private static int execute(List<String> args) {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        return FerryCommand.execute(args.toArray(String[]::new), discard, discard) == 0 ? 0 : 1;
    }

    /** A small MR header with a sequence, a person name in UTF-8 and a few pixels. */
    private static void write(Path file, TransferSyntax syntax) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        ds.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.4");
        ds.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.9.7433.2." + syntax.hashCode());
        ds.setString(Tags.StudyDate, Vr.DA, "20240131");
        ds.setString(Tags.PatientName, Vr.PN, "Müller^Jürgen");
        ds.setString(Tags.PatientID, Vr.LO, "FERRY-TRAINING");
        ds.setString(Tags.SliceThickness, Vr.DS, "1.5");
        ds.newSequence(Tags.ReferencedStudySequence).addItem()
                .setString(Tags.ReferencedSOPClassUID, Vr.UI, "1.2.840.10008.3.1.2.3.1");
        ds.setInts(Tags.Rows, Vr.US, 4);
        ds.setInts(Tags.Columns, Vr.US, 4);
        ds.setInts(Tags.BitsAllocated, Vr.US, 16);
        ds.setBytes(Tags.PixelData, Vr.OW, new byte[32]);
        Files.createDirectories(file.getParent());
        DicomWriter.writeFile(file, new DataSet(), ds, syntax);
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
