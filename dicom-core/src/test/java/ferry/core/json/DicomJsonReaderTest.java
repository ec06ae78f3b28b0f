package ferry.core.json;

import static ferry.core.json.DicomJsonWriterTest.q;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DICOM JSON text → data sets, checked down to the encoded value bytes. */
class DicomJsonReaderTest {

    static DataSet read(DicomJsonReader reader, String singleQuotedJson) throws IOException {
        return reader.read(new ByteArrayInputStream(q(singleQuotedJson).getBytes(StandardCharsets.UTF_8)));
    }

    static DataSet read(String singleQuotedJson) throws IOException {
        return read(DicomJsonReader.DEFAULT, singleQuotedJson);
    }

    static String ascii(DataSet ds, int tag) {
        return new String(ds.getBytes(tag), StandardCharsets.ISO_8859_1);
    }

    static String hex(DataSet ds, int tag) {
        return HexFormat.of().formatHex(ds.getBytes(tag));
    }

    @Test
    void encodesTextJoinedWithBackslashAndPaddedToEvenLength() throws IOException {
        DataSet ds = read("{'00080008':{'vr':'CS','Value':['ORIGINAL','PRIMARY','AXIAL']},"
                + "'00080018':{'vr':'UI','Value':['1.2.3']},"
                + "'00081030':{'vr':'LO','Value':['Brain']},"
                + "'00080005':{'vr':'CS','Value':['ISO_IR 100']},"     // out of order is tolerated
                + "'00204000':{'Value':['a\\\\b'],'vr':'LT'}}");        // vr after Value too

        assertThat(ascii(ds, 0x00080008)).isEqualTo("ORIGINAL\\PRIMARY\\AXIAL");       // 22 bytes: no padding
        assertThat(ascii(ds, 0x00080018)).isEqualTo("1.2.3\0");
        assertThat(ascii(ds, 0x00081030)).isEqualTo("Brain ");
        assertThat(ascii(ds, 0x00204000)).isEqualTo("a\\b ");
        assertThat(ds.vr(0x00204000)).isEqualTo(Vr.LT);
    }

    @Test
    void joinsPersonNameGroupsLeavingOutEmptyTrailingGroups() throws IOException {
        DataSet ds = read("{'00100010':{'vr':'PN','Value':[{'Alphabetic':'Doe^John','Ideographic':'DOE^J',"
                + "'Phonetic':'do^jon'}]},"
                + "'00081070':{'vr':'PN','Value':[{'Phonetic':'pho'},null,{'Alphabetic':'Smith','Ideographic':''}]},"
                + "'00081060':{'vr':'PN','Value':['Plain^String']}}");

        assertThat(ascii(ds, 0x00100010)).isEqualTo("Doe^John=DOE^J=do^jon ");
        assertThat(ascii(ds, 0x00081070)).isEqualTo("==pho\\\\Smith");
        assertThat(ascii(ds, 0x00081060)).isEqualTo("Plain^String");
    }

    @Test
    void keepsIsAndDsNumbersAsWrittenAndRoundsOnlyOverlongDecimals() throws IOException {
        DataSet ds = read("{'00200013':{'vr':'IS','Value':[42,-7,1.0,2E1,'+3']},"
                + "'00280030':{'vr':'DS','Value':[1.50,1e3,'.5',null,3.14159265358979323846,-1234567890.123456789]}}");

        assertThat(ascii(ds, 0x00200013)).isEqualTo("42\\-7\\1\\20\\+3 ");
        assertThat(ascii(ds, 0x00280030)).isEqualTo("1.50\\1e3\\.5\\\\3.14159265358979\\-1234567890.1235");
    }

    @Test
    void encodesBinaryNumbersLittleEndian() throws IOException {
        DataSet ds = read("{'00280010':{'vr':'US','Value':[1,65535]},"
                + "'00280106':{'vr':'SS','Value':[-2]},"
                + "'00181063':{'vr':'UL','Value':[4294967295]},"
                + "'00189219':{'vr':'SL','Value':[-2147483648]},"
                + "'00660040':{'vr':'UV','Value':[18446744073709551615,'1']},"
                + "'00660041':{'vr':'SV','Value':[-9223372036854775808]},"
                + "'00181050':{'vr':'FL','Value':[0.1,1]},"
                + "'00186028':{'vr':'FD','Value':[0.5,'NaN']},"
                + "'00280009':{'vr':'AT','Value':['00280009','0018106a']}}");

        assertThat(hex(ds, 0x00280010)).isEqualTo("0100ffff");
        assertThat(hex(ds, 0x00280106)).isEqualTo("feff");
        assertThat(hex(ds, 0x00181063)).isEqualTo("ffffffff");
        assertThat(hex(ds, 0x00189219)).isEqualTo("00000080");
        assertThat(hex(ds, 0x00660040)).isEqualTo("ffffffffffffffff" + "0100000000000000");
        assertThat(hex(ds, 0x00660041)).isEqualTo("0000000000000080");
        assertThat(ds.getDoubles(0x00181050)).containsExactly((double) 0.1f, 1.0);
        assertThat(ds.getDoubles(0x00186028)).containsExactly(0.5, Double.NaN);
        assertThat(hex(ds, 0x00280009)).isEqualTo("28000900" + "18006a10");
    }

    @Test
    void readsSequencesWithNestedItemsThatInheritTheCharacterSet() throws IOException {
        DataSet ds = read("{'00080005':{'vr':'CS','Value':['ISO_IR 100']},"
                + "'00081140':{'vr':'SQ','Value':[{'00081150':{'vr':'UI','Value':['1.2']}},"
                + "{'00089215':{'vr':'SQ','Value':[{'00080104':{'vr':'LO','Value':['Müller']}}]}},{},null]},"
                + "'00081115':{'vr':'SQ'},'00081111':{'vr':'SQ','Value':[]}}");

        Sequence outer = ds.getSequence(0x00081140);
        assertThat(outer.size()).isEqualTo(4);
        assertThat(outer.item(0).getString(0x00081150)).isEqualTo("1.2");
        DataSet nested = outer.item(1).getSequence(0x00089215).item(0);
        assertThat(nested.getBytes(0x00080104)).containsExactly('M', 0xFC, 'l', 'l', 'e', 'r');  // ISO 8859-1
        assertThat(outer.item(2).isEmpty()).isTrue();
        assertThat(outer.item(3).isEmpty()).isTrue();
        assertThat(ds.getSequence(0x00081115).size()).isZero();
        assertThat(ds.getSequence(0x00081111).size()).isZero();
    }

    @Test
    void setsUtf8WhenNonAsciiTextHasNoCharacterSet() throws IOException {
        DataSet ds = read("{'00100010':{'vr':'PN','Value':[{'Alphabetic':'Wang^XiaoDong','Ideographic':'王^小東'}]},"
                + "'00100020':{'vr':'LO','Value':['ascii only']}}");

        assertThat(ds.getString(Tag.SPECIFIC_CHARACTER_SET)).isEqualTo("ISO_IR 192");
        assertThat(ds.getBytes(0x00100010)).startsWith("Wang^XiaoDong=".getBytes(StandardCharsets.US_ASCII))
                .endsWith("王^小東".getBytes(StandardCharsets.UTF_8));
        assertThat(ds.getString(0x00100010)).isEqualTo("Wang^XiaoDong=王^小東");
    }

    @Test
    void encodesWithADeclaredCharacterSetWhoseFirstValueIsEmpty() throws IOException {
        DataSet ds = read("{'00080005':{'vr':'CS','Value':[null,'ISO 2022 IR 87']},"
                + "'00100010':{'vr':'PN','Value':[{'Alphabetic':'Yamada^Tarou','Ideographic':'山田^太郎'}]}}");

        assertThat(ascii(ds, Tag.SPECIFIC_CHARACTER_SET)).isEqualTo("\\ISO 2022 IR 87 ");
        assertThat(ds.getBytes(0x00100010)).startsWith("Yamada^Tarou=\u001b$B".getBytes(StandardCharsets.US_ASCII));
        assertThat(ds.getString(0x00100010)).isEqualTo("Yamada^Tarou=山田^太郎");
    }

    @Test
    void leavesTheCharacterSetAloneForAsciiText() throws IOException {
        DataSet ds = read("{'00100010':{'vr':'PN','Value':[{'Alphabetic':'Doe^John'}]}}");

        assertThat(ds.contains(Tag.SPECIFIC_CHARACTER_SET)).isFalse();
    }

    @Test
    void readsEmptyAttributesAsZeroLengthValues() throws IOException {
        DataSet ds = read("{'00100010':{'vr':'PN'},'00280010':{'vr':'US'},'00100030':{'vr':'DA','Value':[]},"
                + "'00080050':{'vr':'SH','Value':[null]},'7FE00010':{'vr':'OB'}}");

        assertThat(ds.size()).isEqualTo(5);
        for (int tag : new int[] {0x00100010, 0x00280010, 0x00100030, 0x00080050, 0x7FE00010}) {
            assertThat(ds.value(tag)).isEqualTo(Bytes.EMPTY);
        }
    }

    @Test
    void decodesInlineBinaryAlsoAsAOneStringArray() throws IOException {
        DataSet ds = read("{'00420011':{'vr':'OB','InlineBinary':'AQIDBA=='},"
                + "'00281201':{'vr':'OW','InlineBinary':['/wA=']},"
                + "'00280010':{'vr':'US','InlineBinary':'AQID'}}");

        assertThat(hex(ds, 0x00420011)).isEqualTo("01020304");
        assertThat(hex(ds, 0x00281201)).isEqualTo("ff00");
        assertThat(hex(ds, 0x00280010)).isEqualTo("010203");
    }

    @Test
    void turnsInlineEncapsulatedPixelDataBackIntoFragments() throws IOException {
        DataSet ds = read("{'7FE00010':{'vr':'OB','InlineBinary':'/v8A4AAAAAD+/wDgBAAAAAECAwQ='}}");

        Fragments expected = new Fragments();
        expected.add(Bytes.EMPTY);
        expected.add(new Bytes(new byte[] {1, 2, 3, 4}));
        assertThat(ds.value(Tag.PIXEL_DATA)).isEqualTo(expected);
    }

    @Test
    void turnsInlineEncapsulatedPixelDataWithVrOwBackIntoFragments() throws IOException {
        DataSet ds = read("{'7FE00010':{'vr':'OW','InlineBinary':'/v8A4AAAAAD+/wDgBAAAAAECAwQ='}}");

        assertThat(ds.value(Tag.PIXEL_DATA)).isInstanceOf(Fragments.class);
        assertThat(ds.vr(Tag.PIXEL_DATA)).isEqualTo(Vr.OW);
    }

    @Test
    void keepsNativePixelDataAsBytes() throws IOException {
        DataSet ds = read("{'7FE00010':{'vr':'OB','InlineBinary':'AQIDBA=='}}");

        assertThat(ds.value(Tag.PIXEL_DATA)).isEqualTo(new Bytes(new byte[] {1, 2, 3, 4}));
    }

    @Test
    void resolvesFileBulkDataUrisToBulkData(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pixels.bin");
        Files.write(file, new byte[16]);
        String uri = file.toUri() + "?offset=4&length=8";
        DataSet ds = read("{'7FE00010':{'vr':'OW','BulkDataURI':'" + uri + "'},"
                + "'00420011':{'vr':'OB','BulkDataURI':['" + file.toUri() + "']}}");

        assertThat(ds.value(Tag.PIXEL_DATA)).isEqualTo(new BulkData(file, 4, 8, false));
        assertThat(ds.value(0x00420011)).isEqualTo(new BulkData(file, 0, 16, false));
    }

    @Test
    void readsBackTheFileUrisTheWriterMakesEvenWithSpacesInThePath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a folder/pixels #1.bin");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[32]);
        DataSet ds = new DataSet();
        ds.put(Tag.PIXEL_DATA, Vr.OW, new BulkData(file, 6, 20, false));
        String json = DicomJsonWriterTest.json(DicomJsonWriter.DEFAULT.withBulkDataUris(0, BulkDataRef::fileUri), ds);

        assertThat(json).contains("a%20folder/pixels%20%231.bin?offset=6&length=20");
        assertThat(DicomJsonReader.DEFAULT.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(ds);
    }

    @Test
    void asksTheResolverForOtherBulkDataUris() throws IOException {
        DicomJsonReader reader = new DicomJsonReader(BulkDataResolver.FILE_URIS.orElse((tag, vr, uri) ->
                uri.startsWith("https://pacs/") ? new Bytes(new byte[] {(byte) tag, 0}) : null));
        DataSet ds = read(reader, "{'7FE00010':{'vr':'OW','BulkDataURI':'https://pacs/bulk/1'}}");

        assertThat(hex(ds, Tag.PIXEL_DATA)).isEqualTo("1000");
    }

    @Test
    void refusesFileUrisOutsideTheAllowedFolder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bulk"));
        Files.write(dir.resolve("secret"), new byte[4]);
        DicomJsonReader reader = new DicomJsonReader(BulkDataResolver.filesUnder(dir.resolve("bulk")));
        String uri = dir.resolve("bulk").toUri() + "../secret";

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        read(reader, "{'7FE00010':{'vr':'OW','BulkDataURI':'" + uri + "'}}"))
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining("(7FE0,0010)")
                .hasMessageContaining("is outside");
    }

    @Test
    void readsAnArrayOfDataSets() throws IOException {
        DicomJsonReader reader = DicomJsonReader.DEFAULT;
        List<DataSet> all = reader.readAll(new ByteArrayInputStream(q(
                "[{'00100020':{'vr':'LO','Value':['A']}},{'00100020':{'vr':'LO','Value':['B']}}]")
                .getBytes(StandardCharsets.UTF_8)));
        DataSet single = read("[{'00100020':{'vr':'LO','Value':['C']}}]");

        assertThat(all).extracting(d -> d.getString(0x00100020)).containsExactly("A", "B");
        assertThat(single.getString(0x00100020)).isEqualTo("C");
    }

    @Test
    void dropsGroupLengths() throws IOException {
        DataSet ds = read("{'00080000':{'vr':'UL','Value':[10]},'00080060':{'vr':'CS','Value':['CT']}}");

        assertThat(ds.contains(0x00080000)).isFalse();
        assertThat(ds.getString(0x00080060)).isEqualTo("CT");
    }

    @Test
    void readsWhatTheWriterWrites() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(0x00080008, Vr.CS, "ORIGINAL", "", "AXIAL");
        ds.setString(0x00100010, Vr.PN, "Doe^John=DOE^J=do^jon", "==pho");
        ds.setString(0x00280030, Vr.DS, "0.66146850585937", "+1", ".5");
        ds.setString(0x00200013, Vr.IS, "-12");
        ds.setInts(0x00280010, Vr.US, 512);
        ds.setDoubles(0x00186028, Vr.FD, Math.PI, Double.POSITIVE_INFINITY);
        ds.setDoubles(0x00181050, Vr.FL, 0.1);
        ds.setBytes(0x00280009, Vr.AT, new byte[] {0x28, 0x00, 0x09, 0x00});
        ds.newSequence(0x00081140).addItem().setString(0x00081150, Vr.UI, "1.2.3");
        ds.setBytes(0x00091010, Vr.UN, new byte[] {1, 2, 3});
        ds.put(0x00100030, Vr.DA, Bytes.EMPTY);

        String json = DicomJsonWriterTest.json(ds);
        DataSet back = DicomJsonReader.DEFAULT.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

        assertThat(back).isEqualTo(ds);
    }
}
