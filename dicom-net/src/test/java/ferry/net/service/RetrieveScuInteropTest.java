package ferry.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import ferry.core.testing.Dcmqrscp;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.Association;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.Negotiation;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.Status;
import ferry.net.dimse.SubOperationCounts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RetrieveScu} against dcmtk's dcmqrscp: C-GET brings the objects back on Ferry's association (SCP role
 * negotiated) and C-MOVE has them stored at a Ferry listener, data sets byte for byte as they were put in; pending
 * counts, C-CANCEL, and the failures dcmqrscp reports (no context for the SOP class, a refused sub-operation, an
 * unknown move destination) come back as the standard's statuses.
 */
class RetrieveScuInteropTest {
    static final String GET = Uids.StudyRootQueryRetrieveInformationModelGet;
    static final String MOVE = Uids.StudyRootQueryRetrieveInformationModelMove;
    static final String STUDY = "2.25.500";
    /** Eight MR images of 100 KB (several 16 KiB PDUs each) and one CT image, in two series of one study. */
    static final int MR_IMAGES = 8;

    @TempDir
    Path dir;

    List<Path> files;
    DicomServer listener;
    final List<String> listenerLog = new CopyOnWriteArrayList<>();

    @BeforeEach
    void writeArchive() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("objects"));
        files = new ArrayList<>();
        for (int i = 1; i <= MR_IMAGES; i++) {
            files.add(write(folder, Uids.MRImageStorage, STUDY + ".1", i, 100_000));
        }
        files.add(write(folder, Uids.CTImageStorage, STUDY + ".2", 1, 2_000));
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close(Duration.ofSeconds(5));
        }
    }

    static Path write(Path folder, String sopClass, String series, int number, int pixelBytes) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tags.SOPClassUID, Vr.UI, sopClass);
        ds.setString(Tags.SOPInstanceUID, Vr.UI, series + "." + number);
        ds.setString(Tags.StudyDate, Vr.DA, "20260115");
        ds.setString(Tags.Modality, Vr.CS, sopClass.equals(Uids.MRImageStorage) ? "MR" : "CT");
        ds.setString(Tags.PatientName, Vr.PN, "Retrieve^Test");
        ds.setString(Tags.PatientID, Vr.LO, "PID5");
        ds.setString(Tags.StudyInstanceUID, Vr.UI, STUDY);
        ds.setString(Tags.SeriesInstanceUID, Vr.UI, series);
        ds.setInts(Tags.InstanceNumber, Vr.IS, number);
        byte[] pixels = new byte[pixelBytes];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7 + number);
        }
        ds.setBytes(Tag.PIXEL_DATA, Vr.OW, pixels);
        Path file = folder.resolve(series + "." + number + ".dcm");
        DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return file;
    }

    static Association connectForGet(Dcmqrscp archive, Map<String, Set<String>> storage) throws IOException {
        RetrieveScu.GetProposal proposal = RetrieveScu.getProposal(GET, storage);
        return Requestor.connect(new RequestorSettings("GETTER", archive.aeTitle(), "127.0.0.1", archive.port(),
                proposal.contexts(), 0, null, Timeouts.DEFAULT, null, proposal.roleSelections()));
    }

    static Association connectForMove(Dcmqrscp archive) throws IOException {
        return Requestor.connect(new RequestorSettings("MOVER", archive.aeTitle(), "127.0.0.1", archive.port(),
                List.of(RetrieveScu.context(1, MOVE)), 0, null, Timeouts.DEFAULT, null));
    }

    static Map<String, Set<String>> uncompressed(String... sopClasses) {
        return Arrays.stream(sopClasses).collect(Collectors.toMap(c -> c,
                c -> Set.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())));
    }

    static DataSet keys(String level, String study, String series, String instance) {
        DataSet keys = new DataSet();
        keys.setString(Tags.QueryRetrieveLevel, Vr.CS, level);
        keys.setString(Tags.StudyInstanceUID, Vr.UI, study);
        if (series != null) {
            keys.setString(Tags.SeriesInstanceUID, Vr.UI, series);
        }
        if (instance != null) {
            keys.setString(Tags.SOPInstanceUID, Vr.UI, instance);
        }
        return keys;
    }

    @Test
    void cGetBringsBackEveryObjectOfAStudyByteForByteWithPendingCounts() throws Exception {
        Path out = dir.resolve("got");
        List<SubOperationCounts> pending = new ArrayList<>();
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", files);
             Association association = connectForGet(archive, uncompressed(Uids.MRImageStorage,
                     Uids.CTImageStorage))) {
            RetrieveScu.Result result = RetrieveScu.get(association, GET, keys("STUDY", STUDY, null, null),
                    new FolderStore(out), counts -> pending.add(counts));

            assertThat(result.status()).as(archive.logText()).isEqualTo(Status.SUCCESS);
            assertThat(result.completed()).isEqualTo(MR_IMAGES + 1);
            assertThat(result.failed()).isZero();
            assertThat(result.failedSopInstanceUids()).isEmpty();
            assertThat(pending).isNotEmpty();
            assertThat(pending.get(0).remaining()).isEqualTo(MR_IMAGES);
            assertThat(pending.get(0).completed()).isEqualTo(1);
        }
        RetrieveInteropTest.assertSameDataSetBytes(out, MR_IMAGES + 1, files);
    }

    @Test
    void cGetOfOneImageBringsJustThatOneAndAnUnknownOneMatchesNothing() throws Exception {
        Path out = dir.resolve("got");
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", files);
             Association association = connectForGet(archive, uncompressed(Uids.MRImageStorage))) {
            RetrieveScu.Result one = RetrieveScu.get(association, GET,
                    keys("IMAGE", STUDY, STUDY + ".1", STUDY + ".1.3"), new FolderStore(out), RetrieveScu.Progress.ALL);
            RetrieveScu.Result none = RetrieveScu.get(association, GET,
                    keys("IMAGE", STUDY, STUDY + ".1", STUDY + ".1.99"), new FolderStore(out),
                    RetrieveScu.Progress.ALL);

            assertThat(one.status()).isEqualTo(Status.SUCCESS);
            assertThat(one.completed()).isEqualTo(1);
            assertThat(none.status()).isEqualTo(Status.SUCCESS);
            assertThat(none.completed()).isZero();
            assertThat(none.failed()).isZero();
        }
        assertThat(out.resolve(STUDY + ".1.3.dcm")).isRegularFile();
        RetrieveInteropTest.assertSameDataSetBytes(out, 1, files);
    }

    @Test
    void anObjectOfASopClassWithoutAnScpRoleContextIsAFailedSubOperation() throws Exception {
        Path out = dir.resolve("got");
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", files);
             Association association = connectForGet(archive, uncompressed(Uids.MRImageStorage))) {
            RetrieveScu.Result result = RetrieveScu.get(association, GET, keys("SERIES", STUDY, STUDY + ".2", null),
                    new FolderStore(out), RetrieveScu.Progress.ALL);

            assertThat(result.status().category()).as(result.status().toString())
                    .isIn(Status.Category.WARNING, Status.Category.FAILURE);
            assertThat(result.completed()).isZero();
            assertThat(result.failed()).isEqualTo(1);
            // the association stays usable
            assertThat(RetrieveScu.get(association, GET, keys("IMAGE", STUDY, STUDY + ".1", STUDY + ".1.1"),
                    new FolderStore(out), RetrieveScu.Progress.ALL).completed()).isEqualTo(1);
        }
    }

    @Test
    void aSubOperationTheHandlerRefusesIsCountedFailedAndListed() throws Exception {
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", files);
             Association association = connectForGet(archive, uncompressed(Uids.MRImageStorage))) {
            RetrieveScu.Result result = RetrieveScu.get(association, GET, keys("IMAGE", STUDY, STUDY + ".1",
                    STUDY + ".1.2"), (info, context, request, dataSet) -> {
                        throw new DimseStatusException(Status.OUT_OF_RESOURCES.withComment("disk full"));
                    }, RetrieveScu.Progress.ALL);

            // all sub-operations failed: dcmqrscp answers 0xA702 (PS3.4 C.4.3.1.4 allows it, or 0xB000)
            assertThat(result.status()).as(archive.logText()).isEqualTo(Status.UNABLE_TO_PERFORM_SUB_OPERATIONS);
            assertThat(result.failed()).isEqualTo(1);
            assertThat(result.failedSopInstanceUids()).containsExactly(STUDY + ".1.2");
        }
    }

    @Test
    void cancellingAfterTheFirstPendingResponseStopsTheGet() throws Exception {
        Path out = dir.resolve("got");
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", files);
             Association association = connectForGet(archive, uncompressed(Uids.MRImageStorage))) {
            RetrieveScu.Result result = RetrieveScu.get(association, GET, keys("SERIES", STUDY, STUDY + ".1", null),
                    new FolderStore(out), counts -> false);

            assertThat(result.status()).as(archive.logText()).isEqualTo(Status.CANCEL);
            assertThat(result.completed()).isLessThan(MR_IMAGES);
            assertThat(RetrieveScu.get(association, GET, keys("IMAGE", STUDY, STUDY + ".1", STUDY + ".1.8"),
                    new FolderStore(out), RetrieveScu.Progress.ALL).completed()).isEqualTo(1);
        }
        try (var stored = Files.list(out)) {
            assertThat(stored.count()).isLessThan(MR_IMAGES + 1);
        }
    }

    @Test
    void cMoveHasTheObjectsStoredAtAFerryListenerByteForByte() throws Exception {
        Path out = dir.resolve("moved");
        startListener(out);
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", files,
                List.of(new Dcmqrscp.MoveDestination("LISTENER", listener.port())));
             Association association = connectForMove(archive)) {
            List<SubOperationCounts> pending = new ArrayList<>();
            RetrieveScu.Result result = RetrieveScu.move(association, MOVE, "LISTENER",
                    keys("STUDY", STUDY, null, null), pending::add);

            assertThat(result.status()).as(archive.logText()).isEqualTo(Status.SUCCESS);
            assertThat(result.completed()).isEqualTo(MR_IMAGES + 1);
            assertThat(pending).extracting(SubOperationCounts::remaining).contains(MR_IMAGES);
        }
        RetrieveInteropTest.assertSameDataSetBytes(out, MR_IMAGES + 1, files);
    }

    @Test
    void aMoveToADestinationTheArchiveDoesNotKnowIsRefusedWithA801() throws Exception {
        try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", files);
             Association association = connectForMove(archive)) {
            RetrieveScu.Result result = RetrieveScu.move(association, MOVE, "NOWHERE",
                    keys("STUDY", STUDY, null, null), RetrieveScu.Progress.ALL);

            assertThat(result.status().code()).as(archive.logText()).isEqualTo(Status.MOVE_DESTINATION_UNKNOWN.code());
            assertThat(result.completed()).isZero();
        }
    }

    void startListener(Path out) throws IOException {
        AcceptorPolicy policy = new AcceptorPolicy(Set.of("LISTENER"), List.of(), Set.of(Uids.Verification), true,
                List.of(Negotiation.ANY_TRANSFER_SYNTAX), 4, 64 * 1024);
        listener = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0, policy,
                AcceptorLimits.DEFAULT, null), new DimseScp(new FolderStore(out), listenerLog::add), listenerLog::add);
    }
}
