package ferry.router.qr;

import static ferry.core.tag.Tag.PIXEL_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.core.testing.Peers;
import ferry.core.testing.Storescp;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.Status;
import ferry.net.service.FolderStore;
import ferry.net.service.RetrieveScu;
import ferry.router.config.ConfigLoader;
import ferry.router.index.IndexBench;
import ferry.router.run.FerryService;
import ferry.router.testing.DatabaseYaml;
import ferry.router.testing.Dcmtk;
import ferry.core.testing.FreePorts;
import ferry.router.testing.OrthancServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry as a query/retrieve SCP against dcmtk's findscu, movescu and getscu: objects stored by storescu are found at
 * every level of both models, moved to a storescp named as a DICOM destination and fetched with C-GET, byte for byte
 * as stored; bad identifiers get their failure status; C-CANCEL stops a C-FIND and a C-MOVE; a listener with
 * query-retrieve off refuses the contexts at negotiation. The tests tagged database run again with Ferry's database
 * on PostgreSQL (docs/cluster.md).
 */
class QueryRetrieveEndToEndTest {
    @TempDir
    Path dir;

    FerryService service;
    Storescp storescp;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (storescp != null) {
            storescp.close();
        }
    }

    /**
     * Starts Ferry storing everything, with a query/retrieve listener (AE FERRY, the first port), one without (the
     * second port), and storescp as the DICOM destination {@code viewer}, AE title SCP.
     */
    void start(String... moreDestinations) throws Exception {
        storescp = Storescp.start(dir, "--bit-preserving");
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("ferry.yaml");
        Files.writeString(config, "data-directory: data\nmin-free-disk: 0\n" + DatabaseYaml.fresh(dir)
                + "http: off\nlisteners:\n  - port: " + FreePorts.next() + "\n    ae-titles: [FERRY]\n    query-retrieve: on\n"
                + "  - port: " + FreePorts.next() + "\n    ae-titles: [FERRY]\n"
                + "destinations:\n  viewer: {dicom: {ae-title: SCP, host: 127.0.0.1, port: " + storescp.port() + "}}\n"
                + String.join("", moreDestinations)
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        service = FerryService.start(ConfigLoader.load(config));
    }

    int port() {
        return service.ports().get(0);
    }

    /** Two patients, two studies each, a CT and an MR series of three images each: 24 instances. */
    void storeObjects() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        String[][] patients = {{"P1", "Doe^Jane", "19800101"}, {"P2", "Roe^Rick", "19700505"}};
        for (int p = 0; p < 2; p++) {
            for (int s = 0; s < 2; s++) {
                String study = "2.25." + (p + 1) + s;
                for (int e = 0; e < 2; e++) {
                    for (int i = 0; i < 3; i++) {
                        DataSet ds = new DataSet();
                        ds.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2");
                        ds.setString(Tags.SOPInstanceUID, Vr.UI, study + "." + e + "." + i);
                        ds.setString(Tags.StudyDate, Vr.DA, "2024010" + (s + 1));
                        ds.setString(Tags.StudyTime, Vr.TM, "101500");
                        ds.setString(Tags.AccessionNumber, Vr.SH, "A" + p + s);
                        ds.setString(Tags.Modality, Vr.CS, e == 0 ? "CT" : "MR");
                        ds.setString(Tags.StudyDescription, Vr.LO, "Study " + p + s);
                        ds.setString(Tags.PatientName, Vr.PN, patients[p][1]);
                        ds.setString(Tags.PatientID, Vr.LO, patients[p][0]);
                        ds.setString(Tags.PatientBirthDate, Vr.DA, patients[p][2]);
                        ds.setString(Tags.StudyInstanceUID, Vr.UI, study);
                        ds.setString(Tags.SeriesInstanceUID, Vr.UI, study + "." + e);
                        ds.setString(Tags.SeriesNumber, Vr.IS, Integer.toString(e + 1));
                        ds.setString(Tags.InstanceNumber, Vr.IS, Integer.toString(i + 1));
                        ds.setBytes(PIXEL_DATA, Vr.OW, new byte[2048 + i * 2]);
                        DicomWriter.writeFile(out.resolve(study + "." + e + "." + i + ".dcm"), new DataSet(), ds,
                                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                    }
                }
            }
        }
        ToolRun run = Dcmtk.send("SCANNER", "FERRY", port(), out);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Await.until("24 instances indexed", () -> find("-S", "-k", "QueryRetrieveLevel=IMAGE", "-k",
                "SOPInstanceUID").size() == 24);
    }

    /** The identifiers of the matches findscu received (-X writes each to a file), in their order. */
    List<DataSet> find(String... arguments) throws IOException {
        Path out = Files.createTempDirectory(dir, "find");
        ToolRun run = findscu(port(), Stream.concat(Stream.of("-X", "-od", out.toString()),
                Arrays.stream(arguments)).toArray(String[]::new));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<DataSet> matches = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.sorted().toList()) {
                matches.add(DicomReader.read(file, ReadOptions.DEFAULT).dataSet());
            }
        }
        return matches;
    }

    static ToolRun findscu(int port, String... arguments) {
        return tool("findscu", port, arguments);
    }

    /** Runs the dcmtk tool {@code name} as VIEWER calling FERRY on {@code port}. */
    static ToolRun tool(String name, int port, String... arguments) {
        Path executable = Peers.requireExecutable(name, "apt-get install dcmtk");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-aet", "VIEWER", "-aec", "FERRY"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("127.0.0.1", Integer.toString(port)));
        return ToolRun.run(Duration.ofMinutes(2), command);
    }

    static List<String> values(List<DataSet> matches, int tag) {
        return matches.stream().map(match -> match.getString(tag, "")).toList();
    }

    @Test
    @Tag("database")
    void findscuFindsEveryLevelOfBothModelsWithWildCardsRangesAndRelationalKeys() throws Exception {
        start();
        storeObjects();

        List<DataSet> patients = find("-P", "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientName=*o*",
                "-k", "PatientID", "-k", "PatientBirthDate=19750101-");
        assertThat(values(patients, Tags.PatientID)).containsExactly("P1");
        assertThat(values(patients, Tags.PatientName)).containsExactly("Doe^Jane");

        List<DataSet> studies = find("-P", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=P2",
                "-k", "StudyInstanceUID", "-k", "StudyDate=20240102", "-k", "ModalitiesInStudy",
                "-k", "AccessionNumber");
        assertThat(values(studies, Tags.StudyInstanceUID)).containsExactly("2.25.21");
        assertThat(values(studies, Tags.AccessionNumber)).containsExactly("A11");
        assertThat(studies.get(0).getStrings(Tags.ModalitiesInStudy)).containsExactly("CT", "MR");

        List<DataSet> byRange = find("-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyDate=-20240101",
                "-k", "StudyInstanceUID", "-k", "PatientName=doe*", "-k", "RetrieveAETitle");
        assertThat(values(byRange, Tags.StudyInstanceUID)).containsExactly("2.25.10");
        assertThat(values(byRange, Tags.PatientName)).as("person names match without regard to case")
                .containsExactly("Doe^Jane");
        assertThat(values(byRange, Tags.RetrieveAETitle)).containsExactly("FERRY");

        List<DataSet> series = find("-S", "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=2.25.11",
                "-k", "SeriesInstanceUID", "-k", "Modality=M?", "-k", "SeriesNumber");
        assertThat(values(series, Tags.SeriesInstanceUID)).containsExactly("2.25.11.1");
        assertThat(values(series, Tags.SeriesNumber)).containsExactly("2");

        List<DataSet> images = find("-S", "-k", "QueryRetrieveLevel=IMAGE", "-k", "SOPInstanceUID",
                "-k", "PatientID=P1", "-k", "Modality=CT", "-k", "InstanceNumber", "-k", "StudyDate=20240101");
        assertThat(values(images, Tags.SOPInstanceUID)).containsExactlyInAnyOrder("2.25.10.0.0", "2.25.10.0.1",
                "2.25.10.0.2");

        List<DataSet> list = find("-P", "-k", "QueryRetrieveLevel=IMAGE", "-k", "PatientID=P2", "-k",
                "SOPInstanceUID=2.25.20.1.2\\2.25.21.0.0\\2.25.10.0.0");
        assertThat(values(list, Tags.SOPInstanceUID)).as("a list of UIDs, relational to the patient")
                .containsExactlyInAnyOrder("2.25.20.1.2", "2.25.21.0.0");
    }

    @Test
    void anOptionalKeyFerryDoesNotHoldIsReturnedEmptyWithPendingWarning() throws Exception {
        start();
        storeObjects();

        ToolRun run = findscu(port(), "-v", "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=2.25.10",
                "-k", "NumberOfStudyRelatedInstances", "-k", "PatientAge");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.err() + new String(run.out())).contains("Pending: WarningUnsupportedOptionalKeys")
                .contains("(0020,1208) IS [6 ]").contains("(0010,1010) AS (no value available)");
    }

    @Test
    @Tag("database")
    void numbersOfRelatedEntitiesAreCountedAtEachLevelWithoutAWarning() throws Exception {
        start();
        storeObjects();

        List<DataSet> patients = find("-P", "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID=P1",
                "-k", "NumberOfPatientRelatedStudies", "-k", "NumberOfPatientRelatedSeries",
                "-k", "NumberOfPatientRelatedInstances");
        assertThat(values(patients, Tags.NumberOfPatientRelatedStudies)).containsExactly("2");
        assertThat(values(patients, Tags.NumberOfPatientRelatedSeries)).containsExactly("4");
        assertThat(values(patients, Tags.NumberOfPatientRelatedInstances)).containsExactly("12");
        assertThat(patients.get(0).vr(Tags.NumberOfPatientRelatedInstances)).isEqualTo(Vr.IS);

        List<DataSet> studies = find("-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=P1",
                "-k", "StudyInstanceUID", "-k", "ModalitiesInStudy", "-k", "NumberOfStudyRelatedSeries",
                "-k", "NumberOfStudyRelatedInstances", "-k", "NumberOfPatientRelatedStudies");
        assertThat(values(studies, Tags.StudyInstanceUID)).containsExactlyInAnyOrder("2.25.10", "2.25.11");
        assertThat(values(studies, Tags.NumberOfStudyRelatedSeries)).containsExactly("2", "2");
        assertThat(values(studies, Tags.NumberOfStudyRelatedInstances)).containsExactly("6", "6");
        assertThat(values(studies, Tags.NumberOfPatientRelatedStudies)).as("Study Root's patient keys")
                .containsExactly("2", "2");
        assertThat(studies.get(0).getStrings(Tags.ModalitiesInStudy)).containsExactly("CT", "MR");

        List<DataSet> series = find("-S", "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=2.25.10",
                "-k", "SeriesInstanceUID", "-k", "NumberOfSeriesRelatedInstances");
        assertThat(values(series, Tags.SeriesInstanceUID)).containsExactlyInAnyOrder("2.25.10.0", "2.25.10.1");
        assertThat(values(series, Tags.NumberOfSeriesRelatedInstances)).containsExactly("3", "3");

        List<DataSet> valued = find("-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID",
                "-k", "NumberOfStudyRelatedInstances=99");
        assertThat(values(valued, Tags.NumberOfStudyRelatedInstances)).as("a value given is not matched (C.3.4)")
                .containsExactly("6", "6", "6", "6");

        ToolRun run = findscu(port(), "-v", "-P", "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID",
                "-k", "NumberOfPatientRelatedStudies", "-k", "NumberOfPatientRelatedInstances");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.err() + new String(run.out())).as("no 0xFF01; IS padded to an even length (PS3.5 6.2)")
                .doesNotContain("Warning").contains("(0020,1204) IS [12]").contains("(0020,1200) IS [2 ]");
    }

    @Test
    void malformedIdentifiersGetTheFailureStatusNamingTheKey() throws Exception {
        start();
        storeObjects();

        assertFailure(new String[] {"-S", "-k", "PatientName=doe*"}, "0xa900", "(0008,0052)", "is missing");
        assertFailure(new String[] {"-S", "-k", "QueryRetrieveLevel=PATIENT"}, "0xa900", "(0008,0052)",
                "Study Root has no PATIENT level");
        assertFailure(new String[] {"-S", "-k", "QueryRetrieveLevel=WARD"}, "0xa900", "(0008,0052)",
                "is not a level");
        assertFailure(new String[] {"-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "Modality=CT"}, "0xa900",
                "(0008,0060)", "ModalitiesInStudy");
        assertFailure(new String[] {"-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "NumberOfSeriesRelatedInstances"},
                "0xa900", "(0020,1209)", "below STUDY level");
        assertFailure(new String[] {"-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "(0009,0010)=ACME"}, "0xa900",
                "(0009,0010)", "private");
        assertFailure(new String[] {"-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyDate=2024-abc"}, "0xc000",
                "(0008,0020)", "StudyDate");
        assertFailure(new String[] {"-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=1.2.abc"},
                "0xc000", "(0020,000d)", "is not a UID");

        assertThat(find("-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID")).as("Ferry still answers")
                .hasSize(4);
    }

    void assertFailure(String[] arguments, String status, String offending, String comment) {
        List<String> command = new ArrayList<>(List.of("-d"));
        command.addAll(List.of(arguments));
        ToolRun run = findscu(port(), command.toArray(String[]::new));
        String said = run.err() + new String(run.out());
        String finalResponse = said.substring(Math.max(0, said.lastIndexOf("C-FIND RSP")));
        assertThat(finalResponse).as(String.join(" ", arguments)).contains("DIMSE Status                  : " + status)
                .contains("(0000,0901) AT " + offending).contains(comment);
    }

    @Test
    void aListenerWithQueryRetrieveOffRefusesTheContextsAtNegotiation() throws Exception {
        start();

        for (String model : List.of("-P", "-S")) {
            ToolRun run = findscu(service.ports().get(1), model, "-k", "QueryRetrieveLevel=STUDY",
                    "-k", "StudyInstanceUID");
            assertThat(run.exitCode()).as(run.describe()).isNotZero();
            assertThat(run.err() + new String(run.out())).contains("No Acceptable Presentation Contexts");
        }
        ToolRun move = tool("movescu", service.ports().get(1), "-S", "-aem", Storescp.AE_TITLE,
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=2.25.10");
        assertThat(move.exitCode()).as(move.describe()).isNotZero();
        assertThat(move.err() + new String(move.out())).contains("No Acceptable Presentation Contexts");
    }

    @Test
    @Tag("database")
    void movescuGetsTheStudyAtTheDestinationByteForByteAsStored() throws Exception {
        start();
        storeObjects();

        ToolRun run = tool("movescu", port(), "-v", "-S", "-aem", Storescp.AE_TITLE, "-k", "QueryRetrieveLevel=STUDY",
                "-k", "StudyInstanceUID=2.25.20");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        String said = run.err() + new String(run.out());
        assertThat(said).contains("Received Move Response 5 (Pending)")
                .contains("Received Final Move Response (Success)");
        Await.until("6 files at storescp", () -> received(storescp.out()).size() == 6);
        assertSameAsStored(received(storescp.out()), 6);
    }

    @Test
    void getscuReceivesTheSeriesByteForByteAsStored() throws Exception {
        start();
        storeObjects();
        Path out = Files.createDirectories(dir.resolve("get"));

        ToolRun run = tool("getscu", port(), "-v", "-P", "-od", out.toString(), "-k", "QueryRetrieveLevel=SERIES",
                "-k", "PatientID=P1", "-k", "StudyInstanceUID=2.25.11", "-k", "SeriesInstanceUID=2.25.11.1");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.err() + new String(run.out())).contains("Number of Completed Suboperations : 3")
                .contains("Number of Failed Suboperations    : 0");
        assertSameAsStored(received(out), 3);
    }

    @Test
    void aMoveToAnUnknownAeTitleIsRefusedWithMoveDestinationUnknown() throws Exception {
        start();
        storeObjects();

        ToolRun run = tool("movescu", port(), "-d", "-S", "-aem", "NOBODY", "-k", "QueryRetrieveLevel=STUDY",
                "-k", "StudyInstanceUID=2.25.20");

        String said = run.err() + new String(run.out());
        assertThat(said).contains("0xa801").contains("'NOBODY' is not the AE title of a DICOM destin");
        assertThat(received(storescp.out())).isEmpty();
    }

    @Test
    void aMoveToADestinationThatIsDownIsRefusedAsUnableToPerformSubOperations() throws Exception {
        start("  down: {dicom: {ae-title: DOWN, host: 127.0.0.1, port: " + FreePorts.next() + ", timeout: 5s}}\n");
        storeObjects();

        ToolRun run = tool("movescu", port(), "-d", "-S", "-aem", "DOWN", "-k", "QueryRetrieveLevel=STUDY",
                "-k", "StudyInstanceUID=2.25.20");

        String said = run.err() + new String(run.out());
        String finalResponse = said.substring(said.lastIndexOf("C-MOVE RSP"));
        assertThat(finalResponse).contains("0xa702").contains("cannot reach DOWN");
        assertThat(find("-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID")).as("Ferry still answers")
                .hasSize(4);
    }

    @Test
    void aStoredFileThatIsGoneIsAFailedSubOperationListedInTheFinalResponse() throws Exception {
        start();
        storeObjects();
        Path gone = stored().get("2.25.10.1.1");
        Files.delete(gone);

        ToolRun run = tool("movescu", port(), "-d", "-S", "-aem", Storescp.AE_TITLE, "-k", "QueryRetrieveLevel=SERIES",
                "-k", "StudyInstanceUID=2.25.10", "-k", "SeriesInstanceUID=2.25.10.1");

        String said = run.err() + new String(run.out());
        String finalResponse = said.substring(said.lastIndexOf("C-MOVE RSP"));
        assertThat(finalResponse).contains("0xb000").containsPattern("Completed Suboperations +: 2")
                .containsPattern("Failed Suboperations +: 1").contains("(0008,0058) UI [2.25.10.1.1]");
        Await.until("2 files at storescp", () -> received(storescp.out()).size() == 2);
        assertSameAsStored(received(storescp.out()), 2);
    }

    @Test
    void moveAndGetIdentifiersWithoutTheirUniqueKeyAreRefused() throws Exception {
        start();
        storeObjects();

        ToolRun move = tool("movescu", port(), "-d", "-S", "-aem", Storescp.AE_TITLE, "-k", "QueryRetrieveLevel=SERIES",
                "-k", "StudyInstanceUID=2.25.10");
        assertThat(move.err() + new String(move.out())).contains("0xa900").contains("(0020,000e)");

        ToolRun get = tool("getscu", port(), "-d", "-S", "-od", dir.toString(), "-k", "QueryRetrieveLevel=STUDY",
                "-k", "StudyInstanceUID=2.25.*");
        assertThat(get.err() + new String(get.out())).contains("0xc000").contains("wild cards");
        assertThat(received(storescp.out())).isEmpty();
    }

    @Test
    void movescuCancelStopsTheMoveWithCancelStatus() throws Exception {
        start();
        storeObjects();

        ToolRun run = tool("movescu", port(), "-v", "-P", "-aem", Storescp.AE_TITLE, "--cancel", "2",
                "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID=P1");

        String said = run.err() + new String(run.out());
        assertThat(said).contains("Sending Cancel Request").contains("SubOperationsTerminatedDueToCancel");
        assertThat(received(storescp.out()).size()).isLessThan(12);
    }

    /**
     * dcmtk's getscu cannot cancel, so Ferry's own C-GET SCU (dicom-net's RetrieveScu, tested against dcmqrscp) does:
     * after the first pending response it sends a C-CANCEL; the final status is Cancel, fewer than all came, and
     * each that came is byte for byte as stored; the association goes on to serve another C-GET.
     */
    @Test
    void aCGetCancelledAfterTheFirstPendingResponseEndsWithCancelStatus() throws Exception {
        start();
        storeObjects();
        String get = "1.2.840.10008.5.1.4.1.2.2.3"; // Study Root Query/Retrieve Information Model - GET
        RetrieveScu.GetProposal proposal = RetrieveScu.getProposal(get, Map.of("1.2.840.10008.5.1.4.1.1.2",
                Set.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())));
        Path out = Files.createDirectories(dir.resolve("got"));
        DataSet patient = new DataSet();
        patient.setString(Tags.QueryRetrieveLevel, Vr.CS, "STUDY");
        patient.setString(Tags.StudyInstanceUID, Vr.UI, "2.25.10\\2.25.11");
        try (Association association = Requestor.connect(new RequestorSettings("VIEWER", "FERRY", "127.0.0.1",
                port(), proposal.contexts(), 0, null, Timeouts.DEFAULT, null, proposal.roleSelections()))) {
            RetrieveScu.Result cancelled = RetrieveScu.get(association, get, patient, new FolderStore(out),
                    counts -> false);

            assertThat(cancelled.status()).isEqualTo(Status.CANCEL);
            assertThat(cancelled.completed()).isLessThan(12);
            List<Path> got = received(out);
            assertThat(got).hasSizeLessThan(12);
            assertSameAsStored(got, got.size());

            DataSet one = new DataSet();
            one.setString(Tags.QueryRetrieveLevel, Vr.CS, "IMAGE");
            one.setString(Tags.StudyInstanceUID, Vr.UI, "2.25.20");
            one.setString(Tags.SeriesInstanceUID, Vr.UI, "2.25.20.1");
            one.setString(Tags.SOPInstanceUID, Vr.UI, "2.25.20.1.2");
            assertThat(RetrieveScu.get(association, get, one, new FolderStore(dir.resolve("one")),
                    RetrieveScu.Progress.ALL).completed()).isEqualTo(1);
        }
        assertSameAsStored(received(dir.resolve("one")), 1);
    }

    @Test
    @Tag("database")
    void findscuCancelStopsAQueryOfManyMatches() throws Exception {
        start();
        IndexBench.fill(ConfigLoader.load(dir.resolve("ferry.yaml")).journalDatabase(), 50_000);

        ToolRun run = findscu(port(), "-v", "-S", "--cancel", "3", "-k", "QueryRetrieveLevel=IMAGE",
                "-k", "SOPInstanceUID", "-k", "PatientName");

        String said = run.err() + new String(run.out());
        assertThat(said).contains("Sending Cancel Request").contains("Received Final Find Response (Cancel")
                .doesNotContain("Find Response: 50000");
    }

    @Test
    void orthancQueriesFerryAsAModalityAndRetrievesAStudyIntoItself() throws Exception {
        try (OrthancServer orthanc = OrthancServer.start(Files.createDirectories(dir.resolve("orthanc")))) {
            start("  orthanc: {dicom: {ae-title: " + OrthancServer.AE_TITLE + ", host: 127.0.0.1, port: "
                    + orthanc.dicomPort() + "}}\n");
            storeObjects();
            orthanc.addModality("ferry", "FERRY", "127.0.0.1", port());

            String query = orthanc.post("/modalities/ferry/query", """
                    {"Level": "Study", "Query": {"PatientName": "doe*", "StudyDate": "20240101-20241231",
                     "ModalitiesInStudy": "", "NumberOfStudyRelatedInstances": ""}}""");
            String id = id(query);
            String answers = orthanc.get("/queries/" + id + "/answers?expand&simplify");
            assertThat(answers).contains("2.25.10").contains("2.25.11").doesNotContain("2.25.20")
                    .contains("CT\\\\MR");
            assertThat(answers).as("each study's number of instances")
                    .containsPattern("\"NumberOfStudyRelatedInstances\"\\s*:\\s*\"6\"");

            String series = orthanc.post("/modalities/ferry/query", """
                    {"Level": "Series", "Query": {"StudyInstanceUID": "2.25.11", "Modality": "MR"}}""");
            String seriesId = id(series);
            assertThat(orthanc.get("/queries/" + seriesId + "/answers?expand&simplify")).contains("2.25.11.1")
                    .doesNotContain("2.25.11.0\"");

            orthanc.post("/queries/" + seriesId + "/retrieve", "{\"TargetAet\": \"" + OrthancServer.AE_TITLE
                    + "\", \"Synchronous\": true}");

            String instances = orthanc.get("/instances?expand");
            assertThat(instances).contains("2.25.11.1.0").contains("2.25.11.1.1").contains("2.25.11.1.2")
                    .doesNotContain("2.25.11.0.0");
            Map<String, Path> stored = stored();
            for (String uid : List.of("2.25.11.1.0", "2.25.11.1.1", "2.25.11.1.2")) {
                String found = orthanc.post("/tools/lookup", uid);
                String instance = id(found);
                DataSet inOrthanc = DicomReader.read(orthanc.getBytes("/instances/" + instance + "/file"),
                        ReadOptions.DEFAULT).dataSet();
                assertThat(inOrthanc).as(uid).isEqualTo(DicomReader.read(stored.get(uid), ReadOptions.DEFAULT)
                        .dataSet());
            }
        }
    }

    /** The "ID" of an Orthanc answer. */
    static String id(String json) {
        return json.replaceAll("(?s).*\"ID\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    /** The files under {@code folder}. */
    static List<Path> received(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** The files Ferry stored, by SOP Instance UID. */
    Map<String, Path> stored() throws IOException {
        Map<String, Path> stored = new HashMap<>();
        for (Path file : received(dir.resolve("store"))) {
            stored.put(DicomReader.read(file, ReadOptions.DEFAULT).dataSet().getString(Tags.SOPInstanceUID), file);
        }
        return stored;
    }

    /** Each received file's data set (after its file meta information) has the bytes of the stored one. */
    void assertSameAsStored(List<Path> received, int count) throws IOException {
        assertThat(received).hasSize(count);
        Map<String, Path> stored = stored();
        for (Path file : received) {
            DicomFile got = DicomReader.read(file, ReadOptions.DEFAULT);
            String uid = got.dataSet().getString(Tags.SOPInstanceUID);
            Path original = stored.get(uid);
            assertThat(original).as(uid + " was stored").isNotNull();
            DicomFile was = DicomReader.read(original, ReadOptions.DEFAULT);
            byte[] gotBytes = Files.readAllBytes(file);
            byte[] wasBytes = Files.readAllBytes(original);
            assertThat(Arrays.copyOfRange(gotBytes, (int) got.dataSetOffset(), gotBytes.length)).as(uid)
                    .isEqualTo(Arrays.copyOfRange(wasBytes, (int) was.dataSetOffset(), wasBytes.length));
        }
    }
}
