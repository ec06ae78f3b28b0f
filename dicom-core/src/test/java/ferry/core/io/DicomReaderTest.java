package ferry.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import ferry.core.testing.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomReaderTest {
    static final int PATIENT_NAME = 0x00100010;
    static final int PATIENT_ID = 0x00100020;
    static final int ROWS = 0x00280010;
    static final int REFERENCED_IMAGE_SEQUENCE = 0x00081140;
    static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;

    static DataSet read(String hex, TransferSyntax syntax) throws IOException {
        return DicomReader.readDataSet(new ByteArrayInputStream(Hex.bytes(hex)), syntax, ReadOptions.IN_MEMORY);
    }

    static byte[] write(DataSet dataSet, TransferSyntax syntax) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeDataSet(out, dataSet, syntax);
        return out.toByteArray();
    }

    @Test
    void readsImplicitVrLittleEndianWithVrsFromTheDictionary() throws IOException {
        DataSet ds = read("""
                10 00 10 00  08 00 00 00  'Doe^John'   // (0010,0010) PN, length 8
                10 00 20 00  04 00 00 00  '1234'       // (0010,0020) LO, length 4
                28 00 10 00  02 00 00 00  00 02        // (0028,0010) US 512
                """, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);

        assertThat(ds.size()).isEqualTo(3);
        assertThat(ds.vr(PATIENT_NAME)).isEqualTo(Vr.PN);
        assertThat(ds.getPersonName(PATIENT_NAME).familyName()).isEqualTo("Doe");
        assertThat(ds.getString(PATIENT_ID)).isEqualTo("1234");
        assertThat(ds.getInt(ROWS)).isEqualTo(512);
    }

    @Test
    void readsExplicitVrLittleEndian() throws IOException {
        DataSet ds = read("""
                10 00 10 00 'PN' 08 00 'Doe^John'      // (0010,0010) PN, length 8
                28 00 10 00 'US' 02 00 00 02           // (0028,0010) US 512
                """, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        assertThat(ds.getString(PATIENT_NAME)).isEqualTo("Doe^John");
        assertThat(ds.getInt(ROWS)).isEqualTo(512);
    }

    @Test
    void readsExplicitVrBigEndianAndKeepsNumbersLittleEndianInMemory() throws IOException {
        String hex = """
                00 10 00 10 'PN' 00 08 'Doe^John'      // (0010,0010) PN, length 8, big endian
                00 28 00 10 'US' 00 02 02 00           // (0028,0010) US 512, big endian
                """;
        DataSet ds = read(hex, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);

        assertThat(ds.getInt(ROWS)).isEqualTo(512);
        assertThat(ds.getBytes(ROWS)).containsExactly(0x00, 0x02);
        assertThat(write(ds, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)).isEqualTo(Hex.bytes(hex));
    }

    @Test
    void keepsUndefinedLengthSequencesAndWritesThemBackByteForByte() throws IOException {
        String hex = """
                08 00 40 11 'SQ' 00 00 FF FF FF FF     // (0008,1140) SQ, undefined length
                FE FF 00 E0 FF FF FF FF                // item, undefined length
                08 00 55 11 'UI' 04 00 '1.2' 00        // (0008,1155) UI "1.2" padded with NUL
                FE FF 0D E0 00 00 00 00                // item delimitation
                FE FF 00 E0 0C 00 00 00                // item, length 12
                08 00 55 11 'UI' 04 00 '1.3' 00        // (0008,1155) UI "1.3"
                FE FF DD E0 00 00 00 00                // sequence delimitation
                """;
        DataSet ds = read(hex, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        Sequence sequence = ds.getSequence(REFERENCED_IMAGE_SEQUENCE);
        assertThat(sequence.undefinedLength()).isTrue();
        assertThat(sequence.size()).isEqualTo(2);
        assertThat(sequence.item(0).undefinedLength()).isTrue();
        assertThat(sequence.item(0).getString(REFERENCED_SOP_INSTANCE_UID)).isEqualTo("1.2");
        assertThat(sequence.item(1).undefinedLength()).isFalse();
        assertThat(sequence.item(1).getString(REFERENCED_SOP_INSTANCE_UID)).isEqualTo("1.3");
        assertThat(write(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).isEqualTo(Hex.bytes(hex));
    }

    @Test
    void writesDefinedLengthSequencesWithRecomputedLengths() throws IOException {
        String hex = """
                08 00 40 11 'SQ' 00 00 14 00 00 00     // (0008,1140) SQ, length 20
                FE FF 00 E0 0C 00 00 00                // item, length 12
                08 00 55 11 'UI' 04 00 '1.2' 00        // (0008,1155) UI "1.2"
                """;
        DataSet ds = read(hex, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        ds.getSequence(REFERENCED_IMAGE_SEQUENCE).item(0).setString(REFERENCED_SOP_INSTANCE_UID, Vr.UI, "1.2.3");

        assertThat(write(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).isEqualTo(Hex.bytes("""
                08 00 40 11 'SQ' 00 00 16 00 00 00     // (0008,1140) SQ, length 22
                FE FF 00 E0 0E 00 00 00                // item, length 14
                08 00 55 11 'UI' 06 00 '1.2.3' 00      // (0008,1155) UI "1.2.3" padded to 6
                """));
    }

    @Test
    void carriesEncapsulatedFragmentsThroughUntouched() throws IOException {
        String hex = """
                E0 7F 10 00 'OB' 00 00 FF FF FF FF     // (7FE0,0010) OB, undefined length
                FE FF 00 E0 00 00 00 00                // empty basic offset table
                FE FF 00 E0 04 00 00 00 01 02 03 04    // one fragment of 4 bytes
                FE FF DD E0 00 00 00 00                // sequence delimitation
                """;
        TransferSyntax jpeg = TransferSyntax.of("1.2.840.10008.1.2.4.50");
        DataSet ds = read(hex, jpeg);

        Fragments fragments = (Fragments) ds.value(Tag.PIXEL_DATA);
        assertThat(fragments.size()).isEqualTo(2);
        assertThat(fragments.itemLength(0)).isZero();
        assertThat(((Bytes) fragments.items().get(1)).bytes()).containsExactly(1, 2, 3, 4);
        assertThat(write(ds, jpeg)).isEqualTo(Hex.bytes(hex));
    }

    @Test
    void stopsBeforePixelDataAndSaysTheReadIsIncomplete(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("image.dcm");
        DataSet ds = new DataSet();
        ds.setString(PATIENT_ID, Vr.LO, "1234");
        ds.setBytes(Tag.PIXEL_DATA, Vr.OW, new byte[1000]);
        DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        DicomFile header = DicomReader.read(file, ReadOptions.DEFAULT.stoppingBefore(Tag.PIXEL_DATA));
        DicomFile whole = DicomReader.read(file, ReadOptions.DEFAULT);

        assertThat(header.complete()).isFalse();
        assertThat(header.dataSet().contains(Tag.PIXEL_DATA)).isFalse();
        assertThat(header.dataSet().getString(PATIENT_ID)).isEqualTo("1234");
        assertThat(whole.complete()).isTrue();
        assertThat(whole.dataSet().contains(Tag.PIXEL_DATA)).isTrue();
    }

    @Test
    void leavesValuesOverTheThresholdInTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("image.dcm");
        byte[] pixels = new byte[4096];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        DataSet ds = new DataSet();
        ds.setBytes(Tag.PIXEL_DATA, Vr.OW, pixels);
        DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);

        DicomFile read = DicomReader.read(file, ReadOptions.DEFAULT.withBulkDataThreshold(1024));
        BulkData bulk = (BulkData) read.dataSet().value(Tag.PIXEL_DATA);

        assertThat(bulk.length()).isEqualTo(4096);
        assertThat(bulk.bigEndian()).isTrue();
        byte[] inFile = bulk.readAll();
        assertThat(inFile[0]).isEqualTo(pixels[1]); // swapped pairs in the big endian file
        assertThat(inFile[1]).isEqualTo(pixels[0]);
        Path copy = dir.resolve("copy.dcm");
        DicomWriter.writeFile(copy, read.fileMeta(), read.dataSet(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(DicomReader.read(copy, ReadOptions.IN_MEMORY).dataSet().getBytes(Tag.PIXEL_DATA))
                .isEqualTo(pixels);
    }

    @Test
    void convertsBetweenEveryNativeTransferSyntax() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(PATIENT_NAME, Vr.PN, "Doe^John");
        ds.setInts(ROWS, Vr.US, 512);
        ds.setDoubles(0x00280030, Vr.DS, 0.5, 0.25);
        ds.newSequence(REFERENCED_IMAGE_SEQUENCE).addItem().setString(REFERENCED_SOP_INSTANCE_UID, Vr.UI, "1.2.3");
        ds.setBytes(Tag.PIXEL_DATA, Vr.OW, new byte[] {1, 2, 3, 4});
        TransferSyntax[] syntaxes = {TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
            TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN};

        for (TransferSyntax syntax : syntaxes) {
            DataSet back = DicomReader.readDataSet(new ByteArrayInputStream(write(ds, syntax)), syntax,
                    ReadOptions.IN_MEMORY);
            assertThat(back).as(syntax.uid()).isEqualTo(ds);
        }
    }

    @Test
    void writesTextTooLongForA16BitLengthAsUnInExplicitVr() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(PATIENT_ID, Vr.LO, "x".repeat(70_000));

        byte[] bytes = write(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        assertThat(new String(bytes, 4, 2)).isEqualTo("UN");
        DataSet back = DicomReader.readDataSet(new ByteArrayInputStream(bytes),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ReadOptions.IN_MEMORY);
        assertThat(back.getBytes(PATIENT_ID)).hasSize(70_000);
    }

    @Test
    void writesPart10FilesWithACorrectMetaGroupLength(@TempDir Path dir) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(0x00080016, Vr.UI, "1.2.840.10008.5.1.4.1.1.4");
        ds.setString(0x00080018, Vr.UI, "1.2.3.4");
        Path file = dir.resolve("x.dcm");
        DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);

        byte[] bytes = Files.readAllBytes(file);
        DicomFile read = DicomReader.read(file, ReadOptions.IN_MEMORY);
        long groupLength = read.fileMeta().getLongs(0x00020000)[0];
        int metaEnd = 132 + 12 + (int) groupLength;

        assertThat(new String(bytes, 128, 4)).isEqualTo("DICM");
        assertThat(read.warnings()).isEmpty();
        assertThat(read.fileMeta().getString(0x00020002)).isEqualTo("1.2.840.10008.5.1.4.1.1.4");
        assertThat(read.fileMeta().getString(0x00020003)).isEqualTo("1.2.3.4");
        assertThat(read.fileMeta().getString(0x00020012)).isEqualTo(Implementation.CLASS_UID);
        assertThat(read.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(bytes[metaEnd]).isEqualTo((byte) 0x08); // the data set starts right after the meta group
        assertThat(read.dataSet()).isEqualTo(ds);
    }

    @Test
    void infersTheSyntaxOfABareDataSetWithAWarning() throws IOException {
        byte[] bytes = Hex.bytes("""
                08 00 18 00 'UI' 04 00 '1.2' 00        // (0008,0018) UI, explicit VR little endian, no meta
                10 00 20 00 'LO' 04 00 '1234'          // (0010,0020) LO
                """);

        DicomFile read = DicomReader.read(bytes, ReadOptions.IN_MEMORY);

        assertThat(read.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(read.warnings()).anyMatch(w -> w.contains("no Transfer Syntax UID"));
        assertThat(read.dataSet().getString(PATIENT_ID)).isEqualTo("1234");
    }

    @Test
    void findsPrivateElementsThroughTheirCreator() throws IOException {
        DataSet ds = read("""
                29 00 10 00 'LO' 12 00 'SIEMENS CSA HEADER'  // (0029,0010) private creator, block 10
                29 00 11 00 'LO' 04 00 'ACME'                // (0029,0011) private creator, block 11
                29 00 08 11 'LO' 04 00 'abcd'                // (0029,1108) in the ACME block
                """, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        assertThat(ds.privateTag("ACME", 0x0029, 0x08)).isEqualTo(0x00291108);
        assertThat(ds.privateTag("SIEMENS CSA HEADER", 0x0029, 0x08)).isEqualTo(0x00291008);
        assertThat(ds.privateTag("NOBODY", 0x0029, 0x08)).isEqualTo(-1);
        assertThat(ds.privateCreatorOf(0x00291108)).isEqualTo("ACME");
        assertThat(ds.getString(ds.privateTag("ACME", 0x0029, 0x08))).isEqualTo("abcd");
    }

    @Test
    void readsUnknownVrUndefinedLengthAsImplicitLittleEndianItems() throws IOException {
        DataSet ds = read("""
                09 00 10 00 'LO' 04 00 'ACME'          // (0009,0010) private creator
                09 00 01 10 'UN' 00 00 FF FF FF FF     // (0009,1001) UN, undefined length: a sequence
                FE FF 00 E0 FF FF FF FF                // item, undefined length
                10 00 20 00 04 00 00 00 '1234'         // (0010,0020) implicit VR inside (PS3.5 6.2.2)
                FE FF 0D E0 00 00 00 00                // item delimitation
                FE FF DD E0 00 00 00 00                // sequence delimitation
                """, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        Sequence sequence = ds.getSequence(0x00091001);
        assertThat(ds.vr(0x00091001)).isEqualTo(Vr.UN);
        assertThat(sequence.item(0).getString(PATIENT_ID)).isEqualTo("1234");
    }

    @Test
    void reportsTrailingZeroPaddingAsAWarning() throws IOException {
        byte[] bytes = Hex.bytes("""
                08 00 18 00 'UI' 04 00 '1.2' 00        // (0008,0018) UI
                00 00 00 00 00 00 00 00 00 00 00 00    // zero padding some writers leave
                """);

        DicomFile read = DicomReader.read(bytes, ReadOptions.IN_MEMORY);

        assertThat(read.dataSet().size()).isEqualTo(1);
        assertThat(read.warnings()).anyMatch(w -> w.contains("12 zero bytes of padding"));
    }
}
