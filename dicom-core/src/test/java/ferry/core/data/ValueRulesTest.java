package ferry.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueRulesTest {
    private static String broken(Vr vr, String text) {
        return ValueRules.broken(vr, text).orElse(null);
    }

    @Test
    void valuesThatKeepTheRulesOfTheirVrPass() {
        assertThat(broken(Vr.DA, "20260101")).isNull();
        assertThat(broken(Vr.TM, "235960.123456")).isNull();
        assertThat(broken(Vr.TM, "07")).isNull();
        assertThat(broken(Vr.DT, "20260101120000.5+0100")).isNull();
        assertThat(broken(Vr.DT, "2026")).isNull();
        assertThat(broken(Vr.AS, "030Y")).isNull();
        assertThat(broken(Vr.IS, " -12 ")).isNull();
        assertThat(broken(Vr.DS, "1.5e-3\\-0.25\\12")).isNull();
        assertThat(broken(Vr.UI, "1.2.840.10008.5.1.4.1.1.7")).isNull();
        assertThat(broken(Vr.CS, "ORIGINAL\\PRIMARY\\AXIAL")).isNull();
        assertThat(broken(Vr.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう")).isNull();
        assertThat(broken(Vr.LT, "line 1\r\nline 2\tend")).isNull();
        assertThat(broken(Vr.LO, "")).isNull();
        assertThat(broken(Vr.US, "anything: binary VRs are not text")).isNull();
    }

    @Test
    void valuesThatBreakARuleSayWhichAndWhere() {
        assertThat(broken(Vr.DA, "2026-01-01")).isEqualTo("'2026-01-01' is not a date: DA is YYYYMMDD (PS3.5 §6.2)");
        assertThat(broken(Vr.DA, "20260230")).isEqualTo("'20260230' is not a date of the calendar (YYYYMMDD) (PS3.5 "
                + "§6.2)");
        assertThat(broken(Vr.TM, "24:00")).startsWith("'24:00' is not a time: TM is HH");
        assertThat(broken(Vr.TM, "2400")).startsWith("'2400' is not a time of the day");
        assertThat(broken(Vr.DT, "20261301")).contains("with a date, time and offset that exist");
        assertThat(broken(Vr.AS, "30Y")).startsWith("'30Y' is not an age string");
        assertThat(broken(Vr.IS, "3000000000")).isEqualTo("'3000000000' is outside the range of IS, -2147483648 to "
                + "2147483647 (PS3.5 §6.2)");
        assertThat(broken(Vr.DS, "1,5")).startsWith("'1,5' is not a decimal string");
        assertThat(broken(Vr.DS, "12345678901234567")).isEqualTo("'12345678901234567' is 17 bytes long, more than "
                + "the 16 of DS (PS3.5 §6.2)");
        assertThat(broken(Vr.SH, "ABCDEFGHIJKLMNOPQ")).isEqualTo("'ABCDEFGHIJKLMNOPQ' is 17 characters long, more "
                + "than the 16 of SH (PS3.5 §6.2)");
        assertThat(broken(Vr.SH, "Ä".repeat(16))).isNull();
        assertThat(broken(Vr.CS, "ORIGINAL\\primary")).isEqualTo("value 2 'primary' has characters CS does not "
                + "allow: upper-case letters, digits, space and _ only (PS3.5 §6.2)");
        assertThat(broken(Vr.UI, "1.2.03")).isEqualTo("'1.2.03' is not a UID: its component '03' starts with a zero "
                + "(PS3.5 §9.1)");
        assertThat(broken(Vr.UI, "1.2.x")).startsWith("'1.2.x' is not a UID");
        assertThat(broken(Vr.LO, "a\nb")).isEqualTo("'a\nb' holds the control character U+000A, which LO does not "
                + "allow (PS3.5 §6.2)");
        assertThat(broken(Vr.AE, "   ")).startsWith("'   ' is only spaces");
        assertThat(broken(Vr.CS, "É")).startsWith("'É' holds 'É', outside the default character repertoire");
        assertThat(broken(Vr.PN, "a=b=c=d")).startsWith("'a=b=c=d' has 4 component groups");
        assertThat(broken(Vr.PN, "a^b^c^d^e^f")).startsWith("'a^b^c^d^e^f' has more than 5 components");
    }

    @Test
    void checkingADataSetAddsDictionaryVrsAndPrivateCreatorsAndSaysWhereInItems() {
        DataSet ds = new DataSet();
        ds.setString(Tags.PatientID, Vr.SH, "ID");
        ds.setString(Tag.of(0x0029, 0x1010), Vr.LO, "orphan");
        DataSet item = ds.newSequence(Tags.ReferencedImageSequence).addItem();
        item.setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.2.03");
        ds.setString(Tags.StudyDate, Vr.UN, "anything goes in UN");

        List<String> breaches = ValueRules.check(ds).stream().map(b -> b.path() + b.message()).toList();

        assertThat(breaches).containsExactly(
                "(0008,1140)[1].(0008,1155) ReferencedSOPInstanceUID: '1.2.03' is not a UID: its component '03' "
                        + "starts with a zero (PS3.5 §9.1)",
                "(0010,0020) PatientID is LO in the dictionary (PS3.6), not SH",
                "the private element (0029,1010) has no private creator (0029,0010) in its data set (PS3.5 §7.8.1)");
    }
}
