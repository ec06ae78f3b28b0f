package ferry.router.make;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import org.junit.jupiter.api.Test;

class OutputSyntaxTest {
    private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    @Test
    void readsShortNamesUidsAndKeywords() {
        assertThat(OutputSyntax.parse("implicit")).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(OutputSyntax.parse("Big")).isEqualTo(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        assertThat(OutputSyntax.parse("deflated")).isEqualTo(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(OutputSyntax.parse("1.2.840.10008.1.2.1")).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(OutputSyntax.parse("ExplicitVRLittleEndian")).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThatThrownBy(() -> OutputSyntax.parse("little")).hasMessage("'little' is no transfer syntax: give "
                + "explicit, implicit, big, deflated, or a transfer syntax UID");
    }

    @Test
    void takesWhatIsAskedElseTheInputsElseExplicitVrLittleEndian() {
        DataSet ds = new DataSet();

        assertThat(OutputSyntax.choose(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, "1.2.840.10008.1.2.2", ds))
                .isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(OutputSyntax.choose(null, "1.2.840.10008.1.2.2", ds)).isEqualTo(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        assertThat(OutputSyntax.choose(null, null, ds)).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThatThrownBy(() -> OutputSyntax.choose(null, "1.2.3.4", ds)).hasMessage("the Transfer Syntax UID "
                + "(0002,0010) '1.2.3.4' is no transfer syntax Ferry knows; give one with --ts");
    }

    @Test
    void neverPutsCompressedPixelsInANativeSyntaxOrNativePixelsInACompressedOne() {
        DataSet compressed = new DataSet();
        Fragments fragments = new Fragments();
        fragments.add(Bytes.EMPTY);
        compressed.put(Tags.PixelData, Vr.OB, fragments);
        DataSet plain = new DataSet();
        plain.setBytes(Tags.PixelData, Vr.OW, new byte[8]);

        assertThat(OutputSyntax.choose(null, JPEG_BASELINE, compressed).uid()).isEqualTo(JPEG_BASELINE);
        assertThatThrownBy(() -> OutputSyntax.choose(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, JPEG_BASELINE,
                compressed)).hasMessageContaining("Pixel Data is encapsulated (compressed), which Explicit VR Little "
                + "Endian (asked for with --ts) cannot hold");
        assertThatThrownBy(() -> OutputSyntax.choose(null, null, compressed))
                .hasMessageContaining("no Transfer Syntax UID (0002,0010) says how");
        assertThatThrownBy(() -> OutputSyntax.choose(null, JPEG_BASELINE, plain))
                .hasMessageContaining("Pixel Data is native (not compressed), but JPEG Baseline (Process 1) (given by "
                        + "(0002,0010)) is a compressed syntax");
    }
}
