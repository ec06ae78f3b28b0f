package ferry.core.json;

import static ferry.core.json.DicomJsonReaderTest.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Input that is not the DICOM JSON Model ends in a {@link DicomJsonException} that says what and where. */
class DicomJsonBadInputTest {

    static DicomJsonException failure(ThrowingCallable reading) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> {
            try {
                reading.call();
            } catch (Throwable t) {
                caught[0] = t;
                throw t;
            }
        }).isInstanceOf(DicomJsonException.class);
        return (DicomJsonException) caught[0];
    }

    static DicomJsonException failure(String singleQuotedJson) {
        return failure(() -> read(singleQuotedJson));
    }

    @Test
    void reportsMalformedJsonWithTheAttributeAndLineAndColumn() {
        DicomJsonException e = failure("{'00100020':{'vr':'LO','Value':['A']},\n'00100010':{'vr':'PN','Value':[");

        assertThat(e.attribute()).isEqualTo("(0010,0010) PatientName");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isPositive();
        assertThat(e).hasMessageStartingWith("DICOM JSON (0010,0010) PatientName at line 2, column ");
    }

    @Test
    void reportsMalformedJsonOutsideAnyAttribute() {
        DicomJsonException e = failure("{'00100020':{'vr':'LO'} 'x'");

        assertThat(e.line()).isEqualTo(1);
        assertThat(e).hasMessageContaining("line 1");
    }

    @Test
    void rejectsKeysThatAreNotEightHexDigits() {
        assertThat(failure("{'0010001':{'vr':'LO'}}")).hasMessageContaining("'0010001' is not a tag");
        assertThat(failure("{'0010002G':{'vr':'LO'}}")).hasMessageContaining("'0010002G' is not a tag");
        assertThat(failure("{'PatientID':{'vr':'LO'}}")).hasMessageContaining("'PatientID' is not a tag");
    }

    @Test
    void rejectsValuesOfTheWrongJsonType() {
        DicomJsonException e = failure("{'00280010':{'vr':'US','Value':['512']}}");

        assertThat(e.attribute()).isEqualTo("(0028,0010) Rows");
        assertThat(e).hasMessageContaining("value 1 of VR US: expected a number, not '512'");
        assertThat(failure("{'00100020':{'vr':'LO','Value':[12]}}"))
                .hasMessageContaining("(0010,0020)").hasMessageContaining("must be a string, not a number");
        assertThat(failure("{'00100010':{'vr':'PN','Value':[{'Alphabetic':1}]}}"))
                .hasMessageContaining("(0010,0010)").hasMessageContaining("must be a string");
        assertThat(failure("{'00100020':{'vr':'LO','Value':'A'}}"))
                .hasMessageContaining("\"Value\" must be an array, not a string");
        assertThat(failure("{'00081140':{'vr':'SQ','Value':['item']}}"))
                .hasMessageContaining("item 1 must be a JSON object");
        assertThat(failure("{'7FE00010':{'vr':'OB','InlineBinary':12}}"))
                .hasMessageContaining("must be a base64 string, not a number");
        assertThat(failure("{'00280009':{'vr':'AT','Value':['0028']}}"))
                .hasMessageContaining("expected a tag as 8 hexadecimal digits, not '0028'");
        assertThat(failure("{'00100020':'LO'}"))
                .hasMessageContaining("an attribute is a JSON object with \"vr\", not a string");
    }

    @Test
    void rejectsNumbersOutsideTheirVr() {
        assertThat(failure("{'00280010':{'vr':'US','Value':[65536]}}"))
                .hasMessageContaining("65536 is outside the range of VR US (0 to 65535)");
        assertThat(failure("{'00280106':{'vr':'SS','Value':[1.5]}}"))
                .hasMessageContaining("'1.5' is not an integer");
        assertThat(failure("{'00200013':{'vr':'IS','Value':[1.5]}}"))
                .hasMessageContaining("1.5 is not an integer (VR IS)");
        assertThat(failure("{'00200013':{'vr':'IS','Value':[1e999999999]}}"))
                .hasMessageContaining("outside the range of VR IS");
        assertThat(failure("{'00280010':{'vr':'US','Value':[null]}}"))
                .hasMessageContaining("expected a number, not null");
    }

    @Test
    void rejectsUnknownVrs() {
        DicomJsonException e = failure("{'00100010':{'vr':'XX','Value':['A']}}");

        assertThat(e.attribute()).isEqualTo("(0010,0010) PatientName");
        assertThat(e).hasMessageContaining("unknown VR 'XX'");
        assertThat(failure("{'00100010':{'vr':'pn'}}")).hasMessageContaining("unknown VR 'pn'");
        assertThat(failure("{'00100010':{'Value':['A']}}")).hasMessageContaining("has no \"vr\"");
    }

    @Test
    void namesTheWholePathOfANestedAttribute() {
        DicomJsonException e = failure("{'00081140':{'vr':'SQ','Value':[{},"
                + "{'00081150':{'vr':'UI','Value':['1.2']},'00081155':{'vr':'ZZ'}}]}}");

        assertThat(e.attribute()).isEqualTo("(0008,1140)[1].(0008,1155) ReferencedSOPInstanceUID");
        assertThat(e).hasMessageContaining("unknown VR 'ZZ'");
    }

    @Test
    void rejectsWhatTheModelDoesNotHave() {
        assertThat(failure("{'00100020':{'vr':'LO','Value':['A'],'InlineBinary':'QQ=='}}"))
                .hasMessageContaining("more than one of Value, InlineBinary and BulkDataURI");
        assertThat(failure("{'00100020':{'vr':'LO','DataFragment':[]}}"))
                .hasMessageContaining("unknown member \"DataFragment\"");
        assertThat(failure("{'7FE00010':{'vr':'OB','Value':[1]}}"))
                .hasMessageContaining("VR OB takes InlineBinary or BulkDataURI, not Value");
        assertThat(failure("{'00100020':{'vr':'LO','Value':['A\\\\B']}}"))
                .hasMessageContaining("holds a backslash");
        assertThat(failure("{'00204000':{'vr':'LT','Value':['A','B']}}"))
                .hasMessageContaining("VR LT holds one value, found 2");
        assertThat(failure("{'00100020':{'vr':'LO'},'00100020':{'vr':'LO'}}"))
                .hasMessageContaining("Duplicate field '00100020'");
        assertThat(failure("{'FFFEE000':{'vr':'OB'}}"))
                .hasMessageContaining("item and delimiter tags are not attributes");
        assertThat(failure("{'00080060':{'vr':'CS','Value':['検査']}}"))
                .hasMessageContaining("outside the default repertoire");
        assertThat(failure("{'00080005':{'vr':'CS','Value':['ISO_IR 100']},"
                + "'00100010':{'vr':'PN','Value':[{'Alphabetic':'山田^太郎'}]}}"))
                .hasMessageContaining("(0010,0010) PatientName")
                .hasMessageContaining("cannot be encoded in the character set [ISO_IR 100]");
        assertThat(failure("'just a string'"))
                .hasMessageContaining("expected a JSON object (a data set) or an array of them, found string");
        assertThat(failure("{} {}")).hasMessageContaining("unexpected object after the end");
        assertThat(failure("[{}, {}]")).hasMessageContaining("expected one data set, found an array of 2");
        assertThat(failure("{'7FE00010':{'vr':'OB','InlineBinary':'not base64!'}}"))
                .hasMessageContaining("(7FE0,0010)");
    }

    @Test
    void rejectsHostileNesting() {
        String deep = "{'00081140':{'vr':'SQ','Value':[".repeat(300) + "{}" + "]}}".repeat(300);

        assertThat(failure(deep)).hasMessageContaining("(0008,1140)").hasMessageContaining("nesting depth");
    }

    @Test
    void rejectsBulkDataUrisNobodyResolves() {
        DicomJsonException e = failure(() -> read(new DicomJsonReader(BulkDataResolver.NONE),
                "{'7FE00010':{'vr':'OW','BulkDataURI':'https://pacs/bulk/1'}}"));

        assertThat(e.attribute()).isEqualTo("(7FE0,0010) PixelData");
        assertThat(e).hasMessageContaining("no resolver for BulkDataURI 'https://pacs/bulk/1'");
        assertThat(failure("{'7FE00010':{'vr':'OW','BulkDataURI':'file:///nonexistent/x.bin?offset=0'}}"))
                .hasMessageContaining("cannot resolve BulkDataURI");
        assertThat(failure("{'7FE00010':{'vr':'OW','BulkDataURI':'file:///x.bin?from=0'}}"))
                .hasMessageContaining("unknown query parameter 'from'");
    }
}
