package ferry.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class DataSetTest {

    @Test
    void keepsElementsInAscendingUnsignedTagOrder() {
        DataSet ds = new DataSet();
        ds.setString(Tags.PatientID, Vr.LO, "1");
        ds.setString(0xFFFCFFFC, Vr.OB, "");
        ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 100");
        ds.setString(Tags.Modality, Vr.CS, "MR");

        assertThat(ds.elements()).extracting(Element::tag)
                .containsExactly(Tags.SpecificCharacterSet, Tags.Modality, Tags.PatientID, 0xFFFCFFFC);
    }

    @Test
    void replacesAndRemovesElements() {
        DataSet ds = new DataSet();
        ds.setString(Tags.PatientID, Vr.LO, "1");
        ds.setString(Tags.PatientID, Vr.LO, "2");

        assertThat(ds.size()).isEqualTo(1);
        assertThat(ds.getString(Tags.PatientID)).isEqualTo("2");
        assertThat(ds.remove(Tags.PatientID)).isTrue();
        assertThat(ds.remove(Tags.PatientID)).isFalse();
        assertThat(ds.getString(Tags.PatientID)).isNull();
    }

    @Test
    void padsTextToEvenLengthAndTrimsPaddingOnReading() {
        DataSet ds = new DataSet();
        ds.setString(Tags.Modality, Vr.CS, "CT\\MR\\PET");
        ds.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.3");

        assertThat(ds.getBytes(Tags.Modality)).hasSize(10).endsWith((byte) ' ');
        assertThat(ds.getBytes(Tags.SOPInstanceUID)).hasSize(6).endsWith((byte) 0);
        assertThat(ds.getStrings(Tags.Modality)).containsExactly("CT", "MR", "PET");
        assertThat(ds.getString(Tags.SOPInstanceUID)).isEqualTo("1.2.3");
    }

    @Test
    void readsNumbersOfEveryNumericVr() {
        DataSet ds = new DataSet();
        ds.setInts(Tags.Rows, Vr.US, 65535);
        ds.setInts(Tags.PixelPaddingValue, Vr.SS, -2000);
        ds.setInts(Tags.InstanceNumber, Vr.IS, 42);
        ds.setDoubles(Tags.PixelSpacing, Vr.DS, 0.5, 0.25);
        ds.setDoubles(Tags.RecommendedDisplayFrameRateInFloat, Vr.FL, 2.5);
        ds.setInts(Tags.SimpleFrameList, Vr.UL, 4_000_000_000L);

        assertThat(ds.getInt(Tags.Rows)).isEqualTo(65535);
        assertThat(ds.getInt(Tags.PixelPaddingValue)).isEqualTo(-2000);
        assertThat(ds.getInt(Tags.InstanceNumber)).isEqualTo(42);
        assertThat(ds.getString(Tags.InstanceNumber)).isEqualTo("42");
        assertThat(ds.getDoubles(Tags.PixelSpacing)).containsExactly(0.5, 0.25);
        assertThat(ds.getDouble(Tags.RecommendedDisplayFrameRateInFloat)).isEqualTo(2.5);
        assertThat(ds.getLongs(Tags.SimpleFrameList)).containsExactly(4_000_000_000L);
        assertThat(ds.getInt(Tags.Columns, -1)).isEqualTo(-1);
    }

    @Test
    void namesTheElementWhenAValueIsNotANumber() {
        DataSet ds = new DataSet();
        ds.setString(Tags.InstanceNumber, Vr.IS, "seven");

        assertThatThrownBy(() -> ds.getInt(Tags.InstanceNumber))
                .isInstanceOf(ValueFormatException.class)
                .hasMessage("(0020,0013) InstanceNumber: 'seven' is not an integer");
    }

    @Test
    void readsDatesTimesAndDateTimes() {
        DataSet ds = new DataSet();
        ds.setString(Tags.StudyDate, Vr.DA, "20261122");
        ds.setString(Tags.StudyTime, Vr.TM, "101712.5");
        ds.setString(Tags.AcquisitionDateTime, Vr.DT, "20261122101712.000001+0100");
        ds.setString(Tags.PatientBirthDate, Vr.DA, "1970.01.01");

        assertThat(ds.getDate(Tags.StudyDate)).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(ds.getTime(Tags.StudyTime)).isEqualTo(LocalTime.of(10, 17, 12, 500_000_000));
        assertThat(ds.getDateTime(Tags.AcquisitionDateTime))
                .isEqualTo(LocalDateTime.of(2026, 11, 22, 10, 17, 12, 1000));
        assertThat(ds.getDate(Tags.PatientBirthDate)).isEqualTo(LocalDate.of(1970, 1, 1));
    }

    @Test
    void splitsPersonNamesIntoGroupsAndComponents() {
        DataSet ds = new DataSet();
        ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        ds.setString(Tags.PatientName, Vr.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");

        PersonName name = ds.getPersonName(Tags.PatientName);

        assertThat(name.familyName()).isEqualTo("Yamada");
        assertThat(name.givenName()).isEqualTo("Tarou");
        assertThat(name.ideographic().get(0)).isEqualTo("山田");
        assertThat(name.phonetic().get(1)).isEqualTo("たろう");
        assertThat(PersonName.parse("Doe^John^^^").toString()).isEqualTo("Doe^John");
    }

    @Test
    void itemsInheritTheCharacterSetOfTheirDataSet() {
        DataSet ds = new DataSet();
        ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        DataSet item = ds.newSequence(Tags.ReferencedPatientSequence).addItem();
        item.setString(Tags.PatientName, Vr.PN, "Müller^Jörg");

        assertThat(item.characterSet()).isSameAs(ds.characterSet());
        assertThat(item.getBytes(Tags.PatientName)).hasSize(14); // two 2-byte UTF-8 letters, padded
        assertThat(item.getString(Tags.PatientName)).isEqualTo("Müller^Jörg");
    }

    @Test
    void reservesPrivateBlocksPerCreator() {
        DataSet ds = new DataSet();
        int first = ds.reservePrivateBlock("ACME 1", 0x0009);
        int second = ds.reservePrivateBlock("ACME 2", 0x0009);

        assertThat(first).isEqualTo(0x10);
        assertThat(second).isEqualTo(0x11);
        assertThat(ds.reservePrivateBlock("ACME 1", 0x0009)).isEqualTo(0x10);
        assertThat(ds.privateTag("ACME 2", 0x0009, 0x05)).isEqualTo(0x00091105);
    }

    @Test
    void comparesDataSetsByContent() {
        DataSet a = new DataSet();
        a.setString(Tags.PatientID, Vr.LO, "1");
        a.newSequence(Tags.ReferencedImageSequence).addItem().setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.2");
        DataSet b = new DataSet();
        b.setString(Tags.PatientID, Vr.LO, "1");
        b.newSequence(Tags.ReferencedImageSequence).addItem().setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.2");

        assertThat(a).isEqualTo(b);
        b.getSequence(Tags.ReferencedImageSequence).item(0).setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.3");
        assertThat(a).isNotEqualTo(b);
    }
}
