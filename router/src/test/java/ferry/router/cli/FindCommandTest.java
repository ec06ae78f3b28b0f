package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.json.DicomJsonReader;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import ferry.core.testing.Dcmqrscp;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.ServerSettings;
import ferry.net.dimse.Status;
import ferry.net.service.DimseScp;
import ferry.net.service.DimseStatusException;
import ferry.net.service.FindHandler;
import ferry.net.service.Matching;
import ferry.router.cli.NetworkCommandsTest.Result;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry find} against dcmtk's dcmqrscp and against Ferry's own C-FIND SCP. */
class FindCommandTest {
    @TempDir
    Path dir;

    DicomServer server;
    final List<DataSet> identifiers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(Duration.ofSeconds(5));
        }
    }

    static Result ferry(String... args) {
        return NetworkCommandsTest.ferry(args);
    }

    /** PID1 Doe^Jane: study 2.25.100 (MR series of 2, CT series of 1); PID2 Roe^Richard: study 2.25.200. */
    List<Path> archive() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("objects"));
        List<Path> files = new ArrayList<>();
        files.add(write(folder, "PID1", "Doe^Jane", "2.25.100", "20260115", "2.25.100.1", "MR", 1));
        files.add(write(folder, "PID1", "Doe^Jane", "2.25.100", "20260115", "2.25.100.1", "MR", 2));
        files.add(write(folder, "PID1", "Doe^Jane", "2.25.100", "20260115", "2.25.100.2", "CT", 1));
        files.add(write(folder, "PID2", "Roe^Richard", "2.25.200", "20250610", "2.25.200.1", "MR", 1));
        return files;
    }

    static Path write(Path folder, String patientId, String name, String study, String date, String series,
                      String modality, int number) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tags.SOPClassUID, Vr.UI, modality.equals("MR") ? Uids.MRImageStorage : Uids.CTImageStorage);
        ds.setString(Tags.SOPInstanceUID, Vr.UI, series + "." + number);
        ds.setString(Tags.StudyDate, Vr.DA, date);
        ds.setString(Tags.StudyTime, Vr.TM, "101500");
        ds.setString(Tags.Modality, Vr.CS, modality);
        ds.setString(Tags.PatientName, Vr.PN, name);
        ds.setString(Tags.PatientID, Vr.LO, patientId);
        ds.setString(Tags.StudyInstanceUID, Vr.UI, study);
        ds.setString(Tags.SeriesInstanceUID, Vr.UI, series);
        ds.setInts(Tags.SeriesNumber, Vr.IS, Integer.parseInt(series.substring(series.length() - 1)));
        ds.setInts(Tags.InstanceNumber, Vr.IS, number);
        ds.setBytes(Tag.PIXEL_DATA, Vr.OW, new byte[32]);
        Path file = folder.resolve(series + "." + number + ".dcm");
        DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return file;
    }

    @Test
    void findsAStudyInDcmqrscpByPatientId() throws Exception {
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", archive())) {
            Result result = ferry("find", "ARCHIVE@127.0.0.1:" + archive.port(), "PatientID=PID1");

            assertThat(result.exitCode()).as(result.err() + archive.logText()).isZero();
            assertThat(result.out()).contains("# match 1").doesNotContain("# match 2")
                    .contains("[2.25.100]").contains("[Doe^Jane]").contains("[20260115]")
                    .contains("ferry find: 1 match from ARCHIVE@127.0.0.1:" + archive.port()
                            + " (Study Root, STUDY level), final status 0x0000 Success");
        }
    }

    @Test
    void findsTheSeriesOfAStudyInDcmqrscpAsJson() throws Exception {
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", archive())) {
            Result result = ferry("find", "--level", "series", "--json", "ARCHIVE@127.0.0.1:" + archive.port(),
                    "StudyInstanceUID=2.25.100", "(0008,0060)=");

            assertThat(result.exitCode()).as(result.err() + archive.logText()).isZero();
            List<DataSet> series = DicomJsonReader.DEFAULT.readAll(
                    new ByteArrayInputStream(result.out().getBytes(StandardCharsets.UTF_8)));
            assertThat(series).extracting(ds -> ds.getString(Tags.SeriesInstanceUID) + " "
                    + ds.getString(Tags.Modality)).containsExactlyInAnyOrder("2.25.100.1 MR", "2.25.100.2 CT");
            assertThat(result.err()).contains("ferry find: 2 matches").contains("SERIES level").contains("Success");
        }
    }

    @Test
    void findsPatientsInThePatientRootModelWithAWildcard() throws Exception {
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", archive())) {
            Result result = ferry("find", "--model", "patient", "--level", "PATIENT",
                    "ARCHIVE@127.0.0.1:" + archive.port(), "PatientName=R*");

            assertThat(result.exitCode()).as(result.err() + archive.logText()).isZero();
            assertThat(result.out()).contains("[PID2]").doesNotContain("[PID1]")
                    .contains("1 match from").contains("(Patient Root, PATIENT level)");
        }
    }

    /** Ferry's SCP over in-memory studies, remembering the identifiers it was sent. */
    void startFerry(int studies) throws IOException {
        List<DataSet> records = new ArrayList<>();
        for (int i = 1; i <= studies; i++) {
            DataSet study = new DataSet();
            study.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 100");
            study.setString(Tags.PatientID, Vr.LO, "P" + i);
            study.setString(Tags.PatientName, Vr.PN, "Müller^" + i);
            study.setString(Tags.StudyInstanceUID, Vr.UI, "2.25.7." + i);
            study.setString(Tags.StudyDate, Vr.DA, "20260301");
            study.setString(Tags.ModalitiesInStudy, Vr.CS, "MR", "SR");
            records.add(study);
        }
        FindHandler handler = (association, context, request, identifier, responder) -> {
            identifiers.add(identifier);
            Matching matching = Matching.of(identifier);
            if ("FAIL".equals(identifier.getString(Tags.PatientID))) {
                throw new DimseStatusException(Status.OUT_OF_RESOURCES.withComment("disk on fire"));
            }
            if ("ENDLESS".equals(identifier.getString(Tags.PatientID))) {
                // matches until the requestor cancels: however fast the matches go out, the C-CANCEL is seen
                DataSet match = new DataSet();
                match.setString(Tags.PatientID, Vr.LO, "ENDLESS");
                for (int i = 1; i <= 1_000_000; i++) {
                    match.setString(Tags.StudyInstanceUID, Vr.UI, "2.25.8." + i);
                    if (!responder.pending(match)) {
                        return;
                    }
                }
            }
            for (DataSet record : records) {
                if (matching.matches(record) && !responder.pending(matching.response(record))) {
                    return;
                }
            }
        };
        AcceptorPolicy policy = new AcceptorPolicy(Set.of("FERRY"), List.of(),
                Set.of(Uids.StudyRootQueryRetrieveInformationModelFind), false,
                List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), 2, 0);
        server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0, policy,
                AcceptorLimits.DEFAULT, null), new DimseScp(null, line -> { }).withFindHandler(handler), line -> { });
    }

    @Test
    void limitCancelsTheQueryAndStillSucceeds() throws IOException {
        startFerry(0);

        Result result = ferry("find", "--limit", "3", "FERRY@127.0.0.1:" + server.port(), "PatientID=ENDLESS");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("# match 3").doesNotContain("# match 4")
                .contains("3 matches from").contains("cancelled at --limit").contains("0xFE00 Cancel");
    }

    @Test
    void keysBecomeTheIdentifierWithTheRequiredKeysOfTheLevel() throws IOException {
        startFerry(2);

        Result result = ferry("find", "FERRY@127.0.0.1:" + server.port(), "PatientName=müller*",
                "(0008,0020)=20260101-", "ModalitiesInStudy=CT\\MR", "ReferencedStudySequence.ReferencedSOPInstanceUID=");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("2 matches").contains("[Müller^1]").contains("[Müller^2]");
        DataSet identifier = identifiers.get(0);
        assertThat(identifier.getString(Tags.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(identifier.getString(Tags.QueryRetrieveLevel)).isEqualTo("STUDY");
        assertThat(identifier.getString(Tags.PatientName)).isEqualTo("müller*");
        assertThat(identifier.getString(Tags.StudyDate)).isEqualTo("20260101-");
        assertThat(identifier.getStrings(Tags.ModalitiesInStudy)).containsExactly("CT", "MR");
        assertThat(identifier.getSequence(Tags.ReferencedStudySequence).item(0)
                .contains(Tags.ReferencedSOPInstanceUID)).isTrue();
        for (int tag : List.of(Tags.StudyTime, Tags.AccessionNumber, Tags.PatientID, Tags.StudyID,
                Tags.StudyInstanceUID)) {
            assertThat(identifier.contains(tag)).as(Tag.toString(tag)).isTrue();
        }
    }

    @Test
    void aFailureStatusIsPrintedAndExitsWithOne() throws IOException {
        startFerry(2);

        Result result = ferry("find", "FERRY@127.0.0.1:" + server.port(), "PatientID=FAIL");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("0 matches").contains("0xA700 Refused: Out of Resources")
                .contains("disk on fire");
    }

    @Test
    void aModelThePeerDoesNotServeIsReported() throws IOException {
        startFerry(1);

        Result result = ferry("find", "--model", "patient", "--level", "PATIENT", "FERRY@127.0.0.1:" + server.port());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("did not accept");
    }

    @Test
    void aDateOrTimeKeyInAnotherFormatIsAUsageErrorNamingTheKeyAndFormatAndNothingIsSent() throws IOException {
        startFerry(1);
        String peer = "FERRY@127.0.0.1:" + server.port();

        Result date = ferry("find", peer, "StudyDate=2026-01-01");
        Result range = ferry("find", peer, "StudyDate=20260101-2026-12-31");
        Result time = ferry("find", peer, "StudyTime=25");
        Result dateTime = ferry("find", peer, "--level", "IMAGE", "AcquisitionDateTime=2026-01-01T10:00");

        assertThat(date.exitCode()).isEqualTo(2);
        assertThat(date.err()).contains("StudyDate=2026-01-01").contains("is not a DA (YYYYMMDD)")
                .contains("range");
        assertThat(range.exitCode()).isEqualTo(2);
        assertThat(range.err()).contains("StudyDate=20260101-2026-12-31").contains("YYYYMMDD");
        assertThat(time.exitCode()).isEqualTo(2);
        assertThat(time.err()).contains("StudyTime=25").contains("is not a TM (HHMMSS.FFFFFF");
        assertThat(dateTime.exitCode()).isEqualTo(2);
        assertThat(dateTime.err()).contains("AcquisitionDateTime").contains("is not a DT (YYYYMMDDHHMMSS.FFFFFF");
        assertThat(date.err()).as("one line and where the help is, not the whole usage")
                .contains("Run 'ferry help find'").doesNotContain("Usage:");
        assertThat(identifiers).as("nothing was sent").isEmpty();
    }

    @Test
    void dateAndTimeKeysInTheStandardsFormsAndRangesAreSent() throws IOException {
        startFerry(1);

        Result result = ferry("find", "FERRY@127.0.0.1:" + server.port(), "StudyDate=-20261231",
                "StudyTime=0800-173000.5", "(0008,002A)=2026-202612311200+0100");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(identifiers).hasSize(1);
        assertThat(identifiers.get(0).getString(Tags.StudyDate)).isEqualTo("-20261231");
        assertThat(identifiers.get(0).getString(Tags.AcquisitionDateTime)).isEqualTo("2026-202612311200+0100");
    }

    @Test
    void unknownKeysAndBadLevelsAreUsageErrors() {
        assertThat(ferry("find", "A@127.0.0.1:1", "NoSuchKeyword=1").err()).contains("NoSuchKeyword")
                .contains("not a keyword");
        assertThat(ferry("find", "A@127.0.0.1:1", "PatientID").exitCode()).isEqualTo(2);
        assertThat(ferry("find", "--level", "FRAME", "A@127.0.0.1:1").err()).contains("FRAME");
        assertThat(ferry("find", "A@127.0.0.1:1", "Rows=512").err()).contains("can only be asked for");
        assertThat(ferry("find", "A@127.0.0.1:1", "PatientName.Foo=1").err()).contains("not a sequence");
    }
}
