package ferry.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.io.TransferSyntax;
import ferry.net.pdu.PresentationContextRq;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreScuTest {
    static StoreScu.FileToSend file(String sopClass, TransferSyntax syntax) {
        return new StoreScu.FileToSend(Path.of("x"), sopClass, "1.2.3", syntax, 132);
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
}
