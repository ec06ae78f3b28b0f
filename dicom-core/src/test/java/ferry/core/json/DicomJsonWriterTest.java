package ferry.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.tag.Vr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden tests: data sets built in code and the exact DICOM JSON text expected for them (PS3.18 §F.2). */
class DicomJsonWriterTest {

    static String json(DicomJsonWriter writer, DataSet dataSet) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(dataSet, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static String json(DataSet dataSet) throws IOException {
        return json(DicomJsonWriter.DEFAULT, dataSet);
    }

    /** JSON written with single quotes for readability in the expectations. */
    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @Test
    void writesTextValuesSplitAtBackslashInAscendingTagOrder() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(0x00204000, Vr.LT, "one\\still one");   // LT is single-valued: the backslash is text
        ds.setString(0x00080018, Vr.UI, "1.2.3");            // padded with NUL to "1.2.3\0"
        ds.setString(0x00080008, Vr.CS, "ORIGINAL", "PRIMARY");
        ds.setString(0x00081030, Vr.LO, "Brain ");           // padding removed
        ds.setString(0x00100020, Vr.LO, "A\"quote\"");

        assertThat(json(ds)).isEqualTo(q("{"
                + "'00080008':{'vr':'CS','Value':['ORIGINAL','PRIMARY']},"
                + "'00080018':{'vr':'UI','Value':['1.2.3']},"
                + "'00081030':{'vr':'LO','Value':['Brain']},"
                + "'00100020':{'vr':'LO','Value':['A\\'quote\\'']},"
                + "'00204000':{'vr':'LT','Value':['one\\\\still one']}}"));
    }

    @Test
    void writesPersonNamesAsObjectsWithTheirNonEmptyGroups() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(0x00100010, Vr.PN, "Doe^John^^Dr=DOE^J=do^jon");
        ds.setString(0x00081070, Vr.PN, "=Ideo^Only", "", "Smith");
        ds.setString(0x00081060, Vr.PN, "Last^First==Pho");

        assertThat(json(ds)).isEqualTo(q("{"
                + "'00081060':{'vr':'PN','Value':[{'Alphabetic':'Last^First','Phonetic':'Pho'}]},"
                + "'00081070':{'vr':'PN','Value':[{'Ideographic':'Ideo^Only'},null,{'Alphabetic':'Smith'}]},"
                + "'00100010':{'vr':'PN','Value':[{'Alphabetic':'Doe^John^^Dr','Ideographic':'DOE^J',"
                + "'Phonetic':'do^jon'}]}}"));
    }

    @Test
    void writesIsAndDsAsNumberTokensAsWrittenOrAsStringsWhenNotJsonNumbers() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(0x00200013, Vr.IS, "42", "-7", "+3", "007");
        ds.setString(0x00280030, Vr.DS, "1.50", "1e3", "-0.000001", "1.", ".5", "+2", "", "1.0E+02");

        assertThat(json(ds)).isEqualTo(q("{"
                + "'00200013':{'vr':'IS','Value':[42,-7,'+3','007']},"
                + "'00280030':{'vr':'DS','Value':[1.50,1e3,-0.000001,'1.','.5','+2',null,1.0E+02]}}"));
    }

    @Test
    void decidesWhatIsAJsonNumberAsJsonsGrammarDoesForEveryShortText() {
        // the grammar of RFC 8259 §6 as a regular expression, the oracle for the hand-written check
        Pattern grammar = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
        char[] alphabet = "0159-+.eE x".toCharArray();
        List<String> texts = new ArrayList<>(List.of("", "1.0E+02", "-0.000001", "12345678901234567890", "1e", "1e+",
                "--1", "0.", "00", "-", "1.5e-3", "1E5"));
        for (int length = 1; length <= 4; length++) {
            for (int n = 0; n < Math.pow(alphabet.length, length); n++) {
                char[] text = new char[length];
                for (int i = 0, rest = n; i < length; i++, rest /= alphabet.length) {
                    text[i] = alphabet[rest % alphabet.length];
                }
                texts.add(new String(text));
            }
        }
        for (String text : texts) {
            assertThat(DicomJsonWriter.isJsonNumber(text)).as("'%s'", text).isEqualTo(grammar.matcher(text).matches());
        }
        assertThat(texts).hasSizeGreaterThan(16_000);
    }

    @Test
    void writesBinaryNumbersAsJsonNumbers() throws IOException {
        DataSet ds = new DataSet();
        ds.setInts(0x00280010, Vr.US, 1, 65535);
        ds.setInts(0x00280106, Vr.SS, -1);
        ds.setInts(0x00181063, Vr.UL, 4294967295L);
        ds.setInts(0x00189219, Vr.SL, Integer.MIN_VALUE);
        ds.setInts(0x00660040, Vr.UV, -1L);                 // 2^64 - 1
        ds.setInts(0x00660041, Vr.SV, Long.MIN_VALUE);
        ds.setDoubles(0x00181050, Vr.FL, 0.1, -2.5);         // float precision: 0.1, not 0.10000000149011612
        ds.setDoubles(0x00186028, Vr.FD, 0.1, Double.NaN, Double.NEGATIVE_INFINITY, 1e300);

        assertThat(json(ds)).isEqualTo(q("{"
                + "'00181050':{'vr':'FL','Value':[0.1,-2.5]},"
                + "'00181063':{'vr':'UL','Value':[4294967295]},"
                + "'00186028':{'vr':'FD','Value':[0.1,'NaN','-Infinity',1.0E300]},"
                + "'00189219':{'vr':'SL','Value':[-2147483648]},"
                + "'00280010':{'vr':'US','Value':[1,65535]},"
                + "'00280106':{'vr':'SS','Value':[-1]},"
                + "'00660040':{'vr':'UV','Value':[18446744073709551615]},"
                + "'00660041':{'vr':'SV','Value':[-9223372036854775808]}}"));
    }

    @Test
    void writesAttributeTagsAsEightHexDigits() throws IOException {
        DataSet ds = new DataSet();
        // (0028,0009) and (0018,1063) little endian: group then element, 16 bits each
        ds.setBytes(0x00280009, Vr.AT, new byte[] {0x28, 0x00, 0x09, 0x00, 0x18, 0x00, 0x63, 0x10});

        assertThat(json(ds)).isEqualTo(q("{'00280009':{'vr':'AT','Value':['00280009','00181063']}}"));
    }

    @Test
    void writesSequencesAsArraysOfItemObjects() throws IOException {
        DataSet ds = new DataSet();
        Sequence outer = ds.newSequence(0x00081140);
        outer.addItem().setString(0x00081150, Vr.UI, "1.2.840.10008.5.1.4.1.1.4");
        DataSet second = outer.addItem();
        second.setString(0x00081155, Vr.UI, "1.2.3.4");
        second.newSequence(0x00089215).addItem().setString(0x00080100, Vr.SH, "121322");
        outer.addItem();                                      // an empty item
        ds.newSequence(0x00081115);                           // an empty sequence

        assertThat(json(ds)).isEqualTo(q("{"
                + "'00081115':{'vr':'SQ'},"
                + "'00081140':{'vr':'SQ','Value':["
                + "{'00081150':{'vr':'UI','Value':['1.2.840.10008.5.1.4.1.1.4']}},"
                + "{'00081155':{'vr':'UI','Value':['1.2.3.4']},"
                + "'00089215':{'vr':'SQ','Value':[{'00080100':{'vr':'SH','Value':['121322']}}]}},"
                + "{}]}}"));
    }

    @Test
    void writesEmptyValuesWithOnlyTheirVr() throws IOException {
        DataSet ds = new DataSet();
        ds.put(0x00100010, Vr.PN, Bytes.EMPTY);
        ds.put(0x00100030, Vr.DA, Bytes.EMPTY);
        ds.setString(0x00080050, Vr.SH, "  ");                // only padding
        ds.put(0x00280010, Vr.US, Bytes.EMPTY);
        ds.put(0x00200052, Vr.UI, new Bytes(new byte[] {0, 0}));
        ds.put(0x7FE00010, Vr.OB, Bytes.EMPTY);
        ds.setString(0x00080008, Vr.CS, "", "PRIMARY", "");   // empty values among others are null

        assertThat(json(ds)).isEqualTo(q("{"
                + "'00080008':{'vr':'CS','Value':[null,'PRIMARY',null]},"
                + "'00080050':{'vr':'SH'},"
                + "'00100010':{'vr':'PN'},"
                + "'00100030':{'vr':'DA'},"
                + "'00200052':{'vr':'UI'},"
                + "'00280010':{'vr':'US'},"
                + "'7FE00010':{'vr':'OB'}}"));
    }

    @Test
    void writesOtherBinaryVrsAsInlineBinary() throws IOException {
        DataSet ds = new DataSet();
        ds.setBytes(0x00420011, Vr.OB, new byte[] {1, 2, 3, 4});                 // AQIDBA==
        ds.setBytes(0x00281201, Vr.OW, new byte[] {(byte) 0xFF, 0x00});          // /wA=
        ds.setBytes(0x00091010, Vr.UN, "Ferry".getBytes(StandardCharsets.US_ASCII));
        ds.setBytes(0x00280010, Vr.US, new byte[] {1, 2, 3});                   // not whole US values

        assertThat(json(ds)).isEqualTo(q("{"
                + "'00091010':{'vr':'UN','InlineBinary':'RmVycnk='},"
                + "'00280010':{'vr':'US','InlineBinary':'AQID'},"
                + "'00281201':{'vr':'OW','InlineBinary':'/wA='},"
                + "'00420011':{'vr':'OB','InlineBinary':'AQIDBA=='}}"));
    }

    @Test
    void leavesGroupLengthsOut() throws IOException {
        DataSet ds = new DataSet();
        ds.setInts(0x00080000, Vr.UL, 10);
        ds.setString(0x00080060, Vr.CS, "CT");

        assertThat(json(ds)).isEqualTo(q("{'00080060':{'vr':'CS','Value':['CT']}}"));
    }

    @Test
    void writesEncapsulatedPixelDataAsTheItemsOfItsValueField() throws IOException {
        DataSet ds = new DataSet();
        Fragments fragments = new Fragments();
        fragments.add(Bytes.EMPTY);                                   // empty Basic Offset Table
        fragments.add(new Bytes(new byte[] {1, 2, 3, 4}));
        ds.put(0x7FE00010, Vr.OB, fragments);
        // FE FF 00 E0 00 00 00 00 | FE FF 00 E0 04 00 00 00 01 02 03 04
        assertThat(json(ds)).isEqualTo(q("{'7FE00010':{'vr':'OB','InlineBinary':'/v8A4AAAAAD+/wDgBAAAAAECAwQ='}}"));
    }

    @Test
    void writesBulkDataUrisForBulkDataAndForValuesOverTheThreshold(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("values.bin");
        Files.write(file, new byte[] {9, 9, 9, 9, 1, 2, 3, 4, 5, 6, 7, 8});
        DataSet ds = new DataSet();
        ds.put(0x7FE00010, Vr.OW, new BulkData(file, 4, 8, false));
        ds.setBytes(0x00420011, Vr.OB, new byte[] {1, 2, 3, 4});
        ds.setBytes(0x00281201, Vr.OW, new byte[] {1, 2});

        String uri = file.toUri() + "?offset=4&length=8";
        assertThat(json(DicomJsonWriter.DEFAULT.withBulkDataUris(3, BulkDataRef::fileUri), ds))
                .isEqualTo(q("{"
                        + "'00281201':{'vr':'OW','InlineBinary':'AQI='},"
                        + "'00420011':{'vr':'OB','InlineBinary':'AQIDBA=='},"   // over 3, but fileUri gives null
                        + "'7FE00010':{'vr':'OW','BulkDataURI':'" + uri + "'}}"));

        List<BulkDataRef> offered = new ArrayList<>();
        DicomJsonWriter wado = DicomJsonWriter.DEFAULT.withBulkDataUris(3, ref -> {
            offered.add(ref);
            return "https://pacs/bulk/" + DicomJsonWriter.hex(ref.tag());
        });
        assertThat(json(wado, ds)).isEqualTo(q("{"
                + "'00281201':{'vr':'OW','InlineBinary':'AQI='},"
                + "'00420011':{'vr':'OB','BulkDataURI':'https://pacs/bulk/00420011'},"
                + "'7FE00010':{'vr':'OW','BulkDataURI':'https://pacs/bulk/7FE00010'}}"));
        assertThat(offered).extracting(BulkDataRef::length).containsExactly(4L, 8L);
    }

    @Test
    void streamsBulkDataInlineWithoutAUriFunctionSwappingBigEndianWords(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("values.bin");
        Files.write(file, new byte[] {0, 1, 0, 2, 0x41, 0x42});
        DataSet ds = new DataSet();
        ds.put(0x7FE00010, Vr.OW, new BulkData(file, 0, 4, true));   // big endian 0x0001 0x0002
        ds.put(0x00080060, Vr.CS, new BulkData(file, 4, 2, false));  // text left in the file

        assertThat(json(ds)).isEqualTo(q("{"
                + "'00080060':{'vr':'CS','Value':['AB']},"
                + "'7FE00010':{'vr':'OW','InlineBinary':'AQACAA=='}}"));  // 01 00 02 00
    }

    @Test
    void passesTheSequencePathToTheUriFunction() throws IOException {
        DataSet ds = new DataSet();
        Sequence icons = ds.newSequence(0x00880200);
        icons.addItem();
        icons.addItem().setBytes(0x7FE00010, Vr.OB, new byte[] {1, 2, 3, 4});
        List<BulkDataRef> offered = new ArrayList<>();
        json(DicomJsonWriter.DEFAULT.withBulkDataUris(0, ref -> {
            offered.add(ref);
            return null;
        }), ds);

        assertThat(offered).singleElement().satisfies(ref -> {
            assertThat(ref.sequencePath()).containsExactly(0x00880200, 1);
            assertThat(ref.tag()).isEqualTo(0x7FE00010);
        });
    }

    @Test
    void writesAnArrayOfDataSets() throws IOException {
        DataSet a = new DataSet();
        a.setString(0x00100020, Vr.LO, "A");
        DataSet b = new DataSet();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomJsonWriter.DEFAULT.writeArray(List.of(a, b), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(q("[{'00100020':{'vr':'LO','Value':['A']}},{}]"));
    }

    @Test
    void indentsWhenPrettyPrinting() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(0x00100020, Vr.LO, "A", "B");

        assertThat(json(DicomJsonWriter.DEFAULT.withPrettyPrint(true), ds)).isEqualTo(q("""
                {
                  '00100020' : {
                    'vr' : 'LO',
                    'Value' : [ 'A', 'B' ]
                  }
                }"""));
    }
}
