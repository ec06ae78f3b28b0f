package ferry.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Peers;
import ferry.core.testing.Pydicom;
import ferry.core.testing.ToolRun;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden tests per transfer syntax with files made at test time by the peers: dcmtk's dump2dcm, dcmconv and
 * img2dcm, and pydicom. Each file holds the same small data set ({@link #DUMP}); Ferry must read it in the
 * expected transfer syntax with exact values, write it back in its own syntax byte for byte, and dcmdump must read
 * Ferry's file with the same element list.
 */
class PeerMadeFilesTest {
    static final String SOP_INSTANCE = "1.2.826.0.1.3680043.9.7433.1.1";
    static final String MR_STORAGE = "1.2.840.10008.5.1.4.1.1.4";

    /** The data set in dcmdump's text form, as dump2dcm reads it. */
    static final String DUMP = """
            # Ferry golden test data set: text, numbers, a sequence of two items, a private block
            (0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]
            (0008,0018) UI [1.2.826.0.1.3680043.9.7433.1.1]
            (0008,0060) CS [OT]
            (0008,1140) SQ (Sequence with explicit length #=2)
            (fffe,e000) na (Item with explicit length #=2)
            (0008,1150) UI [1.2.840.10008.5.1.4.1.1.4]
            (0008,1155) UI [1.2.826.0.1.3680043.9.7433.1.2]
            (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e000) na (Item with explicit length #=2)
            (0008,1150) UI [1.2.840.10008.5.1.4.1.1.4]
            (0008,1155) UI [1.2.826.0.1.3680043.9.7433.1.3]
            (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (0010,0010) PN [Doe^Jane^Q]
            (0010,0020) LO [FERRY-0042]
            (0018,0050) DS [2.5]
            (0028,0010) US 4
            (0028,0011) US 5
            (0028,0030) DS [0.5\\0.25]
            (0029,0010) LO [FERRY TEST]
            (0029,1001) LO [private value]
            (0029,1002) US 513\\2
            """;

    /** The same data set written by pydicom, once per native transfer syntax. */
    static final String PYDICOM_SCRIPT = """
            import sys, os
            from pydicom.dataset import Dataset, FileMetaDataset
            from pydicom.sequence import Sequence
            from pydicom.uid import (ImplicitVRLittleEndian, ExplicitVRLittleEndian, ExplicitVRBigEndian,
                                     DeflatedExplicitVRLittleEndian)
            syntaxes = {'implicit': ImplicitVRLittleEndian, 'explicit': ExplicitVRLittleEndian,
                        'big': ExplicitVRBigEndian, 'deflated': DeflatedExplicitVRLittleEndian}
            name, path = sys.argv[1], sys.argv[2]
            ts = syntaxes[name]
            ds = Dataset()
            ds.SOPClassUID = '1.2.840.10008.5.1.4.1.1.7'
            ds.SOPInstanceUID = '1.2.826.0.1.3680043.9.7433.1.1'
            ds.Modality = 'OT'
            items = []
            for n in (2, 3):
                item = Dataset()
                item.ReferencedSOPClassUID = '1.2.840.10008.5.1.4.1.1.4'
                item.ReferencedSOPInstanceUID = '1.2.826.0.1.3680043.9.7433.1.%d' % n
                items.append(item)
            ds.ReferencedImageSequence = Sequence(items)
            ds.PatientName = 'Doe^Jane^Q'
            ds.PatientID = 'FERRY-0042'
            ds.SliceThickness = '2.5'
            ds.Rows = 4
            ds.Columns = 5
            ds.PixelSpacing = ['0.5', '0.25']
            block = ds.private_block(0x0029, 'FERRY TEST', create=True)
            block.add_new(0x01, 'LO', 'private value')
            block.add_new(0x02, 'US', [513, 2])
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = ds.SOPClassUID
            meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            meta.TransferSyntaxUID = ts
            ds.file_meta = meta
            ds.is_little_endian = ts != ExplicitVRBigEndian
            ds.is_implicit_VR = ts == ImplicitVRLittleEndian
            ds.save_as(path, write_like_original=False)
            """;

    @TempDir
    Path tmp;

    // ---- making the files -------------------------------------------------------------------------------------

    private static ToolRun succeed(String... command) {
        ToolRun run = ToolRun.run(Duration.ofSeconds(60), List.of(command));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run;
    }

    /** dump2dcm with an output transfer syntax option ({@code +ti}, {@code +te}, {@code +tb}). */
    private Path dump2dcm(String syntaxOption) throws IOException {
        Path dump2dcm = Peers.requireExecutable("dump2dcm", "apt-get install dcmtk");
        Path text = tmp.resolve("data-set.dump");
        Files.writeString(text, DUMP, StandardCharsets.US_ASCII);
        Path out = tmp.resolve("dump2dcm" + syntaxOption.replace('+', '_') + ".dcm");
        succeed(dump2dcm.toString(), syntaxOption, text.toString(), out.toString());
        return out;
    }

    /** dcmconv of the dump2dcm Explicit VR Little Endian file with {@code options}. */
    private Path dcmconv(String... options) throws IOException {
        Path dcmconv = Peers.requireExecutable("dcmconv", "apt-get install dcmtk");
        Path in = dump2dcm("+te");
        Path out = tmp.resolve("dcmconv" + String.join("", options).replace('+', '_') + ".dcm");
        String[] command = new String[options.length + 3];
        command[0] = dcmconv.toString();
        System.arraycopy(options, 0, command, 1, options.length);
        command[options.length + 1] = in.toString();
        command[options.length + 2] = out.toString();
        succeed(command);
        return out;
    }

    private Path pydicom(String syntaxName) throws IOException {
        Path python = Pydicom.requirePython();
        Path script = tmp.resolve("make.py");
        Files.writeString(script, PYDICOM_SCRIPT, StandardCharsets.UTF_8);
        Path out = tmp.resolve("pydicom-" + syntaxName + ".dcm");
        succeed(python.toString(), script.toString(), syntaxName, out.toString());
        return out;
    }

    // ---- checks -----------------------------------------------------------------------------------------------

    /** Reads {@code file} and checks the transfer syntax and every value of {@link #DUMP}. */
    private static DicomFile readAndCheckValues(Path file, TransferSyntax expected) throws IOException {
        DicomFile read = DicomReader.read(file, ReadOptions.IN_MEMORY);
        assertThat(read.transferSyntax()).isEqualTo(expected);
        assertThat(read.warnings()).isEmpty();
        assertThat(read.complete()).isTrue();
        DataSet ds = read.dataSet();
        assertThat(ds.getString(Tags.SOPInstanceUID)).isEqualTo(SOP_INSTANCE);
        assertThat(ds.getString(Tags.Modality)).isEqualTo("OT");
        assertThat(ds.getString(Tags.PatientName)).isEqualTo("Doe^Jane^Q");
        assertThat(ds.getPersonName(Tags.PatientName).givenName()).isEqualTo("Jane");
        assertThat(ds.getString(Tags.PatientID)).isEqualTo("FERRY-0042");
        assertThat(ds.getDouble(Tags.SliceThickness)).isEqualTo(2.5);
        assertThat(ds.getDoubles(Tags.PixelSpacing)).containsExactly(0.5, 0.25);
        assertThat(ds.getInt(Tags.Rows)).isEqualTo(4);
        assertThat(ds.getInt(Tags.Columns)).isEqualTo(5);
        Sequence references = ds.getSequence(Tags.ReferencedImageSequence);
        assertThat(references.size()).isEqualTo(2);
        for (int n = 0; n < 2; n++) {
            DataSet item = references.item(n);
            assertThat(item.size()).isEqualTo(2);
            assertThat(item.getString(Tags.ReferencedSOPClassUID)).isEqualTo(MR_STORAGE);
            assertThat(item.getString(Tags.ReferencedSOPInstanceUID)).isEqualTo("1.2.826.0.1.3680043.9.7433.1." + (n + 2));
        }
        int text = ds.privateTag("FERRY TEST", 0x0029, 0x01);
        int numbers = ds.privateTag("FERRY TEST", 0x0029, 0x02);
        assertThat(text).isEqualTo(0x00291001);
        assertThat(numbers).isEqualTo(0x00291002);
        assertThat(ds.privateCreatorOf(text)).isEqualTo("FERRY TEST");
        // implicit VR carries no VR for private elements: they are read as UN with the same bytes
        assertThat(ds.vr(text)).isEqualTo(expected.explicitVr() ? Vr.LO : Vr.UN);
        assertThat(new String(ds.getBytes(text), StandardCharsets.US_ASCII)).isEqualTo("private value ");
        assertThat(ds.vr(numbers)).isEqualTo(expected.explicitVr() ? Vr.US : Vr.UN);
        assertThat(ds.getBytes(numbers)).as("513\\2 as little endian US").containsExactly(1, 2, 2, 0);
        if (expected.explicitVr()) {
            assertThat(ds.getLongs(numbers)).containsExactly(513, 2);
        }
        return read;
    }

    /**
     * Writes the file back in its own syntax and checks that the data set bytes are the file's (inflated when
     * deflated), and that dcmdump reads Ferry's file with the same element list as the original.
     */
    private void checkWrittenBack(Path file, DicomFile read) throws IOException {
        TransferSyntax syntax = read.transferSyntax();
        Path written = tmp.resolve("ferry-" + file.getFileName());
        DicomWriter.writeFile(written, read.fileMeta(), read.dataSet(), syntax);
        assertThat(dataSetBytes(written, syntax)).as("data set bytes of Ferry's copy of %s", file.getFileName())
                .isEqualTo(dataSetBytes(file, syntax));

        Path dcmdump = Peers.requireExecutable("dcmdump", "apt-get install dcmtk");
        ToolRun original = succeed(dcmdump.toString(), "-q", "+L", "-Un", file.toString());
        ToolRun copy = succeed(dcmdump.toString(), "-q", "+L", "-Un", written.toString());
        assertThat(dataSetPart(copy.out(StandardCharsets.UTF_8)))
                .as("dcmdump of Ferry's copy").isEqualTo(dataSetPart(original.out(StandardCharsets.UTF_8)));
        String difference = ListingComparison.firstDifference(
                Listing.ofDcmdump(original.out(StandardCharsets.UTF_8)), Listing.ofFerry(read, Listing.Text.RAW),
                Listing.Text.RAW, read.warnings());
        assertThat(difference).as("Ferry's listing against dcmdump's").isNull();
    }

    private static String dataSetPart(String dcmdumpOutput) {
        return dcmdumpOutput.substring(dcmdumpOutput.indexOf("# Dicom-Data-Set"));
    }

    /** The bytes after the preamble and meta group, inflated for a deflated syntax. */
    private static byte[] dataSetBytes(Path file, TransferSyntax syntax) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        DicomFile read = DicomReader.read(file, ReadOptions.IN_MEMORY);
        int start = 132 + (int) EncodedLength.ofDataSet(read.fileMeta(), true);
        byte[] rest = Arrays.copyOfRange(bytes, start, bytes.length);
        return syntax.deflated() ? PydicomFilesRoundTripTest.inflate(rest) : rest;
    }

    private void checkGolden(Path file, TransferSyntax expected) throws IOException {
        DicomFile read = readAndCheckValues(file, expected);
        checkWrittenBack(file, read);
    }

    // ---- dcmtk ------------------------------------------------------------------------------------------------

    @Test
    void readsImplicitVrLittleEndianFromDump2dcm() throws IOException {
        checkGolden(dump2dcm("+ti"), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void readsExplicitVrLittleEndianFromDump2dcm() throws IOException {
        checkGolden(dump2dcm("+te"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void readsExplicitVrBigEndianFromDump2dcm() throws IOException {
        checkGolden(dump2dcm("+tb"), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
    }

    @Test
    void readsDeflatedExplicitVrLittleEndianFromDcmconv() throws IOException {
        checkGolden(dcmconv("+td"), TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void readsUndefinedLengthSequencesAndItemsInExplicitVrFromDcmconv() throws IOException {
        Path file = dcmconv("-e");
        DicomFile read = readAndCheckValues(file, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Sequence references = read.dataSet().getSequence(Tags.ReferencedImageSequence);
        assertThat(references.undefinedLength()).isTrue();
        assertThat(references.items()).allMatch(DataSet::undefinedLength);
        checkWrittenBack(file, read);
    }

    @Test
    void readsUndefinedLengthSequencesAndItemsInImplicitVrFromDcmconv() throws IOException {
        Path file = dcmconv("+ti", "-e");
        DicomFile read = readAndCheckValues(file, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        Sequence references = read.dataSet().getSequence(Tags.ReferencedImageSequence);
        assertThat(references.undefinedLength()).isTrue();
        assertThat(references.items()).allMatch(DataSet::undefinedLength);
        checkWrittenBack(file, read);
    }

    @Test
    void readsUndefinedLengthSequencesAndItemsInBigEndianFromDcmconv() throws IOException {
        Path file = dcmconv("+tb", "-e");
        DicomFile read = readAndCheckValues(file, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        assertThat(read.dataSet().getSequence(Tags.ReferencedImageSequence).undefinedLength()).isTrue();
        checkWrittenBack(file, read);
    }

    @Test
    void readsUndefinedLengthSequencesAndItemsInADeflatedDataSetFromDcmconv() throws IOException {
        Path file = dcmconv("+td", "-e");
        DicomFile read = readAndCheckValues(file, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(read.dataSet().getSequence(Tags.ReferencedImageSequence).undefinedLength()).isTrue();
        checkWrittenBack(file, read);
    }

    @Test
    void carriesTheFragmentsOfJpegBaselinePixelDataFromImg2dcmThrough() throws IOException {
        Path img2dcm = Peers.requireExecutable("img2dcm", "apt-get install dcmtk");
        BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, (x * 16) << 16 | (y * 32) << 8 | 0x80);
            }
        }
        Path jpeg = tmp.resolve("small.jpg");
        assertThat(ImageIO.write(image, "jpg", jpeg.toFile())).as("ImageIO has a JPEG writer").isTrue();
        Path file = tmp.resolve("img2dcm.dcm");
        succeed(img2dcm.toString(), "-i", "JPEG", jpeg.toString(), file.toString());

        DicomFile read = DicomReader.read(file, ReadOptions.IN_MEMORY);
        assertThat(read.transferSyntax().uid()).isEqualTo("1.2.840.10008.1.2.4.50"); // JPEG Baseline (Process 1)
        assertThat(read.transferSyntax().encapsulated()).isTrue();
        assertThat(read.dataSet().getInt(Tags.Rows)).isEqualTo(8);
        assertThat(read.dataSet().getInt(Tags.Columns)).isEqualTo(16);
        Fragments fragments = (Fragments) read.dataSet().value(Tag.PIXEL_DATA);
        assertThat(fragments.size()).as("offset table and one fragment").isEqualTo(2);
        byte[] jpegBytes = withoutJfifSegment(Files.readAllBytes(jpeg)); // img2dcm drops the JFIF APP0 segment
        byte[] fragment = ((Bytes) fragments.items().get(1)).bytes();
        assertThat(fragment.length).as("the JPEG stream padded to even length").isEqualTo(jpegBytes.length + 1 & ~1);
        assertThat(Arrays.copyOf(fragment, jpegBytes.length)).isEqualTo(jpegBytes);

        for (TransferSyntax native_ : PydicomFilesRoundTripTest.NATIVE) {
            assertThatThrownBy(() -> DicomWriter.writeDataSet(OutputStream.nullOutputStream(), read.dataSet(),
                    native_)).as("writing fragments in %s", native_.uid()).isInstanceOf(IllegalArgumentException.class);
        }
        checkWrittenBack(file, read);
        DicomFile again = DicomReader.read(tmp.resolve("ferry-img2dcm.dcm"), ReadOptions.IN_MEMORY);
        assertThat(again.dataSet().value(Tag.PIXEL_DATA)).isEqualTo(fragments);
    }

    /** The JPEG stream without its JFIF APP0 segment (FFE0 after the SOI marker), if it has one. */
    private static byte[] withoutJfifSegment(byte[] jpeg) {
        if ((jpeg[2] & 0xFF) != 0xFF || (jpeg[3] & 0xFF) != 0xE0) {
            return jpeg;
        }
        int length = (jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF; // includes the two length bytes
        byte[] out = new byte[jpeg.length - 2 - length];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        System.arraycopy(jpeg, 4 + length, out, 2, jpeg.length - 4 - length);
        return out;
    }

    // ---- pydicom ----------------------------------------------------------------------------------------------

    @Test
    void readsImplicitVrLittleEndianFromPydicom() throws IOException {
        checkGolden(pydicom("implicit"), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void readsExplicitVrLittleEndianFromPydicom() throws IOException {
        checkGolden(pydicom("explicit"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void readsExplicitVrBigEndianFromPydicom() throws IOException {
        checkGolden(pydicom("big"), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
    }

    @Test
    void readsDeflatedExplicitVrLittleEndianFromPydicom() throws IOException {
        checkGolden(pydicom("deflated"), TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /** Big endian values are swapped to little endian in memory and back when written. */
    @Test
    void keepsBigEndianNumbersAsNumbers() throws IOException {
        DicomFile read = DicomReader.read(dump2dcm("+tb"), ReadOptions.IN_MEMORY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeDataSet(out, read.dataSet(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        DataSet little = DicomReader.readDataSet(new java.io.ByteArrayInputStream(out.toByteArray()),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ReadOptions.IN_MEMORY);
        assertThat(little.getLongs(0x00291002)).containsExactly(513, 2);
        assertThat(little).isEqualTo(read.dataSet());
    }
}
