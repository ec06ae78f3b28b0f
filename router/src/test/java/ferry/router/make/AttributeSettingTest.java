package ferry.router.make;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import org.junit.jupiter.api.Test;

class AttributeSettingTest {
    private static final Position POSITION = new Position(2, 5, 1, 9, 1);

    @Test
    void setsAnElementByKeywordNumberOrPrivateCreatorWithNumberedValues() {
        DataSet dataSet = new DataSet();

        AttributeSetting.parse("EthnicGroup=Martian").apply(dataSet, POSITION);
        AttributeSetting.parse("(0008,0050)=A{study:06}").apply(dataSet, POSITION);
        AttributeSetting.parse("ImageType=DERIVED\\SECONDARY").apply(dataSet, POSITION);
        AttributeSetting.parse("(0019,\"ACME 1\",0C)=x{instance}").apply(dataSet, POSITION);
        AttributeSetting.parse("Rows=512").apply(dataSet, POSITION);

        assertThat(dataSet.getString(Tags.EthnicGroup)).isEqualTo("Martian");
        assertThat(dataSet.getString(Tags.AccessionNumber)).isEqualTo("A000005");
        assertThat(dataSet.getStrings(Tags.ImageType)).containsExactly("DERIVED", "SECONDARY");
        assertThat(dataSet.getString(dataSet.privateTag("ACME 1", 0x0019, 0x0C))).isEqualTo("x9");
        assertThat(dataSet.vr(Tags.Rows)).isEqualTo(Vr.US);
        assertThat(dataSet.getInt(Tags.Rows)).isEqualTo(512);
    }

    @Test
    void textThatIsNotAsciiDeclaresUtf8WhenNoCharacterSetIsDeclared() {
        DataSet dataSet = new DataSet();

        AttributeSetting.parse("PatientName=Müller^Jürgen").apply(dataSet, POSITION);

        assertThat(dataSet.getString(Tags.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(dataSet.getString(Tags.PatientName)).isEqualTo("Müller^Jürgen");
    }

    @Test
    void mistakesAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> AttributeSetting.parse("EthnicGroup")).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> AttributeSetting.parse("PatientsName=X"))
                .hasMessageContaining("unknown keyword 'PatientsName'").hasMessageContaining("PatientName");
        assertThatThrownBy(() -> AttributeSetting.parse("Rows=many")).hasMessageContaining("VR US");
        assertThatThrownBy(() -> AttributeSetting.parse("PixelData=00")).hasMessageContaining("before Pixel Data");
        assertThatThrownBy(() -> AttributeSetting.parse("TransferSyntaxUID=1.2")).hasMessageContaining("file meta");
        assertThatThrownBy(() -> AttributeSetting.parse("ContentSequence=x")).hasMessageContaining("sequence");
        assertThatThrownBy(() -> AttributeSetting.parse("PatientID=P{x}")).hasMessageContaining("unknown field");
    }
}
