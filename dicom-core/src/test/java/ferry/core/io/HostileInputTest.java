package ferry.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import ferry.core.testing.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends in a DicomParseException that names the offset and element; never a crash, hang or OOM. */
class HostileInputTest {

    static byte[] sampleFile() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(0x00080016, Vr.UI, "1.2.840.10008.5.1.4.1.1.4");
        ds.setString(0x00080018, Vr.UI, "1.2.3.4.5");
        ds.setString(0x00100010, Vr.PN, "Doe^John");
        DataSet item = ds.newSequence(0x00081140).addItem();
        item.setString(0x00081155, Vr.UI, "1.2.3");
        ds.setInts(0x00280010, Vr.US, 16);
        ds.setBytes(Tag.PIXEL_DATA, Vr.OW, new byte[64]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeFile(out, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return out.toByteArray();
    }

    @Test
    void aFileCutAnywhereIsEitherRejectedWithItsOffsetOrAShorterValidDataSet() throws IOException {
        byte[] whole = sampleFile();
        DataSet complete = DicomReader.read(whole, ReadOptions.IN_MEMORY).dataSet();
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            try {
                DataSet read = DicomReader.read(part, ReadOptions.IN_MEMORY).dataSet();
                // Cut exactly between two top-level elements: what was read must be a prefix of the whole.
                for (int i = 0; i < read.size(); i++) {
                    assertThat(complete.get(read.tagAt(i))).as("cut at %d", cut).isEqualTo(read.get(read.tagAt(i)));
                }
                assertThat(read.size()).as("cut at %d", cut).isLessThan(complete.size());
            } catch (DicomParseException e) {
                assertThat(e.offset()).as("cut at %d", cut).isBetween(0L, (long) cut);
                assertThat(e.getMessage()).startsWith("at offset ");
            }
        }
    }

    @Test
    void aHugeDeclaredLengthIsRejectedBeforeAnythingIsAllocated() {
        byte[] bytes = Hex.bytes("""
                10 00 10 00 'PN' 08 00 'Doe^John'      // (0010,0010) PN
                E0 7F 10 00 'OW' 00 00 F0 FF FF FF     // (7FE0,0010) OW, length 4294967280
                00 00 00 00                            // and only 4 bytes of it
                """);

        assertThatThrownBy(() -> DicomReader.read(bytes, ReadOptions.IN_MEMORY))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("at offset 28 in (7FE0,0010)")
                .hasMessageContaining("value length 4294967280 runs past the end of the data (4 bytes left)");
        // From a stream of unknown length nothing over 2 GiB is read into memory.
        assertThatThrownBy(() -> DicomReader.read(new ByteArrayInputStream(bytes), ReadOptions.IN_MEMORY))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("(7FE0,0010)")
                .hasMessageContaining("too large to hold in memory");
        // Below that it is read in chunks of at most 1 MiB, so the end of input comes before a big allocation.
        byte[] large = bytes.clone();
        large[27] = 0x7F; // length 0x7FFFFFF0
        assertThatThrownBy(() -> DicomReader.read(new ByteArrayInputStream(large), ReadOptions.IN_MEMORY))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("(7FE0,0010)")
                .hasMessageContaining("truncated");
    }

    @Test
    void aHugeLengthInAFileIsRejectedAgainstTheFileSize(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.dcm");
        Files.write(file, Hex.bytes("""
                E0 7F 10 00 'OB' 00 00 00 00 00 80     // (7FE0,0010) OB, length 2 GiB
                01 02 03 04
                """));

        assertThatThrownBy(() -> DicomReader.read(file, ReadOptions.DEFAULT))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("value length 2147483648 runs past the end of the data (4 bytes left)");
    }

    @Test
    void deeplyNestedSequencesAreRejectedWithoutAStackOverflow() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] level = Hex.bytes("""
                08 00 40 11 'SQ' 00 00 FF FF FF FF     // (0008,1140) SQ, undefined length
                FE FF 00 E0 FF FF FF FF                // item, undefined length
                """);
        for (int i = 0; i < 100_000; i++) {
            out.writeBytes(level);
        }
        byte[] bytes = out.toByteArray();

        assertThatThrownBy(() -> DicomReader.readDataSet(new ByteArrayInputStream(bytes),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ReadOptions.IN_MEMORY))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("nested deeper than 64 levels");
    }

    @Test
    void anUnknownVrNamesTheElement() {
        byte[] bytes = Hex.bytes("""
                10 00 10 00 'PN' 08 00 'Doe^John'      // (0010,0010) PN
                10 00 20 00 'ZZ' 04 00 '1234'          // (0010,0020) with VR bytes 'ZZ'
                """);

        assertThatThrownBy(() -> DicomReader.readDataSet(new ByteArrayInputStream(bytes),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ReadOptions.IN_MEMORY))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("in (0010,0020)")
                .hasMessageContaining("unknown VR bytes 5A 5A");
    }

    @Test
    void anItemThatOverrunsItsSequenceIsRejected() {
        byte[] bytes = Hex.bytes("""
                08 00 40 11 'SQ' 00 00 0C 00 00 00     // (0008,1140) SQ, length 12
                FE FF 00 E0 0C 00 00 00                // item of length 12: 8 bytes past the sequence
                08 00 55 11 'UI' 04 00 '1.2' 00        // (0008,1155)
                """);

        DataSet read;
        try {
            read = DicomReader.readDataSet(new ByteArrayInputStream(bytes), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                    ReadOptions.IN_MEMORY);
        } catch (IOException e) {
            assertThat(e).isInstanceOf(DicomParseException.class).hasMessageContaining("(0008,1140)");
            return;
        }
        throw new AssertionError("an overrunning item was accepted: " + read);
    }

    @Test
    void somethingOtherThanAnItemInASequenceIsRejected() {
        byte[] bytes = Hex.bytes("""
                08 00 40 11 'SQ' 00 00 FF FF FF FF     // (0008,1140) SQ, undefined length
                08 00 55 11 'UI' 04 00 '1.2' 00        // an element where an item belongs
                """);

        assertThatThrownBy(() -> DicomReader.readDataSet(new ByteArrayInputStream(bytes),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ReadOptions.IN_MEMORY))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("expected an item (FFFE,E000) in the sequence, found (0008,1155)");
    }

    @Test
    void randomGarbageIsRejectedOrReadNeverCrashes() {
        Random random = new Random(20261122);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[random.nextInt(600)];
            random.nextBytes(garbage);
            try {
                DicomReader.read(garbage, ReadOptions.IN_MEMORY);
            } catch (DicomParseException expected) {
                assertThat(expected.getMessage()).startsWith("at offset ");
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("garbage #" + i + " (seed 20261122) escaped as " + e, e);
            }
        }
    }

    @Test
    void corruptDeflatedDataIsRejected() {
        byte[] bytes = Hex.bytes("""
                02 00 10 00 'UI' 16 00 '1.2.840.10008.1.2.1.99'  // (0002,0010) deflated transfer syntax
                FF FF FF FF 00 11 22 33                          // not raw deflate data
                """);

        assertThatThrownBy(() -> DicomReader.read(bytes, ReadOptions.IN_MEMORY))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("deflate");
    }
}
