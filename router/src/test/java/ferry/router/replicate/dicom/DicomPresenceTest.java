package ferry.router.replicate.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.testing.Dcmqrscp;
import ferry.core.testing.Storescp;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.PresenceUnknownException;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DicomPresence} against dcmtk's dcmqrscp: of a batch mixing instances the node holds with ones it does not
 * (in a series it has, a series or study it has not), exactly the held ones come back, also when the UIDs of one
 * series need several C-FINDs; instances without Study or Series UIDs count as not held; a storescp (C-STORE only)
 * cannot say what it holds; a node that rejects Ferry is a destination failure naming it.
 */
class DicomPresenceTest {
    @TempDir
    Path dir;

    DicomArchive archive;

    @BeforeEach
    void writeArchive() throws IOException {
        archive = DicomArchive.sample(dir.resolve("objects"));
    }

    static SourceInstance instance(String study, String series, String sop) {
        return new SourceInstance(sop, "", study, series, "", -1);
    }

    @Test
    void ofAMixedBatchExactlyTheHeldInstancesAreHeld() throws Exception {
        List<SourceInstance> batch = List.of(
                instance("2.25.71", "2.25.71.1", "2.25.71.1.1"),
                instance("2.25.71", "2.25.71.1", "2.25.71.1.9"), // a series it has, not this instance
                instance("2.25.71", "2.25.71.2", "2.25.71.2.2"),
                instance("2.25.71", "2.25.71.3", "2.25.71.3.1"), // a series it has not
                instance("2.25.72", "2.25.72.1", "2.25.72.1.1"),
                instance("2.25.79", "2.25.79.1", "2.25.79.1.1"), // a study it has not
                instance("2.25.71", "2.25.71.1", "2.25.71.1.3"),
                instance("2.25.71", "2.25.71.1", "2.25.71.1.3"), // twice in the batch
                instance("", "", "2.25.72.1.2"), // held, but without the UIDs to ask by
                instance("2.25.72", "2.25.72.2", "2.25.72.1.2")); // held, but in another series than given
        try (Dcmqrscp node = Dcmqrscp.start(dir, "ARCHIVE", List.copyOf(archive.files().values()));
             DicomPresence presence = new DicomPresence("archive", DicomArchive.node(node.aeTitle(), node.port(), 1),
                     name -> null)) {
            Set<String> held = presence.held(batch);
            Set<String> again = presence.held(batch.subList(0, 3));

            assertThat(held).as(node.logText())
                    .containsExactlyInAnyOrder("2.25.71.1.1", "2.25.71.2.2", "2.25.72.1.1", "2.25.71.1.3");
            assertThat(again).containsExactlyInAnyOrder("2.25.71.1.1", "2.25.71.2.2");
        }
    }

    @Test
    void aSeriesAskedForMoreUidsThanOneKeyHoldsIsAskedInParts() throws Exception {
        List<SourceInstance> batch = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            batch.add(instance("2.25.71", "2.25.71.1", "2.25.71.1.1000000000000000000000." + i));
        }
        batch.add(instance("2.25.71", "2.25.71.1", "2.25.71.1.2"));
        batch.add(0, instance("2.25.71", "2.25.71.1", "2.25.71.1.1"));
        Set<String> uids = new LinkedHashSet<>();
        batch.forEach(i -> uids.add(i.sopInstanceUid()));
        assertThat(DicomPresence.lists(uids)).hasSizeGreaterThan(1)
                .allSatisfy(list -> assertThat(String.join("\\", list).length())
                        .isLessThanOrEqualTo(DicomPresence.MAX_LIST_BYTES));
        try (Dcmqrscp node = Dcmqrscp.start(dir, "ARCHIVE", List.copyOf(archive.files().values()));
             DicomPresence presence = new DicomPresence("archive", DicomArchive.node(node.aeTitle(), node.port(), 1),
                     name -> null)) {
            assertThat(presence.held(batch)).as(node.logText())
                    .containsExactlyInAnyOrder("2.25.71.1.1", "2.25.71.1.2");
        }
    }

    @Test
    void aStorescpThatTakesNoCFindCannotSayWhatItHoldsAndSaysSo() throws Exception {
        try (Storescp storescp = Storescp.start(dir);
             DicomPresence presence = new DicomPresence("store", DicomArchive.node(Storescp.AE_TITLE, storescp.port(),
                     1), name -> null)) {
            assertThatThrownBy(() -> presence.held(List.of(instance("2.25.71", "2.25.71.1", "2.25.71.1.1"))))
                    .isInstanceOf(PresenceUnknownException.class)
                    .hasMessageContaining("DICOM SCP@127.0.0.1:" + storescp.port())
                    .hasMessageContaining("Study Root Query/Retrieve Information Model - FIND")
                    .hasMessageContaining("cannot say what it holds");
        }
    }

    @Test
    void aNodeThatRejectsFerryIsADestinationFailureNamingIt() throws Exception {
        try (Dcmqrscp node = Dcmqrscp.start(dir, "ARCHIVE", List.copyOf(archive.files().values()));
             DicomPresence presence = new DicomPresence("archive", DicomArchive.node("ELSEWHERE", node.port(), 1),
                     name -> null)) {
            assertThatThrownBy(() -> presence.held(List.of(instance("2.25.71", "2.25.71.1", "2.25.71.1.1"))))
                    .isInstanceOf(EndpointException.class)
                    .hasMessageContaining("DICOM ELSEWHERE@127.0.0.1:" + node.port())
                    .hasMessageContaining("called-AE-title-not-recognized")
                    .extracting(e -> ((EndpointException) e).side()).isEqualTo(EndpointException.Side.DESTINATION);
        }
    }
}
