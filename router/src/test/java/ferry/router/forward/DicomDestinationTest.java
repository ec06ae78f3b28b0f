package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.core.testing.Peers;
import ferry.core.testing.Storescp;
import ferry.net.pdu.AAssociateRj;
import ferry.router.testing.TcpRelay;
import ferry.router.testing.TestStudy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DicomDestination} against dcmtk's storescp: what arrives, how associations are used, what fails how. */
class DicomDestinationTest {
    private static final Path PYDICOM_TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    /** Modality Worklist Information Model - FIND: no storage SOP class, so storescp does not accept it. */
    static final String WORKLIST = "1.2.840.10008.5.1.4.31";

    @TempDir
    Path dir;

    static DestinationConfig.Dicom config(int port, int maxParallel, Duration idleTimeout) {
        return new DestinationConfig.Dicom(Storescp.AE_TITLE, "127.0.0.1", port, "FERRY", maxParallel, idleTimeout,
                Duration.ofSeconds(30), null);
    }

    static int count(String text, String line) {
        Matcher m = Pattern.compile(Pattern.quote(line)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void fiftyObjectsArriveIdenticalOverOneAssociationReleasedWhenIdle() throws Exception {
        List<Path> files = TestStudy.of("P1", "2.25.501", 50).write(dir.resolve("out"));
        try (Storescp storescp = Storescp.start(dir, "-v");
             DicomDestination pacs = new DicomDestination("pacs", config(storescp.port(), 2,
                     Duration.ofMillis(500)), null)) {
            for (Path file : files) {
                Delivery delivery = pacs.deliver(Outgoing.of(file));
                assertThat(delivery.result()).as(delivery.detail()).isEqualTo(Delivery.Result.DELIVERED);
                assertThat(delivery.detail()).isEqualTo("SCP@127.0.0.1:" + storescp.port() + " answered 0x0000 "
                        + "Success");
            }

            Map<String, DataSet> stored = Outgoing.bySopInstanceUid(storescp.out());
            assertThat(stored).hasSize(50);
            for (Path file : files) {
                DataSet sent = Outgoing.dataSet(file);
                assertThat(stored.get(sent.getString(Tags.SOPInstanceUID))).isEqualTo(sent);
            }
            assertThat(count(storescp.logText(), "Association Acknowledged")).as(storescp.logText()).isEqualTo(1);
            Await.until("the idle association is released", () -> count(storescp.logText(),
                    "Association Release") == 1);
        }
    }

    /** What one object sent to a storescp with {@code options} came to; its port, and where it stored. */
    record Attempt(Path sent, Delivery delivery, int port, Path out) {
    }

    Attempt deliverOne(String... options) throws Exception {
        Path file = TestStudy.of("P2", "2.25.502", 1).write(dir.resolve("out")).get(0);
        try (Storescp storescp = Storescp.start(dir, options);
             DicomDestination pacs = new DicomDestination("pacs", config(storescp.port(), 1, Duration.ofSeconds(30)),
                     null)) {
            return new Attempt(file, pacs.deliver(Outgoing.of(file)), storescp.port(), storescp.out());
        }
    }

    @Test
    void anUncompressedObjectIsConvertedWhenThePeerTakesOnlyImplicitVrLittleEndian() throws Exception {
        Attempt attempt = deliverOne("+xi");

        assertThat(attempt.delivery().result()).as(attempt.delivery().detail()).isEqualTo(Delivery.Result.DELIVERED);
        Path stored;
        try (Stream<Path> files = Files.list(attempt.out())) {
            stored = files.findFirst().orElseThrow();
        }
        assertThat(DicomReader.read(stored, ReadOptions.IN_MEMORY).transferSyntax())
                .isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(Outgoing.dataSet(stored)).isEqualTo(Outgoing.dataSet(attempt.sent()));
    }

    @Test
    void parallelDeliveriesUseAtMostMaxParallelAssociationsAndReuseThem() throws Exception {
        List<Path> files = new TestStudy("P3", "2.25.503", 1, 12, 2048).write(dir.resolve("out"));
        // storescp serves each association in a child process and takes a second per object, so the six senders
        // below overlap and would open six associations if nothing held them to three
        try (Storescp storescp = Storescp.start(dir, "--fork", "--sleep-after", "1");
             TcpRelay relay = TcpRelay.start(storescp.port());
             DicomDestination pacs = new DicomDestination("pacs", config(relay.port(), 3, Duration.ofSeconds(30)),
                     null)) {
            ExecutorService senders = Executors.newFixedThreadPool(6);
            try {
                List<Future<Delivery>> deliveries = new ArrayList<>();
                for (Path file : files) {
                    deliveries.add(senders.submit(() -> pacs.deliver(Outgoing.of(file))));
                }
                for (Future<Delivery> delivery : deliveries) {
                    assertThat(delivery.get().result()).as(delivery.get().detail())
                            .isEqualTo(Delivery.Result.DELIVERED);
                }
            } finally {
                senders.shutdownNow();
            }

            assertThat(relay.mostAtOnce()).isEqualTo(3);
            assertThat(relay.connections()).isEqualTo(3);
            assertThat(Outgoing.bySopInstanceUid(storescp.out())).hasSize(12);
        }
    }

    @Test
    void aSopClassThePeerDoesNotTakeIsRejectedWithTheReasonAndOthersStillGo() throws Exception {
        Path mr = TestStudy.of("P4", "2.25.504", 1).write(dir.resolve("out")).get(0);
        DataSet worklistItem = new DataSet();
        worklistItem.setString(Tags.SOPClassUID, Vr.UI, WORKLIST);
        worklistItem.setString(Tags.SOPInstanceUID, Vr.UI, "2.25.504.9");
        worklistItem.setString(Tags.PatientID, Vr.LO, "P4");
        Path worklist = dir.resolve("out/worklist.dcm");
        DicomWriter.writeFile(worklist, new DataSet(), worklistItem, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        try (Storescp storescp = Storescp.start(dir, "-v");
             DicomDestination pacs = new DicomDestination("pacs", config(storescp.port(), 2, Duration.ofSeconds(30)),
                     null)) {
            Delivery before = pacs.deliver(Outgoing.of(mr));
            Delivery refused = pacs.deliver(Outgoing.of(worklist));
            Delivery again = pacs.deliver(Outgoing.of(worklist));
            Delivery after = pacs.deliver(Outgoing.of(mr));

            assertThat(before.result()).isEqualTo(Delivery.Result.DELIVERED);
            assertThat(refused.result()).as(refused.detail()).isEqualTo(Delivery.Result.REJECTED);
            assertThat(refused.detail()).isEqualTo("SCP@127.0.0.1:" + storescp.port() + ": no accepted presentation "
                    + "context for Modality Worklist Information Model - FIND can carry it");
            assertThat(again).isEqualTo(refused);
            assertThat(after.result()).as(after.detail()).isEqualTo(Delivery.Result.DELIVERED);
            // storescp writes its log line a moment after it answered
            Await.until("storescp logged four associations",
                    () -> count(storescp.logText(), "Association Acknowledged") >= 4);
            assertThat(count(storescp.logText(), "Association Acknowledged"))
                    .as("each refusal is the answer of an association negotiated for it, released after it")
                    .isEqualTo(4);
        }
    }

    @Test
    void anObjectRefusedBeforeThePeerWasReconfiguredGoesOnANewAssociationAfterwards() throws Exception {
        Path mr = TestStudy.of("P8", "2.25.508", 1).write(dir.resolve("out")).get(0);
        Path jpeg = Files.copy(Peers.requireFile(PYDICOM_TEST_FILES.resolve("SC_rgb_jpeg_dcmtk.dcm"),
                "apt-get install python3-pydicom"), dir.resolve("jpeg.dcm"));
        // implicit VR little endian only: no context can carry the JPEG object as it is
        try (Storescp storescp = Storescp.start(dir, "+xi");
             DicomDestination pacs = new DicomDestination("pacs", config(storescp.port(), 1, Duration.ofMinutes(10)),
                     null)) {
            assertThat(pacs.deliver(Outgoing.of(mr)).result()).isEqualTo(Delivery.Result.DELIVERED);
            Delivery refused = pacs.deliver(Outgoing.of(jpeg));
            assertThat(refused.result()).as(refused.detail()).isEqualTo(Delivery.Result.REJECTED);
            assertThat(refused.detail()).contains("no accepted presentation context");

            storescp.stop();
            storescp.restartWith("+xa"); // the peer fixed: every transfer syntax it knows
            Delivery fixed = pacs.deliver(Outgoing.of(jpeg));

            assertThat(fixed.result()).as(fixed.detail()).isEqualTo(Delivery.Result.DELIVERED);
            DataSet sent = Outgoing.dataSet(jpeg);
            assertThat(Outgoing.bySopInstanceUid(storescp.out()).get(sent.getString(Tags.SOPInstanceUID)))
                    .isEqualTo(sent);
        }
    }

    @Test
    void aResetReleasesThePooledAssociationAndTheNextObjectNegotiatesANewOne() throws Exception {
        List<Path> files = TestStudy.of("P9", "2.25.509", 2).write(dir.resolve("out"));
        try (Storescp storescp = Storescp.start(dir, "-v");
             DicomDestination pacs = new DicomDestination("pacs", config(storescp.port(), 1, Duration.ofMinutes(10)),
                     null)) {
            assertThat(pacs.deliver(Outgoing.of(files.get(0))).result()).isEqualTo(Delivery.Result.DELIVERED);

            pacs.reset();
            Await.until("the pooled association released", () -> count(storescp.logText(),
                    "Association Release") == 1);
            Delivery next = pacs.deliver(Outgoing.of(files.get(1)));

            assertThat(next.result()).as(next.detail()).isEqualTo(Delivery.Result.DELIVERED);
            Await.until("storescp logged the second association",
                    () -> count(storescp.logText(), "Association Acknowledged") == 2);
            assertThat(Outgoing.bySopInstanceUid(storescp.out())).hasSize(2);
        }
    }

    @Test
    void aPeerThatIsDownFailsTheDeliveryAndOnceUpTakesItAndADroppedAssociationIsReplacedWithoutFailing()
            throws Exception {
        List<Path> files = TestStudy.of("P5", "2.25.505", 3).write(dir.resolve("out"));
        try (Storescp storescp = Storescp.start(dir, "-v");
             DicomDestination pacs = new DicomDestination("pacs", config(storescp.port(), 2, Duration.ofSeconds(30)),
                     null)) {
            assertThat(pacs.deliver(Outgoing.of(files.get(0))).result()).isEqualTo(Delivery.Result.DELIVERED);
            storescp.stop(); // the pooled association's connection is gone
            storescp.restart();
            Delivery replaced = pacs.deliver(Outgoing.of(files.get(1)));
            storescp.stop();
            Delivery down = pacs.deliver(Outgoing.of(files.get(2)));
            storescp.restart();
            Delivery up = pacs.deliver(Outgoing.of(files.get(2)));

            assertThat(replaced.result()).as(replaced.detail()).isEqualTo(Delivery.Result.DELIVERED);
            assertThat(down.result()).isEqualTo(Delivery.Result.FAILED);
            assertThat(down.detail()).startsWith("SCP@127.0.0.1:" + storescp.port() + ": cannot connect");
            assertThat(up.result()).as(up.detail()).isEqualTo(Delivery.Result.DELIVERED);
            assertThat(Outgoing.bySopInstanceUid(storescp.out())).hasSize(3);
        }
    }

    @Test
    void anAbortedAssociationFails() throws Exception {
        Delivery delivery = deliverOne("--abort-after").delivery();

        assertThat(delivery.result()).isEqualTo(Delivery.Result.FAILED);
        assertThat(delivery.detail()).contains("aborted the association");
    }

    @Test
    void aPeerThatRefusesTheAssociationRejects() throws Exception {
        Attempt attempt = deliverOne("--refuse");

        assertThat(attempt.delivery()).isEqualTo(Delivery.rejected("SCP@127.0.0.1:" + attempt.port()
                + ": association rejected, rejected-permanent by DICOM UL service-user: no-reason-given "
                + "(PS3.8 §9.3.4)"));
    }

    @Test
    void aFileThatIsNotDicomIsRejectedWithoutConnecting() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.dcm"), "not DICOM at all");
        try (DicomDestination pacs = new DicomDestination("pacs", config(1, 1, Duration.ofSeconds(30)), null)) {
            Delivery delivery = pacs.deliver(new OutgoingObject(junk, TestStudy.MR, "2.25.1", "1.2.840.10008.1.2.1",
                    "SCANNER", ""));

            assertThat(delivery.result()).isEqualTo(Delivery.Result.REJECTED);
            assertThat(delivery.detail()).startsWith("cannot send " + junk);
        }
    }

    @Test
    void aTransientRejectionAndOneForLackOfResourcesFailButAPermanentOneRejects() {
        String peer = "PACS@10.0.0.9:104";
        Delivery calledAe = DicomDestination.rejection(new AAssociateRj(
                AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_USER,
                AAssociateRj.CALLED_AE_NOT_RECOGNIZED), peer);
        Delivery busy = DicomDestination.rejection(new AAssociateRj(
                AAssociateRj.Result.REJECTED_TRANSIENT, AAssociateRj.Source.SERVICE_USER,
                AAssociateRj.NO_REASON), peer);
        Delivery limit = DicomDestination.rejection(new AAssociateRj(
                AAssociateRj.Result.REJECTED_PERMANENT,
                AAssociateRj.Source.SERVICE_PROVIDER_PRESENTATION,
                AAssociateRj.LOCAL_LIMIT_EXCEEDED), peer);

        assertThat(calledAe).isEqualTo(Delivery.rejected("PACS@10.0.0.9:104: association rejected, rejected-permanent "
                + "by DICOM UL service-user: called-AE-title-not-recognized (PS3.8 §9.3.4)"));
        assertThat(busy.result()).isEqualTo(Delivery.Result.FAILED);
        assertThat(limit.result()).isEqualTo(Delivery.Result.FAILED);
        assertThat(limit.detail()).contains("local-limit-exceeded");
    }
}
