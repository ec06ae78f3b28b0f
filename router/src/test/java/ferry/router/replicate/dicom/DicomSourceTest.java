package ferry.router.replicate.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Dcmqrscp;
import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.service.StoreScu;
import ferry.router.replicate.ChangeFeed;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.FeedTruncatedException;
import ferry.router.replicate.InstanceException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.Retrieve;
import ferry.router.replicate.SourceInstance;
import ferry.core.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DicomSource} against dcmtk's dcmqrscp holding an archive written at test time: listings by C-FIND (all,
 * and by Modality, Study Date and Patient ID), fetches by C-GET that give the data set bytes put in, even from
 * several threads at once; an unknown instance, a node that rejects Ferry, one that is not there and one that ignores
 * a key of the query are the failures the replication reports; the change feed finds a study dated today.
 */
class DicomSourceTest {
    static final String AE = "ARCHIVE";

    @TempDir
    Path dir;

    DicomArchive archive;

    @BeforeEach
    void writeArchive() throws IOException {
        archive = DicomArchive.sample(dir.resolve("objects"));
    }

    Dcmqrscp start() throws IOException, InterruptedException {
        return Dcmqrscp.start(dir, AE, List.copyOf(archive.files().values()));
    }

    static DicomSource source(Dcmqrscp node, int maxParallel) {
        return new DicomSource("archive", DicomArchive.node(node.aeTitle(), node.port(), maxParallel), Retrieve.GET,
                name -> null);
    }

    static List<SourceInstance> listAll(DicomSource source, ReplicationQuery query) throws Exception {
        List<SourceInstance> all = new ArrayList<>();
        source.list(query, page -> all.addAll(page));
        return all;
    }

    static ReplicationQuery query(int tag, Vr vr, String value) {
        DataSet keys = new DataSet();
        keys.setString(tag, vr, value);
        return new ReplicationQuery(keys);
    }

    @Test
    void listsEveryInstanceWithItsStudyAndSeries() throws Exception {
        try (Dcmqrscp node = start(); DicomSource source = source(node, 2)) {
            List<SourceInstance> all = listAll(source, ReplicationQuery.ALL);

            assertThat(all).extracting(i -> i.studyInstanceUid() + " " + i.seriesInstanceUid() + " "
                    + i.sopInstanceUid()).containsExactlyInAnyOrder(
                    "2.25.71 2.25.71.1 2.25.71.1.1", "2.25.71 2.25.71.1 2.25.71.1.2", "2.25.71 2.25.71.1 2.25.71.1.3",
                    "2.25.71 2.25.71.2 2.25.71.2.1", "2.25.71 2.25.71.2 2.25.71.2.2",
                    "2.25.72 2.25.72.1 2.25.72.1.1", "2.25.72 2.25.72.1 2.25.72.1.2");
            assertThat(all).extracting(SourceInstance::locator).doesNotHaveDuplicates()
                    .contains("2.25.71/2.25.71.2/2.25.71.2.1");
            assertThat(source.describe()).isEqualTo("DICOM ARCHIVE@127.0.0.1:" + node.port());
        }
    }

    @Test
    void listsWhatAQueryByModalityStudyDateOrPatientSelects() throws Exception {
        try (Dcmqrscp node = start(); DicomSource source = source(node, 2)) {
            List<SourceInstance> ct = listAll(source, query(Tags.Modality, Vr.CS, "CT"));
            List<SourceInstance> in2025 = listAll(source, query(Tags.StudyDate, Vr.DA, "20250101-20251231"));
            DataSet both = new DataSet();
            both.setString(Tags.PatientID, Vr.LO, "PID1");
            both.setString(Tags.Modality, Vr.CS, "MR");
            List<SourceInstance> mrOfPid1 = listAll(source, new ReplicationQuery(both));

            assertThat(ct).extracting(SourceInstance::sopInstanceUid)
                    .containsExactlyInAnyOrder("2.25.71.2.1", "2.25.71.2.2");
            assertThat(in2025).extracting(SourceInstance::sopInstanceUid)
                    .containsExactlyInAnyOrder("2.25.72.1.1", "2.25.72.1.2");
            assertThat(mrOfPid1).extracting(SourceInstance::sopInstanceUid)
                    .containsExactlyInAnyOrder("2.25.71.1.1", "2.25.71.1.2", "2.25.71.1.3");
        }
    }

    @Test
    void aQueryOnAKeyTheNodeDoesNotMatchOnIsRefusedNamingTheKey() throws Exception {
        try (Dcmqrscp node = start(); DicomSource source = source(node, 2)) {
            // dcmqrscp leaves Series Description out of its answers: it would list every series
            assertThatThrownBy(() -> listAll(source, query(Tags.SeriesDescription, Vr.LO, "CT*")))
                    .isInstanceOf(EndpointException.class)
                    .hasMessageContaining("DICOM ARCHIVE@127.0.0.1:" + node.port())
                    .hasMessageContaining("SeriesDescription");
            assertThatThrownBy(() -> listAll(source, query(Tags.StudyDate, Vr.DA, "2024-junk")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("StudyDate");
        }
    }

    @Test
    void theListingStopsWhenThePagesSaySo() throws Exception {
        Path more = dir.resolve("more");
        DicomArchive big = new DicomArchive(more).series("PID3", "2.25.73", "20240301", "2.25.73.1", "MR",
                DicomListing.PAGE_SIZE + 20, 16);
        List<Integer> pageSizes = new ArrayList<>();
        List<Integer> firstOnly = new ArrayList<>();
        try (Dcmqrscp node = Dcmqrscp.start(dir, AE, List.copyOf(big.files().values()));
             DicomSource source = source(node, 1)) {
            source.list(ReplicationQuery.ALL, page -> pageSizes.add(page.size()));
            source.list(ReplicationQuery.ALL, page -> !firstOnly.add(page.size()));
        }
        assertThat(pageSizes).containsExactly(DicomListing.PAGE_SIZE, 20);
        assertThat(firstOnly).containsExactly(DicomListing.PAGE_SIZE);
    }

    @Test
    void fetchWritesThePart10FileWithTheDataSetPutIn() throws Exception {
        try (Dcmqrscp node = start(); DicomSource source = source(node, 2)) {
            List<SourceInstance> all = listAll(source, ReplicationQuery.ALL);
            Path fetched = dir.resolve("fetched");
            archive.assertFetchedAsPutIn(source, all, fetched);
            try (var left = Files.list(fetched)) {
                assertThat(left).hasSize(all.size()); // no .part files left behind
            }
        }
    }

    @Test
    void aCompressedInstanceTheNodeCannotSendIsAnInstanceExceptionNamingTheFailedSubOperation() throws Exception {
        Path jpeg = DicomArchive.jpegImage(dir, "2.25.75", "2.25.75.1", "2.25.75.1.1");
        // dcmqrscp sends on the first context of the SOP class it accepted (an uncompressed one: by default it
        // accepts no other), and cannot decompress: its sub-operation fails
        try (Dcmqrscp node = Dcmqrscp.start(dir, AE, List.of(jpeg)); DicomSource source = source(node, 1)) {
            SourceInstance instance = listAll(source, ReplicationQuery.ALL).get(0);

            assertThatThrownBy(() -> source.fetch(instance, dir.resolve("fetched.dcm")))
                    .isInstanceOf(InstanceException.class)
                    .hasMessageContaining("DICOM ARCHIVE@127.0.0.1:" + node.port())
                    .hasMessageContaining("2.25.75/2.25.75.1/2.25.75.1.1").hasMessageContaining("0xA702")
                    .hasMessageContaining("1 failed").hasMessageContaining("no C-STORE came");
        }
    }

    @Test
    void fetchesFromSeveralThreadsAtOnceEachGetTheirOwnInstance() throws Exception {
        try (Dcmqrscp node = start(); DicomSource source = source(node, 2)) {
            archive.assertFetchedAtOnceAsPutIn(source, listAll(source, ReplicationQuery.ALL), 3,
                    dir.resolve("fetched"));
        }
    }

    @Test
    void fetchingAnInstanceTheNodeDoesNotHaveIsAnInstanceException() throws Exception {
        try (Dcmqrscp node = start(); DicomSource source = source(node, 2)) {
            SourceInstance gone = new SourceInstance("2.25.71.1.99", "", "2.25.71", "2.25.71.1",
                    DicomLocator.of("2.25.71", "2.25.71.1", "2.25.71.1.99"), -1);
            Path target = dir.resolve("gone.dcm");

            assertThatThrownBy(() -> source.fetch(gone, target)).isInstanceOf(InstanceException.class)
                    .hasMessageContaining("DICOM ARCHIVE@127.0.0.1:" + node.port())
                    .hasMessageContaining("2.25.71.1.99").hasMessageContaining("matched nothing");
            assertThat(target).doesNotExist();
            // the association is still good for the next
            SourceInstance there = new SourceInstance("2.25.71.1.2", "", "2.25.71", "2.25.71.1",
                    DicomLocator.of("2.25.71", "2.25.71.1", "2.25.71.1.2"), -1);
            source.fetch(there, target);
            assertThat(DicomArchive.dataSetBytes(target))
                    .isEqualTo(DicomArchive.dataSetBytes(archive.files().get("2.25.71.1.2")));
            // a target that cannot be written is a failure that may pass, not the instance's
            assertThatThrownBy(() -> source.fetch(there, dir.resolve("no-such-folder").resolve("x.dcm")))
                    .isInstanceOf(IOException.class).isNotInstanceOf(InstanceException.class)
                    .hasMessageContaining("could not write it");
            // the locator, not the instance's UIDs (as a destination's edits make them), says what to fetch
            Path edited = dir.resolve("edited.dcm");
            source.fetch(there.withUids("2.25.9.9", "2.25.9", "2.25.9.1"), edited);
            assertThat(DicomArchive.dataSetBytes(edited))
                    .isEqualTo(DicomArchive.dataSetBytes(archive.files().get("2.25.71.1.2")));
        }
    }

    @Test
    void aNodeThatRejectsFerryOrIsNotThereIsAnEndpointExceptionNamingItAndWhy() throws Exception {
        try (Dcmqrscp node = start();
             DicomSource wrongAe = new DicomSource("archive", DicomArchive.node("WRONG", node.port(), 1), Retrieve.GET,
                     name -> null)) {
            SourceInstance instance = new SourceInstance("2.25.71.1.1", "", "2.25.71", "2.25.71.1",
                    DicomLocator.of("2.25.71", "2.25.71.1", "2.25.71.1.1"), -1);

            assertThatThrownBy(() -> listAll(wrongAe, ReplicationQuery.ALL)).isInstanceOf(EndpointException.class)
                    .hasMessageContaining("DICOM WRONG@127.0.0.1:" + node.port())
                    .hasMessageContaining("called-AE-title-not-recognized")
                    .extracting(e -> ((EndpointException) e).side()).isEqualTo(EndpointException.Side.SOURCE);
            assertThatThrownBy(() -> wrongAe.fetch(instance, dir.resolve("x.dcm")))
                    .isInstanceOf(EndpointException.class).hasMessageContaining("called-AE-title-not-recognized");
        }
        int closedPort = FreePorts.next();
        try (DicomSource absent = new DicomSource("archive", DicomArchive.node(AE, closedPort, 1), Retrieve.GET,
                name -> null)) {
            assertThatThrownBy(() -> listAll(absent, ReplicationQuery.ALL)).isInstanceOf(EndpointException.class)
                    .hasMessageContaining("DICOM ARCHIVE@127.0.0.1:" + closedPort)
                    .hasMessageContaining("cannot connect");
        }
    }

    @Test
    void theChangeFeedFindsAStudyDatedTodayAndNotTheOldOnes() throws Exception {
        String today = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
        DicomArchive added = new DicomArchive(dir.resolve("added"))
                .series("PID9", "2.25.79", today, "2.25.79.1", "MR", 2, 1_000);
        try (Dcmqrscp node = start(); DicomSource source = source(node, 1)) {
            ChangeFeed feed = source.changes(ReplicationQuery.ALL).orElseThrow();
            long cursor = feed.latest();
            ChangeFeed.Page before = feed.after(cursor);

            store(node, added);
            ChangeFeed.Page after = feed.after(before.cursor());

            assertThat(cursor / DicomDateFeed.POSITIONS).isEqualTo(LocalDate.now().toEpochDay());
            assertThat(before.instances()).isEmpty();
            assertThat(before.more()).isFalse();
            assertThat(after.instances()).extracting(SourceInstance::sopInstanceUid)
                    .containsExactlyInAnyOrder("2.25.79.1.1", "2.25.79.1.2");
            assertThat(after.cursor()).isEqualTo(feed.latest());
            assertThatThrownBy(() -> feed.after(cursor - 40 * DicomDateFeed.POSITIONS))
                    .isInstanceOf(FeedTruncatedException.class);
        }
    }

    @Test
    void aPassOfTheChangeFeedGoesOnPageByPageAlsoInANewFeedFromItsCursor() throws Exception {
        String today = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
        String yesterday = LocalDate.now().minusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE);
        DicomArchive added = new DicomArchive(dir.resolve("added"))
                .series("PID9", "2.25.77", today, "2.25.77.1", "MR", 2, 100)
                .series("PID9", "2.25.78", yesterday, "2.25.78.1", "CT", 1, 100)
                .series("PID9", "2.25.79", today, "2.25.79.1", "MR", 1, 100);
        try (Dcmqrscp node = start()) {
            store(node, added);
            DicomNode dicom = new DicomNode("archive", DicomArchive.node(node.aeTitle(), node.port(), 1),
                    name -> null, EndpointException.Side.SOURCE);
            DicomDateFeed feed = new DicomDateFeed(dicom, Clock.systemDefaultZone(), 1);
            long today0 = feed.latest();

            ChangeFeed.Page first = feed.after(today0);
            ChangeFeed.Page second = new DicomDateFeed(dicom, Clock.systemDefaultZone(), 1).after(first.cursor());
            ChangeFeed.Page third = feed.after(second.cursor());

            assertThat(first.instances()).extracting(SourceInstance::sopInstanceUid)
                    .containsExactlyInAnyOrder("2.25.77.1.1", "2.25.77.1.2");
            assertThat(first.more()).isTrue();
            assertThat(first.cursor()).isEqualTo(today0 + 1);
            assertThat(second.instances()).extracting(SourceInstance::sopInstanceUid).containsExactly("2.25.78.1.1");
            assertThat(second.more()).isTrue();
            assertThat(third.instances()).extracting(SourceInstance::sopInstanceUid).containsExactly("2.25.79.1.1");
            assertThat(third.more()).isFalse();
            assertThat(third.cursor()).isEqualTo(today0);
        }
    }

    /** Stores the archive's files at the node with C-STORE (dcmqrscp keeps what it is sent). */
    static void store(Dcmqrscp node, DicomArchive objects) throws IOException {
        List<StoreScu.FileToSend> files = new ArrayList<>();
        for (Path file : objects.files().values()) {
            files.add(StoreScu.inspect(file));
        }
        try (Association association = Requestor.connect(new RequestorSettings("MODALITY", node.aeTitle(),
                "127.0.0.1", node.port(), StoreScu.contexts(files), 0, null, Timeouts.DEFAULT, null))) {
            Set<String> stored = new HashSet<>();
            StoreScu.sendAll(association, files, result -> {
                if (result.ok()) {
                    stored.add(result.file().sopInstanceUid());
                }
            });
            assertThat(stored).as(node.logText()).hasSize(files.size());
        }
    }


    @Test
    void theProposalFitsOneAssociationWhateverClassComesFirst() {
        for (String first : List.of("", "1.2.840.10008.5.1.4.1.1.4", "1.2.3.4.5.6.7")) {
            Map<String, Set<String>> storage = GetProposals.storage(first, List.of("1.2.3.9", "1.2.3.8"));
            assertThat(GetProposals.proposal(storage).contexts().size()).isLessThanOrEqualTo(128);
            if (!first.isEmpty()) {
                assertThat(storage.keySet().iterator().next()).isEqualTo(first);
            }
            assertThat(storage).containsKeys("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.88.22");
        }
    }
}
