package ferry.router.make;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.tag.Uids;
import ferry.core.testing.Hex;
import ferry.router.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class JpegFrameHeaderTest {
    @Test
    void aGreyBaselineJpegIsMonochromeInJpegBaseline() throws Exception {
        JpegFrameHeader header = JpegFrameHeader.read(TestImages.encode(TestImages.grey(10, 7), "jpg"));

        assertThat(header.marker()).isEqualTo(0xC0);
        assertThat(header.precision()).isEqualTo(8);
        assertThat(header.lines()).isEqualTo(7);
        assertThat(header.samplesPerLine()).isEqualTo(10);
        assertThat(header.jfif()).isTrue();
        assertThat(header.transferSyntax()).isEqualTo(Uids.JPEGBaseline8Bit);
        assertThat(header.photometricInterpretation()).isEqualTo("MONOCHROME2");
    }

    @Test
    void aColourJpegWithSubsampledChrominanceIsYbrFull422() throws Exception {
        JpegFrameHeader header = JpegFrameHeader.read(TestImages.encode(TestImages.colour(64, 48), "jpg"));

        assertThat(header.components()).extracting(JpegFrameHeader.Component::horizontal).containsExactly(2, 1, 1);
        assertThat(header.photometricInterpretation()).isEqualTo("YBR_FULL_422");
    }

    /** SOI, then a frame header: {@code marker}, 8 (or 12) bits, 2 lines, 3 samples per line, these components. */
    private static byte[] jpeg(String before, String frame) {
        return Hex.bytes("FFD8" + before + frame + "FFDA000C03010002110311003F00" + "FFD9");
    }

    @Test
    void componentsOfUnsubsampledOrUntransformedColourGiveYbrFullOrRgb() throws Exception {
        // SOF0, length 17, 8 bits, 2 lines, 3 columns, 3 components: id, sampling (H<<4|V), table
        String unsubsampled = "FFC0" + "0011" + "08" + "0002" + "0003" + "03" + "011100" + "021101" + "031101";
        String named = "FFC0" + "0011" + "08" + "0002" + "0003" + "03" + "521100" + "471100" + "421100";
        // APP14 "Adobe", version 100, flags0 0, flags1 0, transform 0 (none: RGB)
        String adobe = "FFEE" + "000E" + "41646F6265" + "0064" + "0000" + "0000" + "00";

        assertThat(JpegFrameHeader.read(jpeg("", unsubsampled)).photometricInterpretation()).isEqualTo("YBR_FULL");
        assertThat(JpegFrameHeader.read(jpeg("", named)).photometricInterpretation()).as("R, G, B").isEqualTo("RGB");
        assertThat(JpegFrameHeader.read(jpeg(adobe, unsubsampled)).adobeTransform()).isZero();
        assertThat(JpegFrameHeader.read(jpeg(adobe, unsubsampled)).photometricInterpretation()).isEqualTo("RGB");
    }

    @Test
    void extendedSequentialTwelveBitIsJpegExtended() throws Exception {
        String sof1 = "FFC1" + "000B" + "0C" + "0002" + "0003" + "01" + "011100";

        JpegFrameHeader header = JpegFrameHeader.read(jpeg("", sof1));

        assertThat(header.precision()).isEqualTo(12);
        assertThat(header.components()).containsExactly(new JpegFrameHeader.Component(1, 1, 1));
        assertThat(header.transferSyntax()).isEqualTo(Uids.JPEGExtended12Bit);
    }

    @Test
    void otherProcessesAndComponentCountsAreRefusedByName() throws Exception {
        JpegFrameHeader progressive = JpegFrameHeader.read(TestImages.progressive(TestImages.grey(16, 16)));
        JpegFrameHeader lossless = JpegFrameHeader.read(jpeg("", "FFC3" + "000B" + "08" + "0002" + "0003" + "01"
                + "011100"));
        JpegFrameHeader cmyk = new JpegFrameHeader(0xC0, 8, 2, 2, List.of(new JpegFrameHeader.Component(1, 1, 1),
                new JpegFrameHeader.Component(2, 1, 1), new JpegFrameHeader.Component(3, 1, 1),
                new JpegFrameHeader.Component(4, 1, 1)), false, 2);

        assertThat(progressive.marker()).isEqualTo(0xC2);
        assertThatThrownBy(progressive::transferSyntax).hasMessageContaining("progressive")
                .hasMessageContaining("FFC2").hasMessageContaining("baseline JPEG or as PNG");
        assertThatThrownBy(lossless::transferSyntax).hasMessageContaining("lossless");
        assertThatThrownBy(cmyk::photometricInterpretation).hasMessageContaining("4 components (CMYK)");
    }

    @Test
    void brokenOrTruncatedHeadersAreRefusedWithWhereAndWhat() {
        assertThatThrownBy(() -> JpegFrameHeader.read(Hex.bytes("89504E470D0A1A0A"))).hasMessageContaining("SOI");
        assertThatThrownBy(() -> JpegFrameHeader.read(Hex.bytes("FFD8FFDB0043000102")))
                .hasMessageContaining("past the end of the file");
        assertThatThrownBy(() -> JpegFrameHeader.read(Hex.bytes("FFD8FFDA000C03010002110311003F00FFD9")))
                .hasMessageContaining("no frame header (SOF marker) before its first scan");
        assertThatThrownBy(() -> JpegFrameHeader.read(Hex.bytes("FFD8FFC000070800020003")))
                .hasMessageContaining("frame header (FFC0) has length 7 for 0 components");
        assertThatThrownBy(() -> JpegFrameHeader.read(Hex.bytes("FFD8FFE0"))).hasMessageContaining("ends before");
    }
}
