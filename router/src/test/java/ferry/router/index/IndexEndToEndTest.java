package ferry.router.index;

import static ferry.core.tag.Tag.PIXEL_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.router.config.ConfigLoader;
import ferry.router.run.FerryService;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.DatabaseYaml;
import ferry.router.testing.FerryRun;
import ferry.core.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects sent by dcmtk's storescu to a running Ferry, found again with {@code ferry find --local}: stored ones with
 * their files, forwarded ones with their destination, with the values that were sent; on SQLite and PostgreSQL.
 */
@Tag("database")
class IndexEndToEndTest {
    @TempDir
    Path dir;

    FerryService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    static FerryRun ferry(String... args) {
        return FerryRun.of(args);
    }

    /** Starts Ferry with a storing route (called AE STORE) and a forwarding one (RELAY, to a folder destination). */
    Path start(boolean index) throws Exception {
        int port = FreePorts.next();
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("ferry.yaml");
        Files.writeString(config, "data-directory: data\nmin-free-disk: 0\nindex: " + (index ? "on" : "off") + "\n"
                + DatabaseYaml.fresh(dir)
                + "http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [STORE, RELAY]\n"
                + "destinations:\n  archive: {folder: {folder: archive}}\n"
                + "routes:\n"
                + "  - name: research\n    when: {called: STORE}\n    store: {folder: store}\n"
                + "  - name: relay\n    when: {called: RELAY}\n    forward: [archive]\n");
        service = FerryService.start(ConfigLoader.load(config));
        return config;
    }

    int port() {
        return service.ports().get(0);
    }

    /** An object of patient {@code patientId}, study {@code study}, with a name, accession and modality. */
    static DataSet object(String patientId, String name, String study, String accession, String modality,
                          String date, int series, int instance) {
        DataSet ds = new DataSet();
        ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        ds.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tags.SOPInstanceUID, Vr.UI, study + "." + series + "." + instance);
        ds.setString(Tags.StudyDate, Vr.DA, date);
        ds.setString(Tags.StudyTime, Vr.TM, "101500");
        ds.setString(Tags.AccessionNumber, Vr.SH, accession);
        ds.setString(Tags.Modality, Vr.CS, modality);
        ds.setString(Tags.InstitutionName, Vr.LO, "Hôpital Nord");
        ds.setString(Tags.ReferringPhysicianName, Vr.PN, "Who^Doctor");
        ds.setString(Tags.StationName, Vr.SH, "CT01");
        ds.setString(Tags.StudyDescription, Vr.LO, "Chest");
        ds.setString(Tags.SeriesDescription, Vr.LO, "axial " + series);
        ds.setString(Tags.PatientName, Vr.PN, name);
        ds.setString(Tags.PatientID, Vr.LO, patientId);
        ds.setString(Tags.PatientBirthDate, Vr.DA, "19700101");
        ds.setString(Tags.PatientSex, Vr.CS, "F");
        ds.setString(Tags.BodyPartExamined, Vr.CS, "CHEST");
        ds.setString(Tags.StudyInstanceUID, Vr.UI, study);
        ds.setString(Tags.SeriesInstanceUID, Vr.UI, study + "." + series);
        ds.setString(Tags.StudyID, Vr.SH, "7");
        ds.setString(Tags.SeriesNumber, Vr.IS, Integer.toString(series));
        ds.setString(Tags.InstanceNumber, Vr.IS, Integer.toString(instance));
        ds.setBytes(PIXEL_DATA, Vr.OW, new byte[4096]);
        return ds;
    }

    static Path write(Path folder, DataSet... objects) throws IOException {
        Files.createDirectories(folder);
        for (DataSet object : objects) {
            DicomWriter.writeFile(folder.resolve(object.getString(Tags.SOPInstanceUID) + ".dcm"), new DataSet(),
                    object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }
        return folder;
    }

    void send(String calledAe, Path folder) throws Exception {
        ToolRun run = Dcmtk.send("SCANNER", calledAe, port(), folder);
        assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    /** Waits until {@code count} instances are in the index (each is written with its object's finish). */
    void awaitIndexed(Path config, int count) throws InterruptedException {
        Await.until(count + " instances indexed", () -> ferry("find", "--local", "-c", config.toString(),
                "--level", "image", "--count-by", "Modality").out().contains("ferry find: " + count + " match"));
    }

    @Test
    void storedAndForwardedObjectsAreFoundWithTheirValuesAndWhereTheyWent() throws Exception {
        Path config = start(true);
        send("STORE", write(dir.resolve("a"),
                object("PID-1", "Müller^Anna", "2.25.11", "ACC1", "CT", "20240115", 1, 1),
                object("PID-1", "Müller^Anna", "2.25.11", "ACC1", "CT", "20240115", 1, 2),
                object("PID-2", "Doe^John", "2.25.22", "ACC2", "MR", "20240301", 1, 1)));
        send("RELAY", write(dir.resolve("b"),
                object("PID-3", "Roe^Rita", "2.25.33", "ACC3", "CT", "20240302", 1, 1)));
        awaitIndexed(config, 4);

        FerryRun studies = ferry("find", "--local", "-c", config.toString(), "PatientName=müller*",
                "StudyDate=2024", "StudyDescription=", "ModalitiesInStudy=");
        assertThat(studies.exitCode()).as(studies.err()).isZero();
        assertThat(studies.out()).contains("# match 1").doesNotContain("# match 2")
                .contains("[Müller^Anna]").contains("[ACC1]").contains("[20240115]").contains("[Chest]")
                .contains("[CT]").contains("[2.25.11]").contains("1 match in the index");

        FerryRun csv = ferry("find", "--local", "-c", config.toString(), "--level", "image", "--csv",
                "AccessionNumber=ACC3", "PatientID=", "Modality=", "SeriesInstanceUID=");
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("PatientID,AccessionNumber,SeriesInstanceUID,Modality,SOPInstanceUID,"
                + "InstanceNumber,ReceivedAt,CallingAETitle,CalledAETitle,PeerAddress,Routes,Stored,Destinations,"
                + "TransferSyntaxUID,Size");
        assertThat(lines).hasSize(2);
        String[] row = lines.get(1).split(",", -1);
        assertThat(Arrays.asList(row).subList(0, 6)).containsExactly("PID-3", "ACC3", "2.25.33.1", "CT",
                "2.25.33.1.1", "1");
        assertThat(row[7]).isEqualTo("SCANNER");
        assertThat(row[8]).isEqualTo("RELAY");
        assertThat(row[9]).isEqualTo("127.0.0.1");
        assertThat(row[10]).isEqualTo("relay");
        assertThat(row[11]).as("forwarded only: stored nowhere").isEmpty();
        assertThat(row[12]).isEqualTo("archive");

        FerryRun stored = ferry("find", "--local", "-c", config.toString(), "--level", "image",
                "SOPInstanceUID=2.25.11.1.2");
        assertThat(stored.exitCode()).as(stored.err()).isZero();
        String storedFile = stored.out().lines().filter(line -> line.startsWith("# stored ")).findFirst()
                .orElseThrow().substring("# stored ".length());
        assertThat(Path.of(storedFile)).startsWith(dir.resolve("store")).isRegularFile();
        assertThat(DicomReader.read(Path.of(storedFile), ReadOptions.IN_MEMORY).dataSet()
                .getString(Tags.SOPInstanceUID)).as("the file the index names holds that object")
                .isEqualTo("2.25.11.1.2");
        assertThat(stored.out()).contains("from SCANNER (127.0.0.1) by STORE, route research");

        FerryRun related = ferry("find", "--local", "-c", config.toString(), "--csv", "StudyInstanceUID=2.25.11",
                "NumberOfStudyRelatedSeries=", "NumberOfStudyRelatedInstances=", "NumberOfPatientRelatedStudies=");
        assertThat(related.exitCode()).as(related.err()).isZero();
        List<String> relatedLines = related.out().lines().toList();
        assertThat(relatedLines).hasSize(2);
        assertThat(relatedLines.get(0)).endsWith(",NumberOfPatientRelatedStudies,NumberOfStudyRelatedSeries,"
                + "NumberOfStudyRelatedInstances");
        assertThat(relatedLines.get(1)).as("1 study of PID-1, of 1 series and 2 instances").endsWith(",1,1,2");

        FerryRun counts = ferry("find", "--local", "-c", config.toString(), "--level", "series",
                "--count-by", "Modality,StudyDate");
        assertThat(counts.out().lines().toList()).startsWith("Modality  StudyDate  count",
                "CT        20240115       1", "CT        20240302       1", "MR        20240301       1");
    }

    @Test
    void anObjectSentAgainUpdatesItsRowInsteadOfAddingOne() throws Exception {
        Path config = start(true);
        send("STORE", write(dir.resolve("a"), object("PID-1", "Old^Name", "2.25.11", "ACC1", "CT", "20240115", 1, 1)));
        awaitIndexed(config, 1);

        send("STORE", write(dir.resolve("b"), object("PID-1", "New^Name", "2.25.11", "ACC1", "CT", "20240115", 1, 1)));
        Await.until("the new name indexed", () -> ferry("find", "--local", "-c", config.toString(),
                "--level", "patient", "PatientName=new*").out().contains("# match 1"));

        assertThat(rows(config, "SELECT count(*) FROM index_instance")).containsExactly("1");
        assertThat(rows(config, "SELECT patient_name FROM index_patient")).containsExactly("New^Name");
    }

    @Test
    void withTheIndexOffNothingIsWritten() throws Exception {
        Path config = start(false);
        send("STORE", write(dir.resolve("a"), object("PID-1", "A^B", "2.25.11", "ACC1", "CT", "20240115", 1, 1)));
        Await.until("the object stored", () -> files(dir.resolve("store")).size() == 1);
        service.close();
        service = null;

        for (String table : List.of("index_patient", "index_study", "index_series", "index_instance")) {
            assertThat(rows(config, "SELECT count(*) FROM " + table)).as(table).containsExactly("0");
        }
    }

    @Test
    void badQueriesAreRefusedNamingTheKey() throws Exception {
        Path config = start(true);

        FerryRun unknown = ferry("find", "--local", "-c", config.toString(), "EthnicGroup=X");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("ferry find: (0010,2160) EthnicGroup is not in the index; its keys at the"
                + " STUDY level are PatientName");
        FerryRun range = ferry("find", "--local", "-c", config.toString(), "StudyDate=20240131-20240101x");
        assertThat(range.exitCode()).isEqualTo(2);
        assertThat(range.err()).contains("StudyDate=20240131-20240101x").contains("is not a DA (YYYYMMDD)");
        FerryRun level = ferry("find", "--local", "-c", config.toString(), "--level", "patient", "StudyDate=2024");
        assertThat(level.exitCode()).isEqualTo(2);
        assertThat(level.err()).contains("(0008,0020) StudyDate is a STUDY-level key: query at the STUDY level or"
                + " below");
        FerryRun peer = ferry("find", "--csv", "ARCHIVE@127.0.0.1:104");
        assertThat(peer.exitCode()).isEqualTo(2);
        assertThat(peer.err()).contains("--csv works only with --local");
    }

    @Test
    void wholeYearsAndMonthsAreDateRangesOfTheLocalIndex() throws Exception {
        Path config = start(true);
        send("STORE", write(dir.resolve("a"),
                object("PID-1", "A^B", "2.25.11", "ACC1", "CT", "20240229", 1, 1),
                object("PID-2", "C^D", "2.25.22", "ACC2", "CT", "20240301", 1, 1)));
        awaitIndexed(config, 2);

        assertThat(ferry("find", "--local", "-c", config.toString(), "StudyDate=202402").out())
                .contains("[ACC1]").doesNotContain("[ACC2]");
        assertThat(ferry("find", "--local", "-c", config.toString(), "StudyDate=2024-").out())
                .contains("2 matches");
        assertThat(ferry("find", "--local", "-c", config.toString(), "StudyDate=-2023").out())
                .contains("0 matches");
    }

    static List<Path> files(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    static List<String> rows(Path config, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = ConfigLoader.load(config).journalDatabase().openReader();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                rows.add(row.getString(1));
            }
        }
        return rows;
    }
}
