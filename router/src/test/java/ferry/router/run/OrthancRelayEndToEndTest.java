package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.router.config.ConfigLoader;
import ferry.router.testing.Dcmtk;
import ferry.core.testing.FreePorts;
import ferry.router.testing.OrthancServer;
import ferry.router.testing.TestStudy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 500-object study relayed end to end, storescu → Ferry → the durable queue → Debian's Orthanc (with
 * orthanc-dicomweb), once over each way in: DICOM C-STORE, DICOMweb STOW-RS and the REST API. Orthanc's own REST
 * API shows what arrived; the journal shows that each object was delivered once, at the first attempt.
 */
class OrthancRelayEndToEndTest {
    private static final int SERIES = 2;
    private static final int PER_SERIES = 250;
    /** An instance's own identifier in Orthanc's answer (its parent's is "ParentSeries"). */
    private static final Pattern INSTANCE_ID = Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"");

    @RegisterExtension
    static final OrthancServer orthanc = OrthancServer.perClass(OrthancServer.Options.DEFAULT.withDicomWeb());

    @TempDir
    Path dir;
    private FerryService service;

    @AfterEach
    void stopFerry() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void overDicomEveryObjectArrivesOnceWithPatientIdFromEthnicGroup() throws Exception {
        String destination = "{dicom: {ae-title: " + OrthancServer.AE_TITLE + ", host: 127.0.0.1, port: "
                + orthanc.dicomPort() + ", max-parallel: 2}}";
        relay(new TestStudy("R1", "2.25.71000", SERIES, PER_SERIES, 4096), destination,
                "    modify: [{copy: {from: EthnicGroup, to: PatientID}}]\n", expected -> {
                    expected.setString(Tags.PatientID, Vr.LO, expected.getString(Tags.EthnicGroup));
                    return expected;
                });
    }

    @Test
    void overStowRsEveryObjectArrivesOnceIdentical() throws Exception {
        relay(new TestStudy("R2", "2.25.72000", SERIES, PER_SERIES, 4096),
                "{dicomweb: {url: \"" + orthanc.baseUrl() + OrthancServer.DICOM_WEB_ROOT + "\", max-parallel: 2}}", "",
                UnaryOperator.identity());
    }

    @Test
    void overRestEveryObjectArrivesOnceIdentical() throws Exception {
        relay(new TestStudy("R3", "2.25.73000", SERIES, PER_SERIES, 4096),
                "{orthanc: {url: \"" + orthanc.baseUrl() + "\", max-parallel: 2}}", "", UnaryOperator.identity());
    }

    /**
     * Sends {@code study} to a Ferry whose one route forwards to {@code destination} (with {@code routeExtra}), then
     * checks that Orthanc holds every object exactly as {@code edit} makes the sent one, the spool is empty, and
     * each job was delivered at its first attempt, without a duplicate.
     */
    private void relay(TestStudy study, String destination, String routeExtra, UnaryOperator<DataSet> edit)
            throws Exception {
        int port = FreePorts.next();
        Path config = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data")); // a data directory the file names must exist
        Files.writeString(config, "data-directory: data\nhttp: off\nlisteners:\n  - port: " + port + "\n"
                + "queue: {retry-first: 100ms, retry-longest: 500ms}\n"
                + "destinations:\n  orthanc: " + destination + "\n"
                + "routes:\n  - name: relay\n" + routeExtra + "    forward: [orthanc]\n");
        service = FerryService.start(ConfigLoader.load(config));
        List<Path> sent = study.write(dir.resolve("out"));

        ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("out"));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Await.until("the queue empty and the spool emptied", () -> service.queueReport()
                .matches("(?s).*orthanc\\s+0\\s+0\\s+0.*")
                && RouterEndToEndTest.spooledObjects(service.config().spoolDirectory()).isEmpty());

        Map<String, DataSet> inOrthanc = instancesOfStudy(study.studyUid());
        assertThat(inOrthanc).hasSize(sent.size());
        for (Path file : sent) {
            DataSet expected = edit.apply(RouterEndToEndTest.read(file));
            DataSet arrived = inOrthanc.get(expected.getString(Tags.SOPInstanceUID));
            assertThat(arrived).as("Orthanc has " + file.getFileName()).isNotNull();
            assertThat(arrived).isEqualTo(expected);
        }
        assertThat(deliveries()).containsExactly((long) sent.size(), (long) sent.size(), 0L, 0L);
    }

    /** Orthanc's instances of a study, as Orthanc gives back their files, by SOP Instance UID. */
    private static Map<String, DataSet> instancesOfStudy(String studyUid) throws Exception {
        String study = OrthancServer.field(orthanc.post("/tools/lookup", studyUid), "ID");
        assertThat(study).as("Orthanc has study " + studyUid).isNotNull();
        Map<String, DataSet> bySop = new HashMap<>();
        Matcher ids = INSTANCE_ID.matcher(orthanc.get("/studies/" + study + "/instances"));
        while (ids.find()) {
            String id = ids.group(1);
            DataSet instance = DicomReader.read(orthanc.getBytes("/instances/" + id + "/file"), ReadOptions.IN_MEMORY)
                    .dataSet();
            assertThat(bySop.put(instance.getString(Tags.SOPInstanceUID), instance)).as("one copy of " + id).isNull();
        }
        return bySop;
    }

    /**
     * From the journal: jobs done, distinct SOP Instance UIDs among them, failed attempts before success, and jobs
     * Orthanc already had (a second delivery of the same object).
     */
    private List<Long> deliveries() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + service.config().journalFile());
             PreparedStatement select = db.prepareStatement("""
                     SELECT count(*), count(DISTINCT sop_instance_uid), coalesce(sum(attempts), 0),
                            count(CASE WHEN last_error LIKE 'already there%' THEN 1 END)
                     FROM forward_job WHERE state = 'done'""");
             ResultSet row = select.executeQuery()) {
            row.next();
            return List.of(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
        }
    }
}
