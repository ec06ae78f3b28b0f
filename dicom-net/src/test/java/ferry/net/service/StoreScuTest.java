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
import ferry.net.pdu.PresentationContextRq;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreScuTest {
    @TempDir
    Path dir;

    static StoreScu.FileToSend file(String sopClass, TransferSyntax syntax) {
        return new StoreScu.FileToSend(Path.of("x"), sopClass, "1.2.3", syntax, 132, 1000);
    }

    @Test
    void proposesTheUncompressedSyntaxesWithTheFilesOwnFirstAndEachCompressedOneApart() {
        TransferSyntax jpeg = TransferSyntax.of("1.2.840.10008.1.2.4.50");
        List<PresentationContextRq> contexts = StoreScu.contexts(List.of(
                file("1.2.840.10008.5.1.4.1.1.4", TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN),
                file("1.2.840.10008.5.1.4.1.1.4", jpeg),
                file("1.2.840.10008.5.1.4.1.1.2", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));

        assertThat(contexts).containsExactly(
                new PresentationContextRq(1, "1.2.840.10008.5.1.4.1.1.4", List.of("1.2.840.10008.1.2",
                        "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2")),
                new PresentationContextRq(3, "1.2.840.10008.5.1.4.1.1.4", List.of(jpeg.uid())),
                new PresentationContextRq(5, "1.2.840.10008.5.1.4.1.1.2", List.of("1.2.840.10008.1.2.1",
                        "1.2.840.10008.1.2", "1.2.840.10008.1.2.2")));
    }

    @Test
    void splitsFilesIntoAssociationsOfAtMost128Contexts() {
        List<StoreScu.FileToSend> files = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            files.add(file("1.2.3.4." + (i % 200), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        }

        List<List<StoreScu.FileToSend>> batches = StoreScu.batches(files);

        assertThat(batches).allSatisfy(batch -> assertThat(StoreScu.contexts(batch).size()).isLessThanOrEqualTo(128));
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(300);
        assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(files);
    }

    @Test
    void inspectReadsWhatToProposeAndTheFileSize() throws Exception {
        Path file = DcmtkInteropTest.makeObjects(dir.resolve("sent"), 1, 3_000,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).get(0);

        StoreScu.FileToSend inspected = StoreScu.inspect(file);

        assertThat(inspected.sopClassUid()).isEqualTo(DcmtkInteropTest.MR);
        assertThat(inspected.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(inspected.size()).isEqualTo(Files.size(file));
        assertThat(inspected.dataSetOffset()).isBetween(132L, inspected.size());
    }

    /** Files are opened only when their turn comes (a step ahead): one gone by then is reported, not fatal. */
    @Test
    void aFileGoneBeforeItsTurnIsReportedAndTheOthersAreSent() throws Exception {
        Path received = Files.createDirectories(dir.resolve("received"));
        List<String> log = new ArrayList<>();
        try (DicomServer server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0,
                DcmtkInteropTest.policy(2), AcceptorLimits.DEFAULT, null), new DimseScp(new FolderStore(received),
                log::add), log::add)) {
            List<Path> files = DcmtkInteropTest.makeObjects(dir.resolve("sent"), 5, 300_000,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            List<StoreScu.FileToSend> toSend = new ArrayList<>();
            for (Path file : files) {
                toSend.add(StoreScu.inspect(file));
            }
            Files.delete(files.get(2));
            RequestorSettings settings = new RequestorSettings("SCU", "FERRY", "127.0.0.1", server.port(),
                    StoreScu.contexts(toSend), 16384, null, Timeouts.DEFAULT, null);
            List<StoreScu.Result> results = new ArrayList<>();

            try (Association association = Requestor.connect(settings)) {
                StoreScu.sendAll(association, toSend, results::add);
            }

            assertThat(results).hasSize(5);
            assertThat(results).filteredOn(StoreScu.Result::ok).extracting(r -> r.file().path())
                    .containsExactlyInAnyOrder(files.get(0), files.get(1), files.get(3), files.get(4));
            StoreScu.Result gone = results.stream().filter(r -> !r.ok()).findFirst().orElseThrow();
            assertThat(gone.file().path()).isEqualTo(files.get(2));
            assertThat(gone.notSent()).startsWith("cannot read it").contains(files.get(2).toString());
            DcmtkInteropTest.assertSameDataSets(List.of(files.get(0), files.get(1), files.get(3), files.get(4)),
                    received);
        }
    }
}
