package ferry.router.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.sr.CtDoseReport;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.forward.DestinationConfig;
import ferry.router.testing.OrthancServer;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Objects and endpoint settings for the replication endpoints' tests against a real Orthanc. */
public final class TestInstances {
    public static final String USER = "replicator";
    public static final String PASSWORD = "pw-Kx93-secret";
    public static final Map<String, String> ENVIRONMENT = Map.of("ORTHANC_PASSWORD", PASSWORD, "WRONG_PASSWORD",
            "not-the-password");
    /** Both passwords and the Basic credentials: none may appear in a message. */
    public static final List<String> SECRETS = List.of(PASSWORD, "not-the-password",
            Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    private static final AtomicInteger STUDIES = new AtomicInteger();

    private TestInstances() {
    }

    /** The options of a test's Orthanc: DICOMweb, the test user, keep-alive on as Orthanc has it by default. */
    public static OrthancServer.Options options() {
        return OrthancServer.Options.DEFAULT.withDicomWeb().withUser(USER, PASSWORD).withKeepAlive();
    }

    /** The settings of the Orthanc at {@code url}, as the test user, its password in {@code passwordVariable}. */
    public static DestinationConfig.Orthanc orthanc(String url, String passwordVariable) {
        return new DestinationConfig.Orthanc(URI.create(url), USER, passwordVariable, true, Duration.ofSeconds(10), 4,
                null);
    }

    /** The settings of the DICOMweb service of {@code orthanc}, as the test user. */
    public static DestinationConfig.DicomWeb dicomWeb(OrthancServer orthanc, String passwordVariable) {
        return new DestinationConfig.DicomWeb(URI.create(orthanc.baseUrl() + OrthancServer.DICOM_WEB_ROOT),
                DestinationConfig.DicomWeb.Auth.BASIC, USER, passwordVariable, Map.of(), Duration.ofSeconds(10), 2,
                null);
    }

    /** A new MR study ({@link TestStudy}) of {@code series × perSeries} objects written to {@code dir}. */
    public static List<Path> study(Path dir, String patientId, int series, int perSeries) throws IOException {
        return new ArrayList<>(new TestStudy(patientId, newUid(), series, perSeries, 512).write(dir));
    }

    /** A UID no other test object has. */
    public static String newUid() {
        return "2.25." + ProcessHandle.current().pid() + "." + System.nanoTime() % 1_000_000_000L + "."
                + STUDIES.incrementAndGet();
    }

    /**
     * A CT dose report (made by dcmtk's xml2dsr, Modality SR) in a series described as {@code seriesDescription},
     * for {@code patientId}, with new UIDs, written to {@code dir}/{@code name}.dcm.
     */
    public static Path doseReport(Path dir, String name, String patientId, String seriesDescription) throws IOException {
        Files.createDirectories(dir);
        Path file = CtDoseReport.twoEvents().write(dir, name);
        DataSet report = dataSet(file);
        report.setString(Tags.PatientID, Vr.LO, patientId);
        report.setString(Tags.SeriesDescription, Vr.LO, seriesDescription);
        String study = newUid();
        report.setString(Tags.StudyInstanceUID, Vr.UI, study);
        report.setString(Tags.SeriesInstanceUID, Vr.UI, study + ".1");
        report.setString(Tags.SOPInstanceUID, Vr.UI, study + ".1.1");
        DicomWriter.writeFile(file, new DataSet(), report, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return file;
    }

    public static DataSet dataSet(Path file) {
        try {
            return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sopInstanceUid(Path file) {
        return dataSet(file).getString(Tags.SOPInstanceUID);
    }

    /** The message of {@code thrown}, checked to hold none of {@link #SECRETS}. */
    public static String message(Throwable thrown) {
        for (String secret : SECRETS) {
            assertThat(thrown.getMessage()).as("a secret in the message").doesNotContain(secret);
        }
        return thrown.getMessage();
    }
}
