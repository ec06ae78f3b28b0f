package ferry.router.make;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PnmReaderTest {
    private static NativePixels read(String text) throws ImageException {
        return PnmReader.read(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void plainBitmapsBecomeEightBitGreyOneBeingBlack() throws Exception {
        NativePixels pixels = read("P1\n# a comment\n3 2\n1 0 1\n010\n");

        assertThat(pixels.rows()).isEqualTo(2);
        assertThat(pixels.columns()).isEqualTo(3);
        assertThat(pixels.photometric()).isEqualTo("MONOCHROME2");
        assertThat(pixels.bitsStored()).isEqualTo(8);
        assertThat(pixels.data()).containsExactly(0, 255, 0, 255, 0, 255);
    }

    @Test
    void rawBitmapsAreReadByBitsWithRowsPaddedToBytes() throws Exception {
        // 10 pixels wide: two bytes a row; 1000 0000 01xx xxxx, then 0111 1111 10xx xxxx
        byte[] file = {'P', '4', '\n', '1', '0', ' ', '2', '\n', (byte) 0x80, 0x7F, (byte) 0x7F, (byte) 0x80};

        NativePixels pixels = PnmReader.read(file);

        assertThat(pixels.data()).containsExactly(0, 255, 255, 255, 255, 255, 255, 255, 255, 0,
                255, 0, 0, 0, 0, 0, 0, 0, 0, 255);
    }

    @Test
    void greyUpTo255IsScaledToEightBitsAndWiderGreyKeepsItsValuesInSixteen() throws Exception {
        NativePixels low = read("P2 2 1 15 0 15");
        NativePixels twelve = read("P2\n2 1\n4095\n4095 258\n");
        byte[] raw = {'P', '5', ' ', '1', ' ', '1', ' ', '6', '5', '5', '3', '5', '\n', 0x12, 0x34};

        assertThat(low.data()).containsExactly(0, 255);
        assertThat(low.note()).contains("scaled from 0–15");
        assertThat(twelve.bitsAllocated()).isEqualTo(16);
        assertThat(twelve.bitsStored()).isEqualTo(12);
        assertThat(twelve.data()).as("little endian").containsExactly(0xFF, 0x0F, 0x02, 0x01);
        assertThat(PnmReader.read(raw).data()).as("big endian in the file").containsExactly(0x34, 0x12);
    }

    @Test
    void colourIsRgbInterleaved() throws Exception {
        NativePixels text = read("P3 2 1 255 1 2 3 4 5 6");
        byte[] raw = {'P', '6', ' ', '1', ' ', '1', ' ', '2', '5', '5', '\n', 7, 8, 9};

        assertThat(text.photometric()).isEqualTo("RGB");
        assertThat(text.samplesPerPixel()).isEqualTo(3);
        assertThat(text.data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(PnmReader.read(raw).data()).containsExactly(7, 8, 9);
    }

    @Test
    void brokenImagesAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> read("P1\\n10 10\\n0 0")).hasMessageContaining("width is not a number: '\\n10'")
                .hasMessageContaining("printf");
        assertThatThrownBy(() -> read("P2 2 2 255 1 2 3")).hasMessageContaining("ends after 3 of its 4 samples");
        assertThatThrownBy(() -> read("P2 1 1 100 101")).hasMessageContaining("over the maximum value 100");
        assertThatThrownBy(() -> read("P5 65535 65535 255\n\0")).hasMessageContaining("ends within the samples");
        assertThatThrownBy(() -> read("P2 0 1 255 ")).hasMessageContaining("0x1 pixels");
        assertThatThrownBy(() -> read("P2 1 1 70000 1")).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> read("P3 1 1 255 1 x 3")).hasMessageContaining("sample 2 is not a number: 'x'");
    }
}
