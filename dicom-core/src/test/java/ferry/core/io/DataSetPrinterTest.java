package ferry.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetPrinterTest {
    private static final DataSetPrinter PRINTER = DataSetPrinter.standard();

    private static String print(DataSet dataSet) {
        return PRINTER.toString(dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void printsOneLinePerElementWithTagVrValueLengthMultiplicityAndKeyword() {
        DataSet ds = new DataSet();
        ds.setString(Tags.PatientName, Vr.PN, "Doe^Jane");
        ds.setString(Tags.PixelSpacing, Vr.DS, "0.5", "0.25");
        ds.setInts(Tags.Rows, Vr.US, 512);

        assertThat(print(ds)).isEqualTo("""
                (0010,0010) PN [Doe^Jane]                           # 8, 1 PatientName
                (0028,0010) US 512                                  # 2, 1 Rows
                (0028,0030) DS [0.5\\0.25]                           # 8, 2 PixelSpacing
                """);
    }

    @Test
    void printsNumbersOfEveryBinaryVrPlainAndJoinedWithBackslash() {
        DataSet ds = new DataSet();
        ds.setInts(0x00091001, Vr.SS, -2, 3);
        ds.setInts(0x00091002, Vr.UL, 4_000_000_000L);
        ds.setInts(0x00091003, Vr.SL, -70_000);
        ds.setDoubles(0x00091004, Vr.FL, 0.5, 2);
        ds.setDoubles(0x00091005, Vr.FD, 1e-300);
        ds.setBytes(0x00091006, Vr.AT, new byte[] {0x10, 0x00, 0x20, 0x00});
        ds.setInts(0x00091007, Vr.UV, -1);

        assertThat(print(ds).lines().map(DataSetPrinterTest::valueColumn).toList()).containsExactly(
                "SS -2\\3", "UL 4000000000", "SL -70000", "FL 0.5\\2", "FD 1.0E-300", "AT (0010,0020)",
                "UV 18446744073709551615");
    }

    @Test
    void printsTheFirstBytesOfByteAndWordValuesInHexInTheirUnit() {
        DataSet ds = new DataSet();
        ds.setBytes(0x00091010, Vr.OB, new byte[] {0, 1, (byte) 0xFE});
        ds.setBytes(0x00091011, Vr.OW, new byte[] {0x34, 0x12, (byte) 0xCD, (byte) 0xAB});
        ds.setBytes(0x00091012, Vr.UN, new byte[20]);

        assertThat(print(ds).lines().map(DataSetPrinterTest::valueColumn).toList()).containsExactly(
                "OB 00\\01\\fe", "OW 1234\\abcd", "UN 00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00...");
    }

    @Test
    void namesRegisteredUidsAndTheTransferSyntaxOfTheDataSet() throws IOException {
        DataSet meta = new DataSet();
        meta.setString(Tags.TransferSyntaxUID, Vr.UI, "1.2.840.10008.1.2.1");
        DataSet ds = new DataSet();
        ds.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.4");
        ds.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.3.4");
        StringBuilder out = new StringBuilder();

        PRINTER.print(new DicomFile(meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, true, List.of(), 0), out);

        assertThat(out.toString()).isEqualTo("""
                # File meta information
                (0002,0010) UI [1.2.840.10008.1.2.1] (Explicit VR Little Endian)  # 20, 1 TransferSyntaxUID
                # Data set (Explicit VR Little Endian)
                (0008,0016) UI [1.2.840.10008.5.1.4.1.1.4] (MR Image Storage)  # 26, 1 SOPClassUID
                (0008,0018) UI [1.2.3.4]                            # 8, 1 SOPInstanceUID
                """);
    }

    @Test
    void printsWarningsFirstAndSaysWhenTheReadStoppedEarly() throws IOException {
        DicomFile file = new DicomFile(new DataSet(), new DataSet(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, false,
                List.of("no preamble"), 0);
        StringWriter out = new StringWriter();

        PRINTER.print(file, out);
        String withWarnings = out.toString();
        StringWriter quiet = new StringWriter();
        PRINTER.withWarnings(false).print(file, quiet);

        assertThat(withWarnings).isEqualTo("""
                # warning: no preamble
                # File meta information: none
                # Data set (Implicit VR Little Endian)
                # reading stopped early: the elements after these were not read
                """);
        assertThat(quiet.toString()).doesNotContain("warning");
    }

    @Test
    void indentsItemsAndPrintsDelimitersOnlyForUndefinedLengths() {
        DataSet ds = new DataSet();
        Sequence undefined = ds.newSequence(Tags.ReferencedImageSequence);
        DataSet item = undefined.addItem();
        item.setUndefinedLength(true);
        item.setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.2.3");
        Sequence defined = new Sequence(ds, false);
        ds.put(Tags.ReferencedSeriesSequence, Vr.SQ, defined);
        defined.addItem().setString(Tags.SeriesInstanceUID, Vr.UI, "1.2");

        assertThat(print(ds)).isEqualTo("""
                (0008,1115) SQ (Sequence, 1 item)                   # 20, 1 ReferencedSeriesSequence
                  (FFFE,E000) na (Item 1 of 1)                        # 12, 1 Item
                    (0020,000E) UI [1.2]                                # 4, 1 SeriesInstanceUID
                (0008,1140) SQ (Sequence, 1 item)                   # u/l, 1 ReferencedImageSequence
                  (FFFE,E000) na (Item 1 of 1)                        # u/l, 1 Item
                    (0008,1155) UI [1.2.3]                              # 6, 1 ReferencedSOPInstanceUID
                  (FFFE,E00D) na (ItemDelimitationItem)               # 0, 0 ItemDelimitationItem
                (FFFE,E0DD) na (SequenceDelimitationItem)           # 0, 0 SequenceDelimitationItem
                """);
    }

    @Test
    void printsFragmentsAsItemsAndBulkDataAsAPlaceholderWithItsLength() {
        DataSet ds = new DataSet();
        Fragments fragments = new Fragments();
        fragments.add(Bytes.EMPTY);
        fragments.add(new Bytes(new byte[] {(byte) 0xFF, (byte) 0xD8}));
        fragments.add(new BulkData(Path.of("x.dcm"), 1000, 300_000, false));
        ds.put(Tags.PixelData, Vr.OB, fragments);
        ds.put(Tags.WaveformData, Vr.OW, new BulkData(Path.of("x.dcm"), 0, 70_000, false));

        assertThat(print(ds)).isEqualTo("""
                (5400,1010) OW <bulk data, 70000 bytes>             # 70000, 1 WaveformData
                (7FE0,0010) OB (Encapsulated pixel data, 3 items)   # u/l, 1 PixelData
                  (FFFE,E000) pi (no value available)                 # 0, 1 Item
                  (FFFE,E000) pi ff\\d8                                # 2, 1 Item
                  (FFFE,E000) pi <bulk data, 300000 bytes>            # 300000, 1 Item
                (FFFE,E0DD) na (SequenceDelimitationItem)           # 0, 0 SequenceDelimitationItem
                """);
    }

    @Test
    void cutsLongValuesAtTheWidthAndNeverWithWidthZero() {
        DataSet ds = new DataSet();
        ds.setString(Tags.StudyDescription, Vr.LO, "A".repeat(70));

        assertThat(valueColumn(print(ds).strip())).isEqualTo("LO [" + "A".repeat(64) + "]...");
        assertThat(valueColumn(PRINTER.withWidth(10).toString(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).strip()))
                .isEqualTo("LO [AAAAAAAAAA]...");
        assertThat(valueColumn(PRINTER.withWidth(0).toString(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).strip()))
                .isEqualTo("LO [" + "A".repeat(70) + "]");
        assertThatThrownBy(() -> PRINTER.withWidth(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withWidthZeroPrintsEveryByteAndTheBytesOfBulkDataFromTheirFile(@TempDir Path tmp) throws IOException {
        Path file = Files.write(tmp.resolve("values"), new byte[] {0x12, 0x34, 0x56, 0x78, (byte) 0x9A});
        DataSet ds = new DataSet();
        ds.setBytes(0x00091010, Vr.OB, new byte[20]);
        ds.setBytes(0x00091011, Vr.OW, new byte[] {0x34, 0x12, 0x56});
        ds.put(0x00091012, Vr.OW, new BulkData(file, 0, 5, false));
        ds.put(0x00091013, Vr.OW, new BulkData(file, 0, 4, true)); // big endian in the file
        ds.setDoubles(0x00091014, Vr.FD, -0.0);

        assertThat(PRINTER.withWidth(0).toString(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).lines()
                .map(DataSetPrinterTest::valueColumn).toList()).containsExactly(
                "OB " + String.join("\\", Collections.nCopies(20, "00")),
                "OW 1234\\56", "OW 3412\\7856\\9a", "OW 1234\\5678", "FD -0");
    }

    @Test
    void printsAnAmpersandBeforeAHashAsACharacterReferenceSoTheTextReadsBackAsItWas() {
        DataSet ds = new DataSet();
        ds.setString(Tags.ImageComments, Vr.LT, "R&D &#9; done");

        assertThat(print(ds)).contains("[R&D &#38;#9; done]");
    }

    @Test
    void keepsEachElementOnOneLineByWritingControlCharactersAsCharacterReferences() {
        DataSet ds = new DataSet();
        ds.setString(Tags.ImageComments, Vr.LT, "line 1\r\nline 2\ttab");

        assertThat(print(ds)).hasLineCount(1).contains("[line 1&#13;&#10;line 2&#9;tab]");
    }

    @Test
    void decodesTextWithTheCharacterSetOfTheDataSetOrOfTheItemsParent() {
        DataSet ds = new DataSet();
        ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        ds.setString(Tags.PatientName, Vr.PN, "Müller^Jürgen");
        ds.newSequence(Tags.OtherPatientIDsSequence).addItem().setString(Tags.PatientName, Vr.PN, "Ωmega");

        assertThat(print(ds)).contains("[Müller^Jürgen]").contains("[Ωmega]");
    }

    @Test
    void namesPrivateCreatorsAndPrivateElementsByTheirCreator() {
        DataSet ds = new DataSet();
        int block = ds.reservePrivateBlock("ACME 1.0", 0x0029);
        ds.setString(0x00290000 | block << 8 | 0x01, Vr.LO, "x");
        ds.setBytes(0x00291101, Vr.UN, new byte[] {1, 2});
        ds.setString(0x00090002, Vr.LO, "y");

        assertThat(print(ds).lines().map(line -> line.substring(line.indexOf('#') + 2)).toList()).containsExactly(
                "2, 1 Unknown", "8, 1 PrivateCreator", "2, 1 Private(ACME 1.0)", "2, 1 Private");
    }

    /** The VR and value of a line: what lies between the tag and the comment. */
    private static String valueColumn(String line) {
        return line.substring(12, line.indexOf("  #")).strip();
    }
}
