package ferry.router.receive;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Priority;
import ferry.net.dimse.Status;
import ferry.router.events.FerryEvent;
import ferry.router.events.InstanceReceived;
import ferry.router.events.InstanceRefused;
import ferry.router.events.Events;
import ferry.router.journal.Durability;
import ferry.router.journal.ReceivedRecord;
import ferry.router.journal.UnfinishedObject;
import ferry.router.testing.ReceiveCore;
import ferry.router.testing.TestStudy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ReceivePipeline#store}, the C-STORE handler, against a real journal, spool and routing: an object is
 * spooled, routed and recorded before its success status, and handed to the actions only then; whatever is refused
 * leaves neither a file nor a record.
 */
class ReceivePipelineTest {
    @TempDir
    Path dir;

    static final AssociationInfo SCANNER = new AssociationInfo("SCANNER", "FERRY",
            new InetSocketAddress("127.0.0.1", 4000), List.of(), 0, null, false);
    static final AssociationInfo STRANGER = new AssociationInfo("STRANGER", "FERRY",
            new InetSocketAddress("127.0.0.1", 4001), List.of(), 0, null, false);
    static final String ROUTES = """
            routes:
              - name: scanner
                when: {calling: SCANNER}
                store: {folder: store}
            """;

    private ReceiveCore core;
    private final List<ReceivedObject> handed = new ArrayList<>();
    private final ReceiveCounters counters = new ReceiveCounters();
    private final List<FerryEvent> published = new CopyOnWriteArrayList<>();

    private ReceivePipeline pipeline(Durability durability, long minimumFree) throws IOException {
        core = ReceiveCore.open(dir, durability, ROUTES);
        Events events = new Events();
        events.listen(counters);
        events.listen(published::add);
        return new ReceivePipeline(core.spool, new DiskWatermark(core.spool.folder(), minimumFree),
                () -> core.routing, core.journal, handed::add, events);
    }

    @AfterEach
    void close() throws IOException {
        if (core != null) {
            core.close();
        }
    }

    private static Status send(ReceivePipeline pipeline, AssociationInfo association, DataSet object, byte[] bytes)
            throws IOException {
        CStoreRq request = new CStoreRq(1, object.getString(Tags.SOPClassUID), object.getString(Tags.SOPInstanceUID),
                Priority.MEDIUM);
        return pipeline.store(association, new PresentationContext(1, TestStudy.MR,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), request, new ByteArrayInputStream(bytes));
    }

    private static byte[] encode(DataSet object) throws IOException {
        return SpoolTest.encode(object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void anObjectIsSpooledAndRecordedWithItsRoutesBeforeItsSuccessAndOnlyThenHandedToTheActions(
            Durability durability) throws IOException {
        ReceivePipeline pipeline = pipeline(durability, 0);
        DataSet object = TestStudy.of("P1", "2.25.9100", 1).object(1, 1);

        Status status = send(pipeline, SCANNER, object, encode(object));

        assertThat(status).isEqualTo(Status.SUCCESS);
        assertThat(handed).singleElement().satisfies(received -> {
            ReceivedRecord record = received.record();
            assertThat(record.routes()).containsExactly("scanner");
            assertThat(record.sopInstanceUid()).isEqualTo(object.getString(Tags.SOPInstanceUID));
            assertThat(record.callingAeTitle()).isEqualTo("SCANNER");
            assertThat(record.size()).isEqualTo(Files.size(record.spoolFile()));
            assertThat(DicomReader.read(record.spoolFile(), ReadOptions.IN_MEMORY).dataSet()).isEqualTo(object);
            assertThat(received.header().getString(Tags.PatientID)).isEqualTo("P1");
            assertThat(received.routing()).isSameAs(core.routing);
            assertThat(core.journal.unfinished()).containsExactly(new UnfinishedObject(received.journalId(),
                    record, List.of()));
            if (durability == Durability.POWER) {
                assertThat(record.spoolChecksum()).isEqualTo(crc32c(record.spoolFile()));
                assertThat(core.spool.fileSyncs()).as("the spool file, before the response").isEqualTo(1);
            } else {
                assertThat(record.hasSpoolChecksum()).isFalse();
                assertThat(core.spool.fileSyncs()).isZero();
            }
        });
        int dataSet = encode(object).length;
        assertThat(counters.perRoute()).containsEntry("scanner", new ReceiveCounters.Count(1, dataSet));
        assertThat(published).singleElement().isInstanceOfSatisfying(InstanceReceived.class, received -> {
            assertThat(received.routes()).containsExactly("scanner");
            assertThat(received.bytes()).isEqualTo(dataSet);
            assertThat(received.callingAeTitle()).isEqualTo("SCANNER");
            assertThat(received.association()).as("no association watch: no number").isZero();
            assertThat(received.storeNanos()).isPositive();
        });
    }

    @Test
    void anObjectNoRouteTakesIsRecordedUnroutedAndAcknowledged() throws IOException {
        ReceivePipeline pipeline = pipeline(Durability.PROCESS, 0);
        DataSet object = TestStudy.of("P2", "2.25.9101", 1).object(1, 1);

        assertThat(send(pipeline, STRANGER, object, encode(object))).isEqualTo(Status.SUCCESS);

        assertThat(handed).singleElement().satisfies(received -> assertThat(received.record().unrouted()).isTrue());
        assertThat(core.journal.counts().unrouted()).isEqualTo(1);
    }

    @Test
    void anUnreadableDataSetIsRefusedAndLeavesNeitherAFileNorARecord() throws IOException {
        ReceivePipeline pipeline = pipeline(Durability.PROCESS, 0);
        DataSet object = TestStudy.of("P3", "2.25.9102", 1).object(1, 1);
        byte[] truncated = Arrays.copyOf(encode(object), 40);

        Status status = send(pipeline, SCANNER, object, truncated);

        assertThat(status.isSuccessOrWarning()).as(status.toString()).isFalse();
        assertThat(handed).isEmpty();
        assertThat(SpoolTest.objectNames(core.spool)).isEmpty();
        assertThat(core.journal.unfinished()).isEmpty();
        assertThat(core.journal.counts().objects()).isZero();
        assertThat(counters.unreadable()).isEqualTo(1);
        assertThat(published).singleElement().isInstanceOfSatisfying(InstanceRefused.class, refused -> {
            assertThat(refused.status()).isEqualTo(status.code());
            assertThat(refused.sopInstanceUid()).isEqualTo(object.getString(Tags.SOPInstanceUID));
        });
    }

    @Test
    void underTheFreeDiskMinimumAnObjectIsRefusedOutOfResourcesBeforeAByteIsWritten() throws IOException {
        ReceivePipeline pipeline = pipeline(Durability.PROCESS, Long.MAX_VALUE);
        DataSet object = TestStudy.of("P4", "2.25.9103", 1).object(1, 1);

        Status status = send(pipeline, SCANNER, object, encode(object));

        assertThat(status.code()).isEqualTo(Status.OUT_OF_RESOURCES.code());
        assertThat(handed).isEmpty();
        assertThat(SpoolTest.objectNames(core.spool)).isEmpty();
        assertThat(core.journal.counts().objects()).isZero();
        assertThat(counters.refusedForDisk()).isEqualTo(1);
        assertThat(published).singleElement().isInstanceOfSatisfying(InstanceRefused.class, refused -> {
            assertThat(refused.statusHex()).isEqualTo("0xA700");
            assertThat(refused.reason()).contains("free disk under the configured minimum");
        });
    }

    private static long crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(Files.readAllBytes(file));
        return crc.getValue();
    }
}
