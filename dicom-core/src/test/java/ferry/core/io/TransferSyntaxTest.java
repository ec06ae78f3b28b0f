package ferry.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.tag.UidEntry;
import ferry.core.tag.UidRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which transfer syntaxes Ferry reads, and how it takes them. */
class TransferSyntaxTest {
    @Test
    void theNativeAndEveryRegisteredDataSetEncodingAreKnownAndAMadeUpOrPrivateUidIsNot() {
        List<String> registered = UidRegistry.entries().stream()
                .filter(entry -> entry.type().equals("Transfer Syntax")).map(UidEntry::uid).toList();

        assertThat(registered).filteredOn(TransferSyntax::isKnown).hasSize(registered.size() - 6)
                .contains("1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99",
                        "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.52",
                        "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.100");
        assertThat(TransferSyntax.isKnown("1.2.840.10008.1.2.4.201")).as("HTJ2K, newer than the registry").isTrue();
        assertThat(TransferSyntax.isKnown("1.2.840.10008.1.2.1\0")).as("with its padding").isTrue();
        assertThat(List.of("1.2.3.99", "1.2.840.113619.5.2", "1.2.840.10008.1.2.6.2", "1.2.840.10008.1.2.7.1",
                "1.2.840.10008.1.20", "1.2.840.10008.5.1.4.1.1.4", ""))
                .noneMatch(TransferSyntax::isKnown);
    }

    @Test
    void jpipReferencedDeflateIsADeflatedDataSet() {
        assertThat(TransferSyntax.of("1.2.840.10008.1.2.4.95").deflated()).isTrue();
        assertThat(TransferSyntax.of("1.2.840.10008.1.2.4.94").deflated()).isFalse();
        assertThat(TransferSyntax.of("1.2.840.10008.1.2.4.50")).isEqualTo(
                new TransferSyntax("1.2.840.10008.1.2.4.50", true, false, false, true));
    }
}
