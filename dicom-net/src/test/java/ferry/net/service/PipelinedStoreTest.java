package ferry.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.io.TransferSyntax;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.Association;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.pdu.AsyncOperationsWindow;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ferry to Ferry with an asynchronous operations window: requests pipelined, every object stored once. */
class PipelinedStoreTest {
    @TempDir
    Path dir;

    @Test
    void keepsSeveralRequestsOutstandingWhenThePeerAgrees() throws Exception {
        Path received = Files.createDirectories(dir.resolve("received"));
        List<String> log = new ArrayList<>();
        try (DicomServer server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0,
                DcmtkInteropTest.policy(2), AcceptorLimits.DEFAULT, null), new DimseScp(new FolderStore(received),
                log::add), log::add)) {
            List<Path> files = DcmtkInteropTest.makeObjects(dir.resolve("sent"), 40, 3_000,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            List<StoreScu.FileToSend> toSend = new ArrayList<>();
            for (Path file : files) {
                toSend.add(StoreScu.inspect(file));
            }
            RequestorSettings settings = new RequestorSettings("SCU", "FERRY", "127.0.0.1", server.port(),
                    StoreScu.contexts(toSend), 0, new AsyncOperationsWindow(8, 1), Timeouts.DEFAULT, null);
            List<StoreScu.Result> results = new ArrayList<>();

            try (Association association = Requestor.connect(settings)) {
                assertThat(StoreScu.operationsWindow(association)).isEqualTo(8);
                StoreScu.sendAll(association, toSend, results::add);
            }

            assertThat(results).hasSize(40).allMatch(StoreScu.Result::ok);
            assertThat(results).extracting(r -> r.file().path()).containsExactlyElementsOf(files);
            DcmtkInteropTest.assertSameDataSets(files, received);
            server.close(Duration.ofSeconds(5));
        }
    }
}
