package ferry.router.replicate.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ferry.core.testing.Dcmqrscp;
import ferry.core.testing.Storescp;
import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationRejectedException;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.pdu.AAssociateRj;
import ferry.net.service.StoreScu;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.InstanceException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.Retrieve;
import ferry.router.replicate.SourceInstance;
import ferry.core.testing.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@link DicomSource} fetching by C-MOVE from dcmtk's dcmqrscp to Ferry's own move destination: the data set bytes
 * put in arrive, also from several threads at once; the listener answers to the move AE title alone and refuses an
 * object no fetch asked for; a node that does not know the move destination, one that sends the object elsewhere,
 * one that cannot send it, an instance the node lacks and a port in use are the failures the replication reports.
 */
class DicomMoveTest {
    static final String AE = "ARCHIVE";
    static final String MOVE_AE = "FERRYMOVE";

    @TempDir
    Path dir;

    DicomArchive archive;
    int movePort;

    @BeforeEach
    void writeArchive() throws IOException {
        archive = DicomArchive.sample(dir.resolve("objects"));
        movePort = FreePorts.next();
    }

    /** dcmqrscp knowing {@value #MOVE_AE} at {@code port}. */
    Dcmqrscp start(int port) throws IOException, InterruptedException {
        return Dcmqrscp.start(dir, AE, List.copyOf(archive.files().values()),
                List.of(new Dcmqrscp.MoveDestination(MOVE_AE, port)));
    }

    DicomSource source(Dcmqrscp node, int maxParallel) {
        return new DicomSource("archive", DicomArchive.node(node.aeTitle(), node.port(), maxParallel),
                new Retrieve.Move(MOVE_AE, InetAddress.getLoopbackAddress(), movePort), name -> null);
    }

    static SourceInstance instance(String study, String series, String sopInstance) {
        return new SourceInstance(sopInstance, "", study, series, DicomLocator.of(study, series, sopInstance), -1);
    }

    @Test
    void fetchByMoveWritesThePart10FileWithTheDataSetPutIn() throws Exception {
        try (Dcmqrscp node = start(movePort); DicomSource source = source(node, 2)) {
            List<SourceInstance> all = DicomSourceTest.listAll(source, ReplicationQuery.ALL);
            Path fetched = dir.resolve("fetched");

            archive.assertFetchedAsPutIn(source, all, fetched);

            try (Stream<Path> left = Files.list(fetched)) {
                assertThat(left).hasSize(all.size()); // no .part files left behind
            }
        }
    }

    @Test
    void fetchesByMoveFromSeveralThreadsAtOnceEachGetTheirOwnInstance() throws Exception {
        try (Dcmqrscp node = start(movePort); DicomSource source = source(node, 3)) {
            archive.assertFetchedAtOnceAsPutIn(source, DicomSourceTest.listAll(source, ReplicationQuery.ALL), 2,
                    dir.resolve("fetched"));
        }
    }

    @Test
    void aCompressedInstanceTheNodeCannotSendIsAnInstanceExceptionNamingTheFailedSubOperation() throws Exception {
        Path jpeg = DicomArchive.jpegImage(dir, "2.25.75", "2.25.75.1", "2.25.75.1.1");
        // dcmqrscp proposes the uncompressed syntaxes alone for its C-STORE, and cannot decompress (as for C-GET)
        try (Dcmqrscp node = Dcmqrscp.start(dir, AE, List.of(jpeg),
                List.of(new Dcmqrscp.MoveDestination(MOVE_AE, movePort)));
             DicomSource source = source(node, 1)) {
            assertThatThrownBy(() -> source.fetch(instance("2.25.75", "2.25.75.1", "2.25.75.1.1"),
                    dir.resolve("x.dcm")))
                    .isInstanceOf(InstanceException.class).hasMessageContaining("0xA702")
                    .hasMessageContaining("1 failed")
                    .hasMessageContaining("no C-STORE came to " + MOVE_AE + " at port " + movePort);
        }
    }

    @Test
    void aNodeThatDoesNotKnowTheMoveDestinationIsAnEndpointExceptionNamingTheAeTitleToEnter() throws Exception {
        try (Dcmqrscp node = Dcmqrscp.start(dir, AE, List.copyOf(archive.files().values()));
             DicomSource source = source(node, 1)) {
            assertThatThrownBy(() -> source.fetch(instance("2.25.71", "2.25.71.1", "2.25.71.1.1"),
                    dir.resolve("x.dcm")))
                    .isInstanceOf(EndpointException.class)
                    .hasMessageContaining("DICOM ARCHIVE@127.0.0.1:" + node.port())
                    .hasMessageContaining("does not know the move destination " + MOVE_AE)
                    .hasMessageContaining("0xA801").hasMessageContaining("port " + movePort)
                    .extracting(e -> ((EndpointException) e).side()).isEqualTo(EndpointException.Side.SOURCE);
        }
    }

    @Test
    void anObjectTheNodeSendsElsewhereIsAnInstanceExceptionSayingNothingCame() throws Exception {
        // the node's entry for FERRYMOVE names another Storage SCP, which takes the object: "1 completed"
        try (Storescp elsewhere = Storescp.start(dir); Dcmqrscp node = start(elsewhere.port());
             DicomSource source = source(node, 1)) {
            SourceInstance instance = instance("2.25.71", "2.25.71.2", "2.25.71.2.1");
            Path target = dir.resolve("x.dcm");

            assertThatThrownBy(() -> source.fetch(instance, target)).isInstanceOf(InstanceException.class)
                    .hasMessageContaining("the C-MOVE of 2.25.71/2.25.71.2/2.25.71.2.1")
                    .hasMessageContaining("1 completed")
                    .hasMessageContaining("nothing came to " + MOVE_AE + " at port " + movePort)
                    .hasMessageContaining("sent it elsewhere");
            assertThat(target).doesNotExist();
        }
    }

    @Test
    void anInstanceTheNodeDoesNotHaveIsAnInstanceExceptionAndTheNextStillComes() throws Exception {
        try (Dcmqrscp node = start(movePort); DicomSource source = source(node, 1)) {
            Path target = dir.resolve("x.dcm");

            assertThatThrownBy(() -> source.fetch(instance("2.25.71", "2.25.71.1", "2.25.71.1.99"), target))
                    .isInstanceOf(InstanceException.class).hasMessageContaining("2.25.71.1.99")
                    .hasMessageContaining("a C-MOVE at IMAGE level matched nothing");
            assertThat(target).doesNotExist();

            source.fetch(instance("2.25.71", "2.25.71.1", "2.25.71.1.2"), target);
            assertThat(DicomArchive.dataSetBytes(target))
                    .isEqualTo(DicomArchive.dataSetBytes(archive.files().get("2.25.71.1.2")));
        }
    }

    @Test
    void aMovePortInUseIsAnEndpointExceptionNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(movePort, 1, InetAddress.getLoopbackAddress());
             Dcmqrscp node = start(movePort); DicomSource source = source(node, 1)) {
            assertThatThrownBy(() -> source.fetch(instance("2.25.71", "2.25.71.1", "2.25.71.1.1"),
                    dir.resolve("x.dcm")))
                    .isInstanceOf(EndpointException.class)
                    .hasMessageContaining("Ferry cannot be its move destination " + MOVE_AE)
                    .hasMessageContaining(":" + movePort).hasMessageContaining("in use");
        }
    }

    @Test
    void theListenerAnswersToTheMoveAeTitleAloneAndRefusesAnObjectNoFetchAskedFor() throws Exception {
        Path file = archive.files().get("2.25.71.2.1");
        List<StoreScu.FileToSend> files = List.of(StoreScu.inspect(file));
        try (MoveListener listener = MoveListener.open(new Retrieve.Move(MOVE_AE, InetAddress.getLoopbackAddress(),
                movePort), 4)) {
            assertThatThrownBy(() -> Requestor.connect(settings("OTHER", files)))
                    .isInstanceOf(AssociationRejectedException.class)
                    .extracting(e -> ((AssociationRejectedException) e).rejection().reason())
                    .isEqualTo(AAssociateRj.CALLED_AE_NOT_RECOGNIZED);

            List<StoreScu.Result> unasked = new ArrayList<>();
            Logger logger = (Logger) LoggerFactory.getLogger(MoveListener.class);
            ListAppender<ILoggingEvent> events = new ListAppender<>();
            events.start();
            logger.addAppender(events);
            try {
                for (int twice = 0; twice < 2; twice++) {
                    try (Association association = Requestor.connect(settings(MOVE_AE, files))) {
                        StoreScu.sendAll(association, files, unasked::add);
                    }
                }
            } finally {
                logger.detachAppender(events);
            }
            assertThat(unasked).hasSize(2).allSatisfy(result -> {
                assertThat(result.ok()).isFalse();
                assertThat(result.status().code()).isEqualTo(0x0110);
            });
            assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(line -> line.contains("2.25.71.2.1")).singleElement().asString()
                    .contains("which no fetch of Ferry's asked for");

            Path target = dir.resolve("asked.dcm");
            try (MoveListener.Expected expected = listener.expect("2.25.71.2.1", target);
                 Association association = Requestor.connect(settings(MOVE_AE, files))) {
                List<StoreScu.Result> asked = new ArrayList<>();
                StoreScu.sendAll(association, files, asked::add);
                assertThat(asked).singleElement().satisfies(result -> assertThat(result.ok()).isTrue());
                assertThat(expected.object().written()).isTrue();
            }
            assertThat(DicomArchive.dataSetBytes(target)).isEqualTo(DicomArchive.dataSetBytes(file));
        }
    }

    private RequestorSettings settings(String calledAeTitle, List<StoreScu.FileToSend> files) {
        return new RequestorSettings(AE, calledAeTitle, "127.0.0.1", movePort, StoreScu.contexts(files), 0, null,
                Timeouts.DEFAULT, null);
    }
}
