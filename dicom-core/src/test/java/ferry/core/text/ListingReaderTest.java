package ferry.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListingReaderTest {
    @TempDir
    Path tmp;

    private static Listing read(String text) {
        return ListingReader.DEFAULT.read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Listing lenient(String text) {
        return ListingReader.DEFAULT.lenient(true).read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> problems(Listing listing) {
        return listing.problems().stream().map(ListingProblem::toString).toList();
    }

    @Test
    void anEmptyListingIsAnEmptyDataSet() {
        Listing listing = read("");

        assertThat(listing.problems()).isEmpty();
        assertThat(listing.dataSet().isEmpty()).isTrue();
        assertThat(listing.fileMeta().isEmpty()).isTrue();
    }

    @Test
    void readsLinesWrittenByHandWithKeywordsBareValuesAndTheDictionarysVr() {
        Listing listing = read("""
                PatientName [Doe^John]
                (0010,0020) LO ID-1           # a comment
                (0028,0010) US 512
                (0028,0030) [0.5\\0.25]
                Modality CT
                (0008,0016) UI =SecondaryCaptureImageStorage
                (0002,0010) UI =LittleEndianImplicit
                (0028,0009) AT (0018,1063)\\(0018,1065)
                (0018,9087) FD -0\\1.5e3\\NaN
                """);

        assertThat(problems(listing)).isEmpty();
        DataSet ds = listing.dataSet();
        assertThat(ds.getString(Tags.PatientName)).isEqualTo("Doe^John");
        assertThat(ds.getString(Tags.PatientID)).isEqualTo("ID-1");
        assertThat(ds.getInt(Tags.Rows)).isEqualTo(512);
        assertThat(ds.vr(Tags.PixelSpacing)).isEqualTo(Vr.DS);
        assertThat(ds.getDoubles(Tags.PixelSpacing)).containsExactly(0.5, 0.25);
        assertThat(ds.getString(Tags.Modality)).isEqualTo("CT");
        assertThat(ds.getString(Tags.SOPClassUID)).isEqualTo("1.2.840.10008.5.1.4.1.1.7");
        assertThat(listing.fileMeta().getString(Tag.TRANSFER_SYNTAX_UID)).isEqualTo("1.2.840.10008.1.2");
        assertThat(ds.getBytes(Tags.FrameIncrementPointer)).containsExactly(0x18, 0, 0x63, 0x10, 0x18, 0, 0x65, 0x10);
        double[] doses = ds.getDoubles(Tags.DiffusionBValue);
        assertThat(Double.doubleToRawLongBits(doses[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(doses[1]).isEqualTo(1500);
        assertThat(doses[2]).isNaN();
    }

    @Test
    void acceptsDicomKeywordsAndDcmtksNamesForUids() {
        Listing listing = read("""
                (0002,0010) UI =ExplicitVRLittleEndian
                (0008,0016) UI =CTImageStorage
                (0008,1150) UI =JPEGFullProgression:Non-hierarchical:Process10+12
                """);

        assertThat(problems(listing)).isEmpty();
        assertThat(listing.fileMeta().getString(Tag.TRANSFER_SYNTAX_UID)).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(listing.dataSet().getString(Tags.ReferencedSOPClassUID)).isEqualTo("1.2.840.10008.1.2.4.55");
    }

    @Test
    void readsBytesAndWordsInHexadecimalAndOfValuesAsDcmdumpOrFerryDumpWritesThem() {
        Listing dcmtk = read("""
                # Dicom-Data-Set
                (0029,0010) LO [ACME]
                (0029,1010) OB 00\\01\\ff
                (0029,1011) OW 0102\\fffe\\03
                (0066,0016) OF 1\\-2.5
                """);
        Listing ferry = read("""
                # Data set (Explicit VR Little Endian)
                (0066,0016) OF 3f800000\\c0200000
                """);

        assertThat(problems(dcmtk)).isEmpty();
        assertThat(dcmtk.dataSet().getBytes(Tag.of(0x0029, 0x1010))).containsExactly(0, 1, 0xFF);
        assertThat(dcmtk.dataSet().getBytes(Tag.of(0x0029, 0x1011))).containsExactly(2, 1, 0xFE, 0xFF, 3);
        assertThat(dcmtk.dataSet().getBytes(Tags.PointCoordinatesData))
                .isEqualTo(ferry.dataSet().getBytes(Tags.PointCoordinatesData))
                .containsExactly(0, 0, 0x80, 0x3F, 0, 0, 0x20, 0xC0);
    }

    @Test
    void nestsItemsByIndentationAsFerryDumpPrintsThemWithTheLengthsItSays() {
        Listing listing = read("""
                # Data set (Explicit VR Little Endian)
                (0008,1115) SQ (Sequence, 2 items)                  # u/l, 1 ReferencedSeriesSequence
                  (FFFE,E000) na (Item 1 of 2)                        # 94, 1 Item
                    (0008,1199) SQ (Sequence, 1 item)                   # 30, 1 ReferencedSOPSequence
                      (FFFE,E000) na (Item 1 of 1)                        # 22, 1 Item
                        (0008,1155) UI [1.2.3]                              # 6, 1 ReferencedSOPInstanceUID
                    (0020,000E) UI [1.2.4]                              # 6, 1 SeriesInstanceUID
                  (FFFE,E000) na (Item 2 of 2)                        # u/l, 1 Item
                    (0020,000E) UI [1.2.5]                              # 6, 1 SeriesInstanceUID
                  (FFFE,E00D) na (ItemDelimitationItem)               # 0, 0 ItemDelimitationItem
                (FFFE,E0DD) na (SequenceDelimitationItem)           # 0, 0 SequenceDelimitationItem
                (0010,0010) PN [Doe]                                # 4, 1 PatientName
                """);

        assertThat(problems(listing)).isEmpty();
        Sequence series = listing.dataSet().getSequence(Tags.ReferencedSeriesSequence);
        assertThat(series.undefinedLength()).isTrue();
        assertThat(series.size()).isEqualTo(2);
        assertThat(series.item(0).undefinedLength()).isFalse();
        assertThat(series.item(1).undefinedLength()).isTrue();
        Sequence sops = series.item(0).getSequence(Tags.ReferencedSOPSequence);
        assertThat(sops.undefinedLength()).isFalse();
        assertThat(sops.item(0).getString(Tags.ReferencedSOPInstanceUID)).isEqualTo("1.2.3");
        assertThat(series.item(0).getString(Tags.SeriesInstanceUID)).isEqualTo("1.2.4");
        assertThat(series.item(1).getString(Tags.SeriesInstanceUID)).isEqualTo("1.2.5");
        assertThat(listing.dataSet().getString(Tags.PatientName)).isEqualTo("Doe");
    }

    @Test
    void nestsItemsByDelimiterLinesWithoutIndentationWithUndefinedLengths() {
        Listing listing = read("""
                (0008,1140) SQ
                (fffe,e000)
                (0008,1150) UI =CTImageStorage
                (0008,1155) UI [1.2.3]
                (fffe,e00d)
                (fffe,e000)
                (0008,1155) UI [1.2.4]
                (fffe,e0dd)
                (0010,0020) LO [after]
                """);

        assertThat(problems(listing)).isEmpty();
        Sequence images = listing.dataSet().getSequence(Tags.ReferencedImageSequence);
        assertThat(images.undefinedLength()).isTrue();
        assertThat(images.items()).hasSize(2);
        assertThat(images.item(0).undefinedLength()).isTrue();
        assertThat(images.item(1).undefinedLength()).isFalse();
        assertThat(images.item(1).getString(Tags.ReferencedSOPInstanceUID)).isEqualTo("1.2.4");
        assertThat(listing.dataSet().getString(Tags.PatientID)).isEqualTo("after");
    }

    @Test
    void elementsIndentedUnderASequenceLineWithoutItemLinesAreItsOneItem() {
        Listing listing = read("""
                (0040,A730) SQ
                  (0040,A040) CS [TEXT]
                  (0040,A160) UT [a finding]
                (0040,A040) CS [CONTAINER]
                """);

        assertThat(problems(listing)).isEmpty();
        Sequence content = listing.dataSet().getSequence(Tags.ContentSequence);
        assertThat(content.items()).hasSize(1);
        assertThat(content.item(0).getString(Tags.TextValue)).isEqualTo("a finding");
        assertThat(listing.dataSet().getString(Tags.ValueType)).isEqualTo("CONTAINER");
    }

    @Test
    void dcmdumpsExplicitLengthWordsWinOverItsDelimitersForReEncoding() {
        Listing listing = read("""
                # Dicom-Data-Set
                (300a,0010) SQ (Sequence with explicit length #=1)      #  18, 1 DoseReferenceSequence
                  (fffe,e000) na (Item with explicit length #=1)          #  10, 1 Item
                    (300a,0012) IS [1]                                      #   2, 1 DoseReferenceNumber
                  (fffe,e00d) na (ItemDelimitationItem for re-encoding)   #   0, 0 ItemDelimitationItem
                (fffe,e0dd) na (SequenceDelimitationItem for re-encod.) #   0, 0 SequenceDelimitationItem
                """);

        assertThat(problems(listing)).isEmpty();
        Sequence doses = listing.dataSet().getSequence(Tags.DoseReferenceSequence);
        assertThat(doses.undefinedLength()).isFalse();
        assertThat(doses.item(0).undefinedLength()).isFalse();
        assertThat(doses.item(0).getInt(Tags.DoseReferenceNumber)).isEqualTo(1);
    }

    @Test
    void readsEncapsulatedPixelDataItemsAsFragments() {
        Listing listing = read("""
                (7FE0,0010) OB (Encapsulated pixel data, 2 items)   # u/l, 1 PixelData
                  (FFFE,E000) pi (no value available)                 # 0, 1 Item
                  (FFFE,E000) pi ff\\d8\\ff\\d9                        # 4, 1 Item
                (FFFE,E0DD) na (SequenceDelimitationItem)           # 0, 0 SequenceDelimitationItem
                """);

        assertThat(problems(listing)).isEmpty();
        Fragments fragments = (Fragments) listing.dataSet().value(Tag.PIXEL_DATA);
        assertThat(fragments.size()).isEqualTo(2);
        assertThat(fragments.itemLength(0)).isZero();
        assertThat(fragments.itemLength(1)).isEqualTo(4);
    }

    @Test
    void readsTheBytesOfAFileForAnObValueWrittenAsEqualsFile() throws IOException {
        Files.write(tmp.resolve("pixels.raw"), new byte[] {1, 2, 3, 4});

        Listing listing = ListingReader.DEFAULT.withFilesFrom(tmp)
                .read("(7FE0,0010) OW =pixels.raw\n".getBytes(StandardCharsets.UTF_8));

        assertThat(problems(listing)).isEmpty();
        assertThat(listing.dataSet().getBytes(Tag.PIXEL_DATA)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void encodesTextInTheDataSetsCharacterSetWhereverItIsDeclared() {
        Listing latin1 = read("""
                (0010,0010) PN [Müller^Jürgen]
                (0008,0005) CS [ISO_IR 100]
                """);
        Listing undeclared = read("(0010,0010) PN [Müller^Jürgen]\n");

        assertThat(problems(latin1)).isEmpty();
        assertThat(latin1.dataSet().getBytes(Tags.PatientName))
                .isEqualTo("Müller^Jürgen ".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(problems(undeclared)).containsExactly("line 1: warning: non-ASCII text and no Specific Character "
                + "Set (0008,0005): declared ISO_IR 192 (UTF-8)");
        assertThat(undeclared.dataSet().getString(Tags.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(undeclared.dataSet().getString(Tags.PatientName)).isEqualTo("Müller^Jürgen");
    }

    @Test
    void refusesTextItsCharacterSetCannotHold() {
        Listing listing = read("""
                (0008,0005) CS [ISO_IR 100]
                (0010,0010) PN [山田^太郎]
                """);

        assertThat(problems(listing)).containsExactly("line 2: '山田^太郎' cannot be written in the character set "
                + "'ISO_IR 100' of its data set (Specific Character Set on line 1)");
    }

    @Test
    void takesDcmdumpsTextAsTheBytesOfTheFileAndDecodesItsCharacterReferences() {
        byte[] listing = ("# Dicom-File-Format\n(0008,0005) CS [ISO_IR 100]\n(0010,0010) PN [M\u00fcller]\n"
                + "(0010,4000) LT [a&amp;b&#13;&#10;&#252;]\n").getBytes(StandardCharsets.ISO_8859_1);

        Listing read = ListingReader.DEFAULT.read(listing);

        assertThat(problems(read)).isEmpty();
        assertThat(read.dataSet().getBytes(Tags.PatientName)).isEqualTo("M\u00fcller".getBytes(
                StandardCharsets.ISO_8859_1));
        assertThat(read.dataSet().getString(Tags.PatientComments)).isEqualTo("a&b\r\nü");
    }

    @Test
    void decodesNumericCharacterReferencesOnlyInFerryListings() {
        Listing listing = read("""
                # Data set (Explicit VR Little Endian)
                (0010,4000) LT [line 1&#13;&#10;line 2 &amp; &#38;#9;]
                """);

        assertThat(listing.dataSet().getString(Tags.PatientComments)).isEqualTo("line 1\r\nline 2 &amp; &#9;");
    }

    @Test
    void aValueGivenTwiceTakesTheLaterLineWithAWarning() {
        Listing listing = read("""
                (0020,000D) UI [1.2.3]
                (0020,000D) UI [1.2.4]
                """);

        assertThat(problems(listing)).containsExactly("line 2: warning: (0020,000D) StudyInstanceUID was given on line"
                + " 1 already; this line's value is used");
        assertThat(listing.dataSet().getString(Tags.StudyInstanceUID)).isEqualTo("1.2.4");
    }

    @Test
    void listsEveryProblemWithItsLine() {
        Listing listing = read("""
                PatientNmae [Doe]
                (0010,0020) LO [ID]
                (0028,0010) US 70000
                (0008,0016) UI =SecondaryCaptureImageStorag
                (0029,1010) OB 00\\zz
                (0008,0060) CS [CT
                (FFFE,E00D)
                (0008,1140) SQ
                  (0002,0010) UI [1.2.840.10008.1.2]
                (0028,0011 US 1
                """);

        assertThat(problems(listing)).containsExactly(
                "line 1: unknown keyword 'PatientNmae' (did you mean PatientName?); write a tag such as (0029,1010) "
                        + "for elements without a keyword",
                "line 3: (0028,0010) Rows: '70000' is not an integer from 0 to 65535 for US",
                "line 4: (0008,0016) SOPClassUID: unknown UID name 'SecondaryCaptureImageStorag' (did you mean "
                        + "=SecondaryCaptureImageStorage?); write the UID itself between [ and ]",
                "line 5: (0029,1010): 'zz' is not a byte in hexadecimal for OB (two digits, such as 0f; bytes "
                        + "separated by \\)",
                "line 6: the value '[CT' has no closing ]",
                "line 7: an item delimiter (FFFE,E00D) with no item open",
                "line 9: file meta elements (0002,xxxx) belong at the top level, not in an item",
                "line 10: expected a tag such as (0010,0020) or a keyword such as PatientID at the start, found "
                        + "'(0028,0011 US 1'");
        assertThat(listing.brokenRules()).isZero();
    }

    @Test
    void valuesThatBreakTheRulesOfTheirVrAreErrorsOrWhenLenientWarnings() {
        String text = """
                (0008,0020) DA [2026-01-01]
                (0008,0060) CS [mr]
                (0020,000D) UI [1.2.03]
                (0010,0020) SH [ID]
                (0029,1010) LO [no creator]
                """;

        Listing strict = read(text);
        Listing lenient = lenient(text);

        assertThat(problems(strict)).containsExactly(
                "line 1: (0008,0020) StudyDate: '2026-01-01' is not a date: DA is YYYYMMDD (PS3.5 §6.2)",
                "line 2: (0008,0060) Modality: 'mr' has characters CS does not allow: upper-case letters, digits, "
                        + "space and _ only (PS3.5 §6.2)",
                "line 3: (0020,000D) StudyInstanceUID: '1.2.03' is not a UID: its component '03' starts with a zero"
                        + " (PS3.5 §9.1)",
                "line 4: (0010,0020) PatientID is LO in the dictionary (PS3.6), not SH",
                "line 5: the private element (0029,1010) has no private creator (0029,0010) in its data set "
                        + "(PS3.5 §7.8.1)");
        assertThat(strict.brokenRules()).isEqualTo(5);
        assertThat(lenient.hasErrors()).isFalse();
        assertThat(lenient.warnings()).hasSize(5);
        assertThat(lenient.dataSet().getString(Tags.StudyDate)).isEqualTo("2026-01-01");
        assertThat(lenient.dataSet().vr(Tags.PatientID)).isEqualTo(Vr.SH);
    }

    @Test
    void anUnknownVrIsAnErrorOrWhenLenientTheDictionarysVrWithAWarning() {
        String text = "(0010,0020) LN [WORKSHOP01]\n";

        assertThat(problems(read(text))).containsExactly("line 1: 'LN' is not a VR (PS3.5 §6.2); (0010,0020) "
                + "PatientID is LO: write LO");
        Listing lenient = lenient(text);
        assertThat(problems(lenient)).containsExactly("line 1: warning: 'LN' is not a VR (PS3.5 §6.2); (0010,0020)"
                + " PatientID is LO: written as LO");
        assertThat(lenient.dataSet().vr(Tags.PatientID)).isEqualTo(Vr.LO);
        assertThat(lenient.dataSet().getString(Tags.PatientID)).isEqualTo("WORKSHOP01");
        assertThat(problems(lenient("(0029,1010) LN [x]\n"))).containsExactly("line 1: 'LN' is not a VR (PS3.5 "
                + "§6.2); text values go between [ and ]");
    }

    @Test
    void valuesTheListerCutShortOrLeftInTheFileAreRefusedWithHowToListThemWhole() {
        Listing ferry = read("""
                # Data set (Explicit VR Little Endian)
                (0010,4000) LT [AAAA]...                          # 300, 1 PatientComments
                (7FE0,0010) OW 0000\\0001...                      # 8192, 1 PixelData
                (5400,1010) OW <bulk data, 70000 bytes>           # 70000, 1 WaveformData
                """);
        Listing dcmtk = read("""
                # Dicom-Data-Set
                (0020,4000) LT [BBBB...                          # 300, 1 ImageComments
                """);

        assertThat(problems(ferry)).containsExactly(
                "line 2: (0010,4000) PatientComments: the value was cut short (it ends in '...'): list the file with "
                        + "ferry dump --width 0",
                "line 3: (7FE0,0010) PixelData: the value was cut short (it ends in '...'): list the file with ferry"
                        + " dump --width 0",
                "line 4: (5400,1010) WaveformData: ferry dump left this value in the file (<bulk data, 70000 bytes>):"
                        + " list the file with ferry dump --width 0, or give the bytes from a file with =FILE");
        assertThat(problems(dcmtk)).containsExactly("line 2: (0020,4000) ImageComments: dcmdump cut this value short"
                + " (it ends in '...'): list the file with dcmdump +L");
    }

    @Test
    void refusesASecondFilesListingAndWarnsOfAHeaderOnlyListing() {
        Listing listing = read("""
                # FILE: a.dcm
                # Data set (Explicit VR Little Endian)
                (0010,0020) LO [A]
                # reading stopped early: the elements after these were not read

                # FILE: b.dcm
                (0010,0020) LO [B]
                """);

        assertThat(problems(listing)).containsExactly(
                "line 4: warning: the lister stopped reading the file here (ferry dump --header-only?): the elements "
                        + "after it, such as Pixel Data, are not in the listing",
                "line 6: a second file's listing starts here; a listing makes one object: list one file at a time",
                "line 7: warning: (0010,0020) PatientID was given on line 3 already; this line's value is used");
    }

    @Test
    void aLineThatIsNotUtf8IsAnErrorOutsideDcmdumpsListings() {
        byte[] latin1 = "(0010,0010) PN [M\u00fcller]\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(problems(ListingReader.DEFAULT.read(latin1))).singleElement().asString()
                .startsWith("line 1: the line is not UTF-8 text");
    }
}
