package ferry.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import ferry.core.testing.Dcmqrscp;
import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.Association;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C-FIND between Ferry and dcmtk: findscu against Ferry's SCP, Ferry's FindScu against dcmqrscp. */
class FindInteropTest {
    static final String STUDY_ROOT = Uids.StudyRootQueryRetrieveInformationModelFind;
    static final String PATIENT_ROOT = Uids.PatientRootQueryRetrieveInformationModelFind;

    @TempDir
    Path dir;

    final List<String> serverLog = new CopyOnWriteArrayList<>();
    DicomServer server;
    List<Path> files;

    @BeforeEach
    void writeObjects() throws IOException {
        files = archive(dir.resolve("objects"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Three patients, three studies, four series, five instances, written by Ferry: PID1 Doe^Jane (an MR series of
     * two images and a CT series, 2026-01-15), PID2 Müller^Jörg in ISO_IR 100 (MR, 2025-06-10), PID3 DOE^JOHN
     * (CT, 2026-12-01).
     */
    static List<Path> archive(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        written.add(write(folder, "PID1", "Doe^Jane", "2.25.100", "20260115", "2.25.100.1", "MR", 1));
        written.add(write(folder, "PID1", "Doe^Jane", "2.25.100", "20260115", "2.25.100.1", "MR", 2));
        written.add(write(folder, "PID1", "Doe^Jane", "2.25.100", "20260115", "2.25.100.2", "CT", 1));
        written.add(write(folder, "PID2", "Müller^Jörg", "2.25.200", "20250610", "2.25.200.1", "MR", 1));
        written.add(write(folder, "PID3", "DOE^JOHN", "2.25.300", "20261201", "2.25.300.1", "CT", 1));
        return written;
    }

    static Path write(Path folder, String patientId, String name, String study, String date, String series,
                      String modality, int number) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 100");
        ds.setString(Tags.SOPClassUID, Vr.UI, modality.equals("MR") ? Uids.MRImageStorage : Uids.CTImageStorage);
        ds.setString(Tags.SOPInstanceUID, Vr.UI, series + "." + number);
        ds.setString(Tags.StudyDate, Vr.DA, date);
        ds.setString(Tags.StudyTime, Vr.TM, "101500");
        ds.setString(Tags.AccessionNumber, Vr.SH, "A" + study.substring(5));
        ds.setString(Tags.Modality, Vr.CS, modality);
        ds.setString(Tags.StudyDescription, Vr.LO, modality + " study");
        ds.setString(Tags.PatientName, Vr.PN, name);
        ds.setString(Tags.PatientID, Vr.LO, patientId);
        ds.setString(Tags.StudyInstanceUID, Vr.UI, study);
        ds.setString(Tags.SeriesInstanceUID, Vr.UI, series);
        ds.setString(Tags.StudyID, Vr.SH, "S" + study.substring(5));
        ds.setInts(Tags.SeriesNumber, Vr.IS, Integer.parseInt(series.substring(series.length() - 1)));
        ds.setInts(Tags.InstanceNumber, Vr.IS, number);
        ds.setBytes(ferry.core.tag.Tag.PIXEL_DATA, Vr.OW, new byte[64]);
        Path file = folder.resolve(series + "." + number + ".dcm");
        DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return file;
    }

    static AcceptorPolicy findPolicy() {
        Set<String> syntaxes = new HashSet<>(FindHandler.INFORMATION_MODELS);
        syntaxes.add(Uids.Verification);
        return new AcceptorPolicy(Set.of("FERRY"), List.of(), syntaxes, false,
                List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(),
                        TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid()), 4, 64 * 1024);
    }

    void startFerry(FindHandler handler) throws IOException {
        server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0, findPolicy(),
                AcceptorLimits.DEFAULT, null), new DimseScp(null, serverLog::add).withFindHandler(handler),
                serverLog::add);
    }

    static Association connect(String calledAeTitle, int port, String model) throws IOException {
        return Requestor.connect(new RequestorSettings("FINDER", calledAeTitle, "127.0.0.1", port,
                List.of(FindScu.context(1, model), EchoScu.context(3)), 0, null, Timeouts.DEFAULT, null));
    }

    /** Runs findscu against Ferry with {@code keys} (-k arguments) and returns the identifiers it extracted. */
    List<DataSet> findscu(String model, String... keys) throws IOException {
        Peers.requireExecutable("findscu", "apt-get install dcmtk");
        Path out = Files.createDirectories(dir.resolve("findscu-" + System.nanoTime()));
        List<String> command = new ArrayList<>(List.of("findscu", model, "-aet", "DCMTK", "-aec", "FERRY", "-X",
                "-od", out.toString()));
        for (String key : keys) {
            command.add("-k");
            command.add(key);
        }
        command.add("127.0.0.1");
        command.add(String.valueOf(server.port()));
        ToolRun run = ToolRun.run(Duration.ofSeconds(60), command);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.err()).as(run.describe()).doesNotContainIgnoringCase("error");
        List<DataSet> found = new ArrayList<>();
        try (Stream<Path> listing = Files.list(out)) {
            for (Path rsp : listing.sorted().toList()) {
                found.add(DicomReader.read(rsp, ReadOptions.IN_MEMORY).dataSet());
            }
        }
        return found;
    }

    static List<String> values(List<DataSet> identifiers, int tag) {
        return identifiers.stream().map(ds -> ds.getString(tag)).sorted().toList();
    }

    @Test
    void findscuFindsAStudyByPatientId() throws IOException {
        startFerry(FolderIndex.of(dir.resolve("objects")));

        List<DataSet> found = findscu("-S", "QueryRetrieveLevel=STUDY", "PatientID=PID1", "StudyInstanceUID",
                "PatientName", "StudyDate", "ModalitiesInStudy", "NumberOfStudyRelatedInstances");

        assertThat(found).hasSize(1);
        DataSet study = found.get(0);
        assertThat(study.getString(Tags.StudyInstanceUID)).isEqualTo("2.25.100");
        assertThat(study.getString(Tags.PatientName)).isEqualTo("Doe^Jane");
        assertThat(study.getString(Tags.StudyDate)).isEqualTo("20260115");
        assertThat(study.getStrings(Tags.ModalitiesInStudy)).containsExactly("MR", "CT");
        assertThat(study.getInt(Tags.NumberOfStudyRelatedInstances)).isEqualTo(3);
        assertThat(study.getString(Tags.QueryRetrieveLevel)).isEqualTo("STUDY");
    }

    @Test
    void findscuFindsStudiesByAWildcardOnPatientNameWhateverTheCase() throws IOException {
        startFerry(FolderIndex.of(dir.resolve("objects")));

        List<DataSet> found = findscu("-S", "QueryRetrieveLevel=STUDY", "PatientName=doe*", "StudyInstanceUID");

        assertThat(values(found, Tags.StudyInstanceUID)).containsExactly("2.25.100", "2.25.300");
        assertThat(values(found, Tags.PatientName)).containsExactly("DOE^JOHN", "Doe^Jane");
    }

    @Test
    void findscuFindsStudiesInADateRangeAndNonAsciiNamesArriveIntact() throws IOException {
        startFerry(FolderIndex.of(dir.resolve("objects")));

        List<DataSet> in2026 = findscu("-S", "QueryRetrieveLevel=STUDY", "StudyDate=20260101-20261231",
                "StudyInstanceUID");
        List<DataSet> before = findscu("-S", "QueryRetrieveLevel=STUDY", "StudyDate=-20251231", "PatientName",
                "StudyInstanceUID");

        assertThat(values(in2026, Tags.StudyInstanceUID)).containsExactly("2.25.100", "2.25.300");
        assertThat(values(before, Tags.StudyInstanceUID)).containsExactly("2.25.200");
        assertThat(before.get(0).getString(Tags.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
        assertThat(before.get(0).getString(Tags.PatientName)).isEqualTo("Müller^Jörg");
    }

    @Test
    void findscuFindsTheSeriesOfAStudyInThePatientRootModel() throws IOException {
        startFerry(FolderIndex.of(dir.resolve("objects")));

        List<DataSet> found = findscu("-P", "QueryRetrieveLevel=SERIES", "PatientID=PID1",
                "StudyInstanceUID=2.25.100", "SeriesInstanceUID", "Modality", "NumberOfSeriesRelatedInstances");

        assertThat(values(found, Tags.SeriesInstanceUID)).containsExactly("2.25.100.1", "2.25.100.2");
        assertThat(found).extracting(ds -> ds.getString(Tags.Modality) + ds.getInt(Tags.NumberOfSeriesRelatedInstances))
                .containsExactlyInAnyOrder("MR2", "CT1");
    }

    @Test
    void findscuCancelsAfterOneResponseAndFerryStopsMatching() throws IOException {
        Peers.requireExecutable("findscu", "apt-get install dcmtk");
        ManyMatches handler = new ManyMatches(1000);
        startFerry(handler);

        ToolRun run = ToolRun.run("findscu", "-S", "-v", "-aet", "DCMTK", "-aec", "FERRY", "--cancel", "1",
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "127.0.0.1", String.valueOf(server.port()));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.err()).as(run.describe()).contains("Sending Cancel Request")
                .contains("Received Final Find Response (Cancel: MatchingTerminatedDueToCancelRequest)");
        assertThat(handler.sent()).isLessThan(1000);
    }

    @Test
    void findScuCancelsAfterOneMatchAndTheAssociationStaysUsable() throws IOException {
        ManyMatches handler = new ManyMatches(1000);
        startFerry(handler);

        try (Association association = connect("FERRY", server.port(), STUDY_ROOT)) {
            FindScu.Result result = FindScu.collect(association, STUDY_ROOT, studyKeys(), 1);

            assertThat(result.status()).isEqualTo(Status.CANCEL);
            assertThat(result.matches()).hasSize(1);
            assertThat(result.matches().get(0).getString(Tags.StudyInstanceUID)).isEqualTo("2.25.9.1");
            assertThat(handler.sent()).isLessThan(1000);
            assertThat(EchoScu.echo(association)).isEqualTo(Status.SUCCESS);
            assertThat(FindScu.collect(association, STUDY_ROOT, studyKeys(), 0).matches()).hasSize(1000);
        }
    }

    static DataSet studyKeys() {
        DataSet keys = new DataSet();
        keys.setString(Tags.QueryRetrieveLevel, Vr.CS, "STUDY");
        keys.setString(Tags.StudyInstanceUID, Vr.UI, "");
        return keys;
    }

    /** A handler producing {@code total} studies, a little slowly, counting what it sent. */
    static final class ManyMatches implements FindHandler {
        private final int total;
        private volatile int sent;

        ManyMatches(int total) {
            this.total = total;
        }

        int sent() {
            return sent;
        }

        @Override
        public void find(ferry.net.assoc.AssociationInfo association, ferry.net.assoc.PresentationContext context,
                         ferry.net.dimse.CFindRq request, DataSet identifier, Responder responder) throws IOException {
            Matching matching = Matching.of(identifier);
            for (int i = 1; i <= total; i++) {
                DataSet study = new DataSet();
                study.setString(Tags.StudyInstanceUID, Vr.UI, "2.25.9." + i);
                if (!responder.pending(matching.response(study))) {
                    return;
                }
                sent = i;
                if (i < 50) {
                    try {
                        Thread.sleep(2); // let a cancel arrive while matches are still being sent
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    @Test
    void findScuFindsStudiesAndSeriesInDcmqrscp() throws Exception {
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", files);
             Association association = connect("ARCHIVE", archive.port(), STUDY_ROOT)) {
            DataSet studyKeys = studyKeys();
            studyKeys.setString(Tags.PatientID, Vr.LO, "PID1");
            studyKeys.setString(Tags.PatientName, Vr.PN, "");
            FindScu.Result studies = FindScu.collect(association, STUDY_ROOT, studyKeys, 0);

            DataSet seriesKeys = new DataSet();
            seriesKeys.setString(Tags.QueryRetrieveLevel, Vr.CS, "SERIES");
            seriesKeys.setString(Tags.StudyInstanceUID, Vr.UI, "2.25.100");
            seriesKeys.setString(Tags.SeriesInstanceUID, Vr.UI, "");
            seriesKeys.setString(Tags.Modality, Vr.CS, "");
            FindScu.Result series = FindScu.collect(association, STUDY_ROOT, seriesKeys, 0);

            DataSet byDate = studyKeys();
            byDate.setString(Tags.StudyDate, Vr.DA, "20260101-20261231");
            FindScu.Result in2026 = FindScu.collect(association, STUDY_ROOT, byDate, 0);

            assertThat(studies.status()).as(archive.logText()).isEqualTo(Status.SUCCESS);
            assertThat(values(studies.matches(), Tags.StudyInstanceUID)).containsExactly("2.25.100");
            assertThat(values(studies.matches(), Tags.PatientName)).containsExactly("Doe^Jane");
            assertThat(series.status()).isEqualTo(Status.SUCCESS);
            assertThat(series.matches()).extracting(ds -> ds.getString(Tags.SeriesInstanceUID) + " "
                    + ds.getString(Tags.Modality)).containsExactlyInAnyOrder("2.25.100.1 MR", "2.25.100.2 CT");
            assertThat(values(in2026.matches(), Tags.StudyInstanceUID)).containsExactly("2.25.100", "2.25.300");
        }
    }

    @Test
    void findScuCancelsAQueryToDcmqrscp() throws Exception {
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", files);
             Association association = connect("ARCHIVE", archive.port(), STUDY_ROOT)) {
            FindScu.Result result = FindScu.collect(association, STUDY_ROOT, studyKeys(), 1);

            assertThat(result.matches()).hasSize(1);
            assertThat(result.status().code()).as(archive.logText()).isIn(0xFE00, 0x0000);
            assertThat(EchoScu.echo(association)).isEqualTo(Status.SUCCESS);
        }
    }
}
