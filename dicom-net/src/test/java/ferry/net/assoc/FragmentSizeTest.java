package ferry.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How much data goes in one PDV for a peer's maximum PDU length (PS3.8 §D.1): the maximum bounds the PDU-length
 * field, which counts the PDV item's 4-byte length, context ID and message control header, so the data is the
 * maximum less 6, made even.
 */
class FragmentSizeTest {
    @ParameterizedTest(name = "a peer receiving at most {0} gets {1} data bytes per PDU")
    @CsvSource({
        "16384, 16378", // dcmtk's default: a PDU-length field of exactly 16384
        "4096, 4090",
        "4097, 4090", // odd maxima give even fragments
        "8, 2",
        "1048582, 1048576",
        "1048583, 1048576", // above that, Ferry sends 1 MiB per PDU as if the peer had no limit
        "4294967295, 1048576",
        "0, 1048576", // 0: no limit
    })
    void fillsThePduLengthFieldUpToTheMaximum(long maxPduLength, int fragment) {
        assertThat(Association.fragmentSize(maxPduLength)).isEqualTo(fragment);
    }

    @ParameterizedTest(name = "a maximum of {0}")
    @ValueSource(longs = {1, 6, 7})
    void aMaximumWithoutRoomForDataIsRefused(long maxPduLength) {
        assertThatThrownBy(() -> Association.fragmentSize(maxPduLength))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no room for data");
    }
}
