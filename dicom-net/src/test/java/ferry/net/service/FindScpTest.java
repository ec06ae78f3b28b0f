package ferry.net.service;

import ferry.core.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.PresentationContext;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.CCancelRq;
import ferry.net.dimse.CEchoRq;
import ferry.net.dimse.CEchoRsp;
import ferry.net.dimse.CFindRq;
import ferry.net.dimse.CFindRsp;
import ferry.net.dimse.DimseCommand;
import ferry.net.dimse.Priority;
import ferry.net.dimse.Status;
import ferry.net.pdu.AsyncOperationsWindow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ferry's C-FIND SCP over the network with Ferry's SCU: statuses, bad input, cancels and protocol errors. */
class FindScpTest {
    static final String STUDY_ROOT = Uids.StudyRootQueryRetrieveInformationModelFind;

    @TempDir
    Path dir;

    final List<String> serverLog = new CopyOnWriteArrayList<>();
    DicomServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(Duration.ofSeconds(5));
        }
    }

    Association start(DimseScp scp) throws IOException {
        server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0,
                FindInteropTest.findPolicy(), AcceptorLimits.DEFAULT, null), scp, serverLog::add);
        return FindInteropTest.connect("FERRY", server.port(), STUDY_ROOT);
    }

    Association start(FindHandler handler) throws IOException {
        return start(new DimseScp(null, serverLog::add).withFindHandler(handler));
    }

    static DataSet studyKeys(String patientId) {
        DataSet keys = FindInteropTest.studyKeys();
        keys.setString(Tags.PatientID, Vr.LO, patientId);
        return keys;
    }

    @Test
    void theFolderIndexAnswersWithMatchesAndSuccess() throws IOException {
        FindInteropTest.archive(dir.resolve("objects"));
        try (Association association = start(FolderIndex.of(dir.resolve("objects")))) {
            FindScu.Result result = FindScu.collect(association, STUDY_ROOT, studyKeys("PID*"), 0);

            assertThat(result.status()).isEqualTo(Status.SUCCESS);
            assertThat(FindInteropTest.values(result.matches(), Tags.StudyInstanceUID))
                    .containsExactly("2.25.100", "2.25.200", "2.25.300");
        }
    }

    @Test
    void withoutAFindHandlerCFindIsAnUnrecognizedOperation() throws IOException {
        try (Association association = start(new DimseScp(null, serverLog::add))) {
            FindScu.Result result = FindScu.collect(association, STUDY_ROOT, studyKeys("PID1"), 0);

            assertThat(result.status()).isEqualTo(Status.UNRECOGNIZED_OPERATION);
            assertThat(result.matches()).isEmpty();
        }
    }

    @Test
    void anIdentifierThatIsNoDataSetFailsWithUnableToProcessAndTheAssociationStaysUp() throws IOException {
        try (Association association = start(new FolderIndex(List.of()))) {
            PresentationContext context = association.info().contextsFor(STUDY_ROOT).get(0);
            int messageId = association.nextMessageId();
            try (OutputStream out = association.sendWithDataSet(context, new CFindRq(messageId, STUDY_ROOT,
                    Priority.MEDIUM))) {
                // (0010,0020) LO with a length of 32767 bytes, of which 2 follow.
                out.write(new byte[] {0x10, 0x00, 0x20, 0x00, 'L', 'O', (byte) 0xFF, 0x7F, 'P', '1'});
            }
            Association.Message answer = association.receive();

            assertThat(answer.command()).isInstanceOfSatisfying(CFindRsp.class, rsp -> {
                assertThat(rsp.messageIdBeingRespondedTo()).isEqualTo(messageId);
                assertThat(rsp.status().code()).isEqualTo(0xC000);
                assertThat(rsp.status().errorComment()).startsWith("unreadable identifier");
                assertThat(rsp.hasIdentifier()).isFalse();
            });
            assertThat(EchoScu.echo(association)).isEqualTo(Status.SUCCESS);
        }
    }

    @Test
    void anIdentifierWithoutAQueryLevelFailsWithIdentifierDoesNotMatchSopClass() throws IOException {
        DataSet keys = new DataSet();
        keys.setString(Tags.PatientID, Vr.LO, "PID1");
        try (Association association = start(new FolderIndex(List.of()))) {
            Status status = FindScu.collect(association, STUDY_ROOT, keys, 0).status();

            assertThat(status.code()).isEqualTo(0xA900);
            assertThat(status.offendingElements()).containsExactly(Tags.QueryRetrieveLevel);
        }
    }

    @Test
    void anUnreadableKeyFailsWithTheOffendingElement() throws IOException {
        DataSet keys = studyKeys("PID1");
        keys.setString(Tags.StudyDate, Vr.DA, "last week");
        try (Association association = start(new FolderIndex(List.of()))) {
            Status status = FindScu.collect(association, STUDY_ROOT, keys, 0).status();

            assertThat(status.code()).isEqualTo(0xC000);
            assertThat(status.offendingElements()).containsExactly(Tags.StudyDate);
            assertThat(EchoScu.echo(association)).isEqualTo(Status.SUCCESS);
        }
    }

    @Test
    void aHandlerThatFailsAfterSomeMatchesEndsWithUnableToProcessAndItsMessage() throws IOException {
        FindHandler failing = (association, context, request, identifier, responder) -> {
            responder.pending(FindInteropTest.studyKeys());
            throw new IllegalStateException("index offline");
        };
        try (Association association = start(failing)) {
            FindScu.Result result = FindScu.collect(association, STUDY_ROOT, studyKeys("PID1"), 0);

            assertThat(result.matches()).hasSize(1);
            assertThat(result.status().code()).isEqualTo(0xC000);
            assertThat(result.status().errorComment()).isEqualTo("index offline");
            assertThat(serverLog).anyMatch(line -> line.contains("index offline"));
            assertThat(EchoScu.echo(association)).isEqualTo(Status.SUCCESS);
        }
    }

    @Test
    void aStatusThrownByTheHandlerIsTheFinalStatus() throws IOException {
        FindHandler refusing = (association, context, request, identifier, responder) -> {
            throw new DimseStatusException(Status.OUT_OF_RESOURCES.withComment("too many matches"));
        };
        try (Association association = start(refusing)) {
            assertThat(FindScu.collect(association, STUDY_ROOT, studyKeys("*"), 0).status())
                    .isEqualTo(Status.OUT_OF_RESOURCES.withComment("too many matches"));
        }
    }

    @Test
    void pendingResponsesSayWhenOptionalKeysWereNotSupported() throws IOException {
        FindHandler partial = (association, context, request, identifier, responder) -> {
            responder.optionalKeysNotSupported();
            responder.pending(Matching.of(identifier).response(new DataSet()));
        };
        List<Status> pending = new ArrayList<>();
        try (Association association = start(partial)) {
            Status status = FindScu.find(association, STUDY_ROOT, studyKeys("PID1"), (match, s) -> pending.add(s));

            assertThat(status).isEqualTo(Status.SUCCESS);
            assertThat(pending).containsExactly(Status.PENDING_OPTIONAL_KEYS_NOT_SUPPORTED);
        }
    }

    @Test
    void aCancelForAnotherMessageIsIgnored() throws IOException {
        FindInteropTest.ManyMatches handler = new FindInteropTest.ManyMatches(20);
        try (Association association = start(handler)) {
            PresentationContext context = association.info().contextsFor(STUDY_ROOT).get(0);
            int messageId = association.nextMessageId();
            try (OutputStream out = association.sendWithDataSet(context, new CFindRq(messageId, STUDY_ROOT,
                    Priority.MEDIUM))) {
                DicomWriter.writeDataSet(out, FindInteropTest.studyKeys(), TransferSyntax.of(context.transferSyntax()));
            }
            association.send(context, new CCancelRq(messageId + 100));
            int pending = 0;
            Status last;
            while (true) {
                CFindRsp rsp = (CFindRsp) association.receive().command();
                last = rsp.status();
                if (last.category() != Status.Category.PENDING) {
                    break;
                }
                pending++;
            }

            assertThat(pending).isEqualTo(20);
            assertThat(last).isEqualTo(Status.SUCCESS);
            assertThat(serverLog).anyMatch(line -> line.contains("ignored a C-CANCEL-RQ for message "
                    + (messageId + 100)));
        }
    }

    @Test
    void aRequestDuringAFindIsServedAfterItWhenTheRequestorNegotiatedAWindow() throws IOException {
        server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0,
                FindInteropTest.findPolicy(), AcceptorLimits.DEFAULT, null),
                new DimseScp(null, serverLog::add).withFindHandler(new FindInteropTest.ManyMatches(30)), serverLog::add);
        RequestorSettings settings = new RequestorSettings("FINDER", "FERRY", "127.0.0.1", server.port(),
                List.of(FindScu.context(1, STUDY_ROOT), EchoScu.context(3)), 0, new AsyncOperationsWindow(4, 1),
                Timeouts.DEFAULT, null);
        try (Association association = Requestor.connect(settings)) {
            PresentationContext context = association.info().contextsFor(STUDY_ROOT).get(0);
            int findId = association.nextMessageId();
            try (OutputStream out = association.sendWithDataSet(context, new CFindRq(findId, STUDY_ROOT,
                    Priority.MEDIUM))) {
                DicomWriter.writeDataSet(out, FindInteropTest.studyKeys(), TransferSyntax.of(context.transferSyntax()));
            }
            int echoId = association.nextMessageId();
            association.send(association.info().contextsFor(Uids.Verification).get(0),
                    new CEchoRq(echoId, Uids.Verification));
            List<String> answers = new ArrayList<>();
            while (answers.isEmpty() || !answers.get(answers.size() - 1).startsWith("echo")) {
                DimseCommand command = association.receive().command();
                if (command instanceof CFindRsp rsp && rsp.status().category() != Status.Category.PENDING) {
                    answers.add("find " + rsp.messageIdBeingRespondedTo() + " " + rsp.status());
                } else if (command instanceof CEchoRsp rsp) {
                    answers.add("echo " + rsp.messageIdBeingRespondedTo() + " " + rsp.status());
                }
            }

            assertThat(answers).containsExactly("find " + findId + " " + Status.SUCCESS,
                    "echo " + echoId + " " + Status.SUCCESS);
            assertThat(EchoScu.echo(association)).isEqualTo(Status.SUCCESS);
        }
    }

    @Test
    void anotherRequestDuringAFindWithoutAWindowAbortsTheAssociation() throws Exception {
        FindInteropTest.ManyMatches handler = new FindInteropTest.ManyMatches(1000);
        try (Association association = start(handler)) {
            PresentationContext context = association.info().contextsFor(STUDY_ROOT).get(0);
            try (OutputStream out = association.sendWithDataSet(context, new CFindRq(association.nextMessageId(),
                    STUDY_ROOT, Priority.MEDIUM))) {
                DicomWriter.writeDataSet(out, FindInteropTest.studyKeys(), TransferSyntax.of(context.transferSyntax()));
            }
            PresentationContext echo = association.info().contextsFor(Uids.Verification).get(0);
            association.send(echo, new CEchoRq(association.nextMessageId(), Uids.Verification));

            assertThatThrownBy(() -> {
                while (true) {
                    association.receive();
                }
            }).isInstanceOf(AssociationAbortedException.class).hasMessageContaining("aborted");
            assertThat(handler.sent()).isLessThan(1000);
            // the server logs only after sending the A-ABORT this thread has just received
            Await.until("the server logging why it aborted",
                    () -> serverLog.stream().anyMatch(line -> line.contains("during C-FIND")));
            assertThat(serverLog).anyMatch(line -> line.contains("sent a C-ECHO-RQ during C-FIND"));
        }
    }
}
