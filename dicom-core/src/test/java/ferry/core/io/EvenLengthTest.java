package ferry.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Hex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Odd-length values are written and sent padded to even length (PS3.5 §7.1.1, §6.2, §A.4): by {@link DicomWriter},
 * and by {@link EvenLengthCopy} on the bytes of a file as they are, with the lengths around them grown to match.
 */
class EvenLengthTest {
    @TempDir
    Path dir;

    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    /** Explicit VR Little Endian with odd values at the top, in a defined-length item, and in a counted group. */
    static final String ODD_EXPLICIT = """
            08 00 00 00 'UL' 04 00 46 00 00 00      // (0008,0000) group length 70
            08 00 16 00 'UI' 05 00 '1.2.3'          // (0008,0016) UI, odd: 5
            08 00 18 00 'UI' 06 00 '1.2.34'         // (0008,0018) UI, even
            08 00 40 11 'SQ' 00 00 1F 00 00 00      // (0008,1140) SQ, defined length 31
            FE FF 00 E0 17 00 00 00                 //   item, defined length 23
            08 00 50 11 'UI' 03 00 '1.2'            //     (0008,1150) UI, odd: 3
            08 00 55 11 'UI' 04 00 '1.23'           //     (0008,1155) UI, even
            10 00 10 00 'PN' 03 00 'ABC'            // (0010,0010) PN, odd: 3
            10 00 20 00 'LO' 02 00 'P1'             // (0010,0020) LO, even
            """;

    /** The same padded: UIs with NUL, the PN with a space, and the item, sequence and group lengths one or two more. */
    static final String EVEN_EXPLICIT = """
            08 00 00 00 'UL' 04 00 48 00 00 00      // group length 72
            08 00 16 00 'UI' 06 00 '1.2.3' 00
            08 00 18 00 'UI' 06 00 '1.2.34'
            08 00 40 11 'SQ' 00 00 20 00 00 00      // SQ length 32
            FE FF 00 E0 18 00 00 00                 //   item length 24
            08 00 50 11 'UI' 04 00 '1.2' 00
            08 00 55 11 'UI' 04 00 '1.23'
            10 00 10 00 'PN' 04 00 'ABC '
            10 00 20 00 'LO' 02 00 'P1'
            """;

    /** Implicit VR Little Endian: the VR comes from the dictionary; a defined-length item in an undefined sequence. */
    static final String ODD_IMPLICIT = """
            08 00 16 00 05 00 00 00 '1.2.3'         // (0008,0016) UI, odd
            08 00 40 11 FF FF FF FF                 // (0008,1140) SQ, undefined length
            FE FF 00 E0 0B 00 00 00                 //   item, defined length 11
            08 00 50 11 03 00 00 00 '1.2'           //     (0008,1150) UI, odd
            FE FF DD E0 00 00 00 00                 // sequence delimitation
            10 00 10 00 03 00 00 00 'ABC'           // (0010,0010) PN, odd
            """;

    static final String EVEN_IMPLICIT = """
            08 00 16 00 06 00 00 00 '1.2.3' 00
            08 00 40 11 FF FF FF FF
            FE FF 00 E0 0C 00 00 00                 //   item length 12
            08 00 50 11 04 00 00 00 '1.2' 00
            FE FF DD E0 00 00 00 00
            10 00 10 00 04 00 00 00 'ABC '
            """;

    /** Explicit VR Big Endian. */
    static final String ODD_BIG = """
            00 08 00 16 'UI' 00 05 '1.2.3'
            00 10 00 10 'PN' 00 03 'ABC'
            """;

    static final String EVEN_BIG = """
            00 08 00 16 'UI' 00 06 '1.2.3' 00
            00 10 00 10 'PN' 00 04 'ABC '
            """;

    /** Encapsulated pixel data with an odd fragment (PS3.5 §A.4 wants even ones). */
    static final String ODD_FRAGMENT = """
            08 00 16 00 'UI' 04 00 '1.23'
            E0 7F 10 00 'OB' 00 00 FF FF FF FF      // (7FE0,0010) OB, undefined length
            FE FF 00 E0 00 00 00 00                 //   basic offset table, empty
            FE FF 00 E0 03 00 00 00 01 02 03        //   fragment, odd: 3
            FE FF DD E0 00 00 00 00
            """;

    static final String EVEN_FRAGMENT = """
            08 00 16 00 'UI' 04 00 '1.23'
            E0 7F 10 00 'OB' 00 00 FF FF FF FF
            FE FF 00 E0 00 00 00 00
            FE FF 00 E0 04 00 00 00 01 02 03 00     //   fragment padded with a zero
            FE FF DD E0 00 00 00 00
            """;

    /** What {@link EvenLengthCopy} makes of {@code dataSet} stored after a few other bytes, read {@code chunk} at a time. */
    byte[] copied(byte[] dataSet, TransferSyntax syntax, int chunk, int[] padded) throws IOException {
        byte[] before = "16 bytes before.".getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("object-" + chunk);
        byte[] content = Arrays.copyOf(before, before.length + dataSet.length);
        System.arraycopy(dataSet, 0, content, before.length, dataSet.length);
        Files.write(file, content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] buffer = new byte[chunk];
            EvenLengthCopy copy = EvenLengthCopy.prepare(channel, before.length, syntax, buffer);
            copy.copy(channel, buffer, out);
            padded[0] = copy.paddedValues();
        }
        return out.toByteArray();
    }

    /** The file's bytes copied with every buffer size (headers split across reads, read past the first buffer). */
    void assertCopiedAs(String odd, String even, TransferSyntax syntax, int values) throws IOException {
        byte[] input = Hex.bytes(odd);
        byte[] expected = Hex.bytes(even);
        for (int chunk : new int[] {1, 7, 16, 4096}) {
            int[] padded = new int[1];

            byte[] output = copied(input, syntax, chunk, padded);

            assertThat(output).as("read %d bytes at a time", chunk).isEqualTo(expected);
            assertThat(padded[0]).isEqualTo(values);
        }
        // The writer agrees: the same data set read and written pads the same bytes, and counts them.
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        DataSet read = DicomReader.readDataSet(new java.io.ByteArrayInputStream(input), syntax, ReadOptions.IN_MEMORY);
        assertThat(DicomWriter.writeDataSet(written, read, syntax)).isEqualTo(values);
        assertThat(written.toByteArray()).isEqualTo(expected);
    }

    @Test
    void oddValuesOfAFileAreSentPaddedWithTheirItemSequenceAndGroupLengthsGrown() throws IOException {
        assertCopiedAs(ODD_EXPLICIT, EVEN_EXPLICIT, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 3);
    }

    @Test
    void oddValuesInImplicitVrArePaddedByTheirDictionaryVr() throws IOException {
        assertCopiedAs(ODD_IMPLICIT, EVEN_IMPLICIT, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, 3);
    }

    @Test
    void oddValuesInBigEndianArePaddedWithBigEndianLengths() throws IOException {
        assertCopiedAs(ODD_BIG, EVEN_BIG, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, 2);
    }

    @Test
    void anOddFragmentOfEncapsulatedPixelDataIsPaddedWithAZero() throws IOException {
        assertCopiedAs(ODD_FRAGMENT, EVEN_FRAGMENT, TransferSyntax.of(JPEG_BASELINE), 1);
    }

    @Test
    void aFileWithEvenLengthsIsCopiedAsItIs() throws IOException {
        byte[] input = Hex.bytes(EVEN_EXPLICIT);
        int[] padded = new int[1];

        assertThat(copied(input, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 7, padded)).isEqualTo(input);
        assertThat(padded[0]).isZero();
    }

    /** A truncated last element cannot be followed: what came before is padded, the rest goes as it is. */
    @Test
    void whatTheWalkCannotFollowIsCopiedUnchanged() throws IOException {
        String tail = "7F E0 00 10 'OW' 00 00 00 00 10 00 01 02 03"; // pixel data of 4096 bytes, 3 present
        byte[] input = Hex.bytes(ODD_BIG.replace("00 10 00 10 'PN' 00 03 'ABC'", "") + tail);
        byte[] expected = Hex.bytes(EVEN_BIG.replace("00 10 00 10 'PN' 00 04 'ABC '", "") + tail);
        int[] padded = new int[1];

        assertThat(copied(input, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, 16, padded)).isEqualTo(expected);
        assertThat(padded[0]).isEqualTo(1);
    }

    @Test
    void theWriterPadsOddBytesBulkDataAndFragmentsOfAPart10File() throws IOException {
        DataSet dataSet = new DataSet();
        dataSet.setBytes(Tags.SOPClassUID, Vr.UI, "1.2.3".getBytes(StandardCharsets.US_ASCII));
        dataSet.setBytes(Tags.SOPInstanceUID, Vr.UI, "1.2.34".getBytes(StandardCharsets.US_ASCII));
        dataSet.setBytes(Tags.PatientName, Vr.PN, "ABC".getBytes(StandardCharsets.US_ASCII));
        Fragments fragments = new Fragments();
        fragments.add(Bytes.EMPTY);
        fragments.add(new Bytes(new byte[] {1, 2, 3}));
        dataSet.put(Tag.PIXEL_DATA, Vr.OB, fragments);
        Path file = dir.resolve("written.dcm");

        int padded = DicomWriter.writeFile(file, new DataSet(), dataSet, TransferSyntax.of(JPEG_BASELINE));

        assertThat(padded).isEqualTo(3);
        DicomFile read = DicomReader.read(file, ReadOptions.IN_MEMORY);
        assertThat(read.warnings()).isEmpty();
        assertThat(read.dataSet().getBytes(Tags.SOPClassUID)).isEqualTo("1.2.3\0".getBytes(StandardCharsets.US_ASCII));
        assertThat(read.dataSet().getBytes(Tags.PatientName)).isEqualTo("ABC ".getBytes(StandardCharsets.US_ASCII));
        assertThat(read.dataSet().getString(Tags.SOPClassUID)).isEqualTo("1.2.3");
        Fragments readFragments = (Fragments) read.dataSet().value(Tag.PIXEL_DATA);
        assertThat(((Bytes) readFragments.items().get(1)).bytes()).containsExactly(1, 2, 3, 0);
        assertThat(read.fileMeta().getString(Tags.MediaStorageSOPClassUID)).isEqualTo("1.2.3");
    }

    @Test
    void aTextFileIsNotDicomButPart10FilesAndBareDataSetsAre() throws IOException {
        byte[] text = "manifest: study 1, 75 files\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream part10 = new ByteArrayOutputStream();
        DataSet dataSet = new DataSet();
        dataSet.setString(Tags.SOPClassUID, Vr.UI, "1.2.3");
        DicomWriter.writeFile(part10, new DataSet(), dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] implicit = Hex.bytes(ODD_IMPLICIT);
        byte[] big = Hex.bytes(ODD_BIG);

        assertThat(DicomFile.looksLikeDicom(text, 132, text.length)).isFalse();
        assertThat(DicomFile.looksLikeDicom(new byte[0], 0, 0)).isFalse();
        assertThat(DicomFile.looksLikeDicom(part10.toByteArray(), 132, part10.size())).isTrue();
        assertThat(DicomFile.looksLikeDicom(Arrays.copyOfRange(part10.toByteArray(), 128, 260), 132, 300)).isTrue();
        assertThat(DicomFile.looksLikeDicom(implicit, implicit.length, implicit.length)).isTrue();
        assertThat(DicomFile.looksLikeDicom(big, big.length, big.length)).isTrue();
        byte[] explicit = Hex.bytes(EVEN_EXPLICIT);
        assertThat(DicomFile.looksLikeDicom(explicit, explicit.length, explicit.length)).isTrue();

        Path file = Files.write(dir.resolve("part10.dcm"), part10.toByteArray());
        Path notes = Files.write(dir.resolve("notes.txt"), text);
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertThat(DicomFile.looksLikeDicom(file)).as("a file, by its first bytes and its size").isTrue();
        assertThat(DicomFile.looksLikeDicom(notes)).isFalse();
        assertThat(DicomFile.looksLikeDicom(empty)).isFalse();
    }
}
