package ferry.router.index;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.sr.CtDoseReport;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.router.config.ConfigLoader;
import ferry.router.journal.EarlierJournals;
import ferry.router.run.FerryService;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.FerryRun;
import ferry.core.testing.FreePorts;
import ferry.router.testing.SentObjects;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CT Radiation Dose SR made by dcmtk's xml2dsr (total DLP 1068.95 mGy.cm; events of CTDIvol 12.34 and 9.8 mGy,
 * DLP 456.7 and 612.25 mGy.cm) and a CT image, sent by storescu to a Ferry whose journal an earlier Ferry (schema 5)
 * left, then found again by {@code ferry find --local --measure} (docs/index.md); the same report added by
 * {@code ferry index}; conditions that are no conditions refused with exit code 2.
 */
class StructuredReportIndexEndToEndTest {
    private static final String STUDY = "2.25.18018";
    private static final CtDoseReport REPORT = CtDoseReport.twoEvents();

    @TempDir
    Path dir;

    private FerryService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** The dose report and a CT image of study {@link #STUDY}, in {@code folder}; the report's file. */
    private Path writeStudy(Path folder, CtDoseReport report) throws Exception {
        Files.createDirectories(folder);
        Path dose = report.write(folder, "dose");
        DataSet read = DicomReader.read(dose, ReadOptions.IN_MEMORY).dataSet();
        read.setString(Tags.StudyInstanceUID, Vr.UI, STUDY);
        DicomWriter.writeFile(dose, new DataSet(), read, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        IndexEndToEndTest.write(folder, IndexEndToEndTest.object("SR-18", "Dose^Report", STUDY, "ACC18", "CT",
                "20240102", 1, 1));
        return dose;
    }

    private Path config(int port) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("ferry.yaml");
        Files.writeString(config, "data-directory: data\nmin-free-disk: 0\nindex: on\n"
                + "http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [STORE]\n"
                + "routes:\n  - name: research\n    default: true\n    store: {folder: store}\n");
        return config;
    }

    /** The matches' lines of {@code ferry find --local --csv}, without its header line. */
    private static List<String> found(Path config, String level, String... query) {
        List<String> args = new ArrayList<>(List.of("find", "--local", "-c", config.toString(), "--csv", "--level",
                level));
        args.addAll(List.of(query));
        FerryRun result = IndexEndToEndTest.ferry(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out().lines().skip(1).toList();
    }

    /** The matching studies: {@link #STUDY} for a line of it, else the line. */
    private static List<String> studies(Path config, String... query) {
        return found(config, "study", query).stream().map(line -> line.contains("," + STUDY) ? STUDY : line)
                .toList();
    }

    private static List<String> rows(Path config, String sql) throws Exception {
        return IndexEndToEndTest.rows(config, sql);
    }

    /** Starts Ferry with {@code config}, sends it the report and image with storescu; the report's file. */
    private Path startAndSend(Path config) throws Exception {
        Path sent = dir.resolve("sent");
        Path dose = writeStudy(sent, REPORT);
        service = FerryService.start(ConfigLoader.load(config));
        ToolRun run = Dcmtk.send("CT1", "STORE", service.ports().get(0), sent);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Await.until("2 instances indexed", () -> rows(config, "SELECT count(*) FROM index_instance").equals(
                List.of("2")));
        return dose;
    }

    @Test
    void aDoseReportSentToFerryIsFoundByItsDoseValuesAtEachLevel() throws Exception {
        Path config = config(FreePorts.next());
        // left by a Ferry before the measurement table: migrated at start
        EarlierJournals.create(ConfigLoader.load(config).journalFile(), 5);
        Path dose = startAndSend(config);

        assertThat(REPORT.totalDlp()).isEqualByComparingTo("1068.95");
        // by the name of the total, its path, its concept code: exact at the boundary
        assertThat(studies(config, "--measure", "CT Dose Length Product Total>1000")).containsExactly(STUDY);
        assertThat(studies(config, "--measure", "CT Dose Length Product Total>2000")).isEmpty();
        assertThat(studies(config, "--measure", "CT Accumulated Dosimetry Data/CT Dose Length Product Total>=1068.95"))
                .containsExactly(STUDY);
        assertThat(studies(config, "--measure", "113813>1068.95")).isEmpty();
        assertThat(studies(config, "--measure", "113813 <= 1068.95")).containsExactly(STUDY);
        // DLP is each event's (456.7, 612.25), not the total's
        assertThat(studies(config, "--measure", "DLP>600")).containsExactly(STUDY);
        assertThat(studies(config, "--measure", "DLP>700")).isEmpty();
        assertThat(studies(config, "--measure", "dlp<456.7")).isEmpty();
        assertThat(studies(config, "--measure", "113838=456.7")).containsExactly(STUDY);
        // CTDIvol of each event: 12.34 and 9.8
        assertThat(studies(config, "--measure", "Mean CTDIvol>12")).containsExactly(STUDY);
        assertThat(studies(config, "--measure", "Mean CTDIvol>12.34")).isEmpty();
        assertThat(studies(config, "--measure", "CT Acquisition/CT Dose/Mean CTDIvol=9.8")).containsExactly(STUDY);
        assertThat(studies(config, "--measure", "Mean CTDIvol<9.8")).isEmpty();
        // combined with keys and with each other
        assertThat(studies(config, "ModalitiesInStudy=CT", "--measure", "DLP>600")).containsExactly(STUDY);
        assertThat(studies(config, "PatientID=OTHER", "--measure", "DLP>600")).isEmpty();
        assertThat(studies(config, "--measure", "DLP>600", "--measure", "Mean CTDIvol>12")).containsExactly(STUDY);
        assertThat(studies(config, "--measure", "DLP>600", "--measure", "Mean CTDIvol>20")).isEmpty();

        // at the IMAGE level, the report only, not the CT image of its study
        List<String> images = found(config, "image", "SOPInstanceUID=", "--measure", "DLP>600");
        assertThat(images).hasSize(1);
        assertThat(images.get(0)).contains(SentObjects.sopInstanceUid(dose));
        assertThat(found(config, "series", "Modality=", "--measure", "DLP>600")).hasSize(1)
                .allSatisfy(line -> assertThat(line).contains("SR"));
        assertThat(found(config, "patient", "PatientID=", "--measure", "DLP>600")).hasSize(1)
                .allSatisfy(line -> assertThat(line).contains("SR-18"));
        FerryRun counted = IndexEndToEndTest.ferry("find", "--local", "-c", config.toString(), "--level", "series",
                "--count-by", "Modality", "--measure", "Mean CTDIvol>1");
        assertThat(counted.out()).contains("SR").doesNotContain("CT").contains("1 match");

        // the exact value beside the REAL one
        assertThat(rows(config, "SELECT value_text || ' ' || unit FROM index_measurement WHERE concept_value ="
                + " '113813'")).containsExactly("1068.95 mGy.cm");
    }

    @Test
    void aReportSentAgainWithOtherValuesReplacesItsValues() throws Exception {
        Path config = config(FreePorts.next());
        Path dose = startAndSend(config);
        int port = service.ports().get(0);
        List<String> before = rows(config, "SELECT count(*) FROM index_measurement");

        CtDoseReport.Event event = REPORT.events().get(0);
        CtDoseReport corrected = new CtDoseReport(List.of(new CtDoseReport.Event(event.protocol(), event.region(),
                event.regionCode(), new BigDecimal("3.5"), new BigDecimal("2500"), event.kvp(), event.tubeCurrent(),
                event.scanningLength(), event.uid())));
        Path again = dir.resolve("again");
        Path second = writeStudy(again, corrected);
        DataSet read = DicomReader.read(second, ReadOptions.IN_MEMORY).dataSet();
        DataSet original = DicomReader.read(dose, ReadOptions.IN_MEMORY).dataSet();
        for (int tag : new int[] {Tags.SOPInstanceUID, Tags.SeriesInstanceUID}) {
            read.setString(tag, Vr.UI, original.getString(tag));
        }
        DicomWriter.writeFile(second, new DataSet(), read, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        try (Stream<Path> files = Files.list(again)) {
            files.filter(file -> !file.equals(second)).toList().forEach(file -> file.toFile().delete());
        }
        ToolRun resent = Dcmtk.send("CT1", "STORE", port, again);
        assertThat(resent.exitCode()).as(resent.describe()).isZero();
        Await.until("the corrected total indexed", () -> !studies(config, "--measure",
                "CT Dose Length Product Total=2500").isEmpty());

        assertThat(studies(config, "--measure", "CT Dose Length Product Total=1068.95")).isEmpty();
        assertThat(studies(config, "--measure", "DLP<1000")).isEmpty();
        assertThat(rows(config, "SELECT count(*) FROM index_instance")).containsExactly("2");
        assertThat(before).doesNotContain("0");
        assertThat(rows(config, "SELECT count(*) FROM index_measurement WHERE value_text IN ('456.7', '612.25')"))
                .containsExactly("0");
    }

    @Test
    void ferryIndexOfAFolderWithTheReportFindsItToo() throws Exception {
        Path folder = dir.resolve("files");
        writeStudy(folder, REPORT);
        Path config = config(FreePorts.next());

        FerryRun indexed = IndexEndToEndTest.ferry("index", "-c", config.toString(), folder.toString());

        assertThat(indexed.exitCode()).as(indexed.err()).isZero();
        assertThat(indexed.out()).contains("2 files indexed");
        assertThat(studies(config, "--measure", "CT Dose Length Product Total>1000")).containsExactly(STUDY);
        assertThat(studies(config, "--measure", "CT Dose Length Product Total>2000")).isEmpty();
        assertThat(studies(config, "--measure", "Mean CTDIvol>=12.34")).containsExactly(STUDY);
    }

    @Test
    void conditionsThatAreNoConditionsAreRefusedNamingThem() throws Exception {
        Path config = config(FreePorts.next());
        for (String bad : List.of("DLP", "DLP>", ">500", "DLP>>500", "DLP>abc", "DLP=>5", "DLP>5 mGy", "DLP≥5")) {
            FerryRun result = IndexEndToEndTest.ferry("find", "--local", "-c", config.toString(), "--measure", bad);
            assertThat(result.exitCode()).as(bad).isEqualTo(2);
            assertThat(result.err()).as(bad).contains("--measure: '" + bad + "' is not a measure condition")
                    .contains("> >= < <= =");
        }
        FerryRun remote = IndexEndToEndTest.ferry("find", "PACS@localhost:104", "--measure", "DLP>500");
        assertThat(remote.exitCode()).isEqualTo(2);
        assertThat(remote.err()).contains("--measure works only with --local");
    }
}
