package ferry.core.charset;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.tag.Vr;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported character set gives back the text it was given: encode, then decode, for every VR that uses
 * the Specific Character Set, with samples that need the set's own characters (so a '?' would show).
 */
class RoundTripTest {

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("", "Smith^John=^\\Doe"),
                Arguments.of("ISO_IR 6", "Smith^John"),
                Arguments.of("ISO_IR 100", "Buc^Jérôme\\Äneas^Rüdiger"),
                Arguments.of("ISO_IR 101", "Dvořák^Łukasz"),
                Arguments.of("ISO_IR 109", "Ġużeppi^Ħal"),
                Arguments.of("ISO_IR 110", "Ģirts^Āboliņš"),
                Arguments.of("ISO_IR 144", "Люксембург^Ирина"),
                Arguments.of("ISO_IR 127", "قباني^لنزار"),
                Arguments.of("ISO_IR 126", "Διονυσιος^Ελένη"),
                Arguments.of("ISO_IR 138", "שרון^דבורה"),
                Arguments.of("ISO_IR 148", "Çağrı^Şükrü"),
                Arguments.of("ISO_IR 203", "Œuvre^Šárka €"),
                Arguments.of("ISO_IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ"),
                Arguments.of("ISO_IR 166", "สมชาย^ใจดี"),
                Arguments.of("ISO 2022 IR 6", "Smith^John"),
                Arguments.of("ISO 2022 IR 100", "Buc^Jérôme"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 100", "Buc^Jérôme"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 101", "Dvořák^Łukasz"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 109", "Ġużeppi^Ħal"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 110", "Ģirts^Āboliņš"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 144", "Luxembourg^Люксембург"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 127", "Nizar^قباني^لنزار"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 126", "Dionysios=Διονυσιος"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 138", "Sharon=שרון^דבורה"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 148", "Çağrı^Şükrü"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 203", "Œuvre^Šárka €"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 13", "Yamada=ﾔﾏﾀﾞ^ﾀﾛｳ"),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 166", "Somchai=สมชาย^ใจดี"),
                Arguments.of("ISO 2022 IR 100\\ISO 2022 IR 144\\ISO 2022 IR 126", "Jérôme Люк Διον\\é"),
                Arguments.of("\\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう"),
                Arguments.of("ISO 2022 IR 13\\ISO 2022 IR 87", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"),
                Arguments.of("\\ISO 2022 IR 87\\ISO 2022 IR 159", "山田^苷逘=やまだ"),
                Arguments.of("ISO 2022 IR 87", "山田^太郎"),
                Arguments.of("\\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동"),
                Arguments.of("ISO 2022 IR 149", "홍^길동"),
                Arguments.of("\\ISO 2022 IR 58", "Zhang^XiaoDong=张^小东="),
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 87\\ISO 2022 IR 149\\ISO 2022 IR 58", "山田=홍길동=张小东"),
                Arguments.of("ISO_IR 192", "Wang^XiaoDong=王^小東=😀 Jérôme Люк"),
                Arguments.of("GB18030", "Wang^XiaoDong=王^小东=😀 Jérôme"),
                Arguments.of("GBK", "Wang^XiaoDong=王^小东="));
    }

    private static final Vr[] TEXT_VRS = {Vr.SH, Vr.LO, Vr.ST, Vr.LT, Vr.UC, Vr.UT, Vr.PN};

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("samples")
    void decodesWhatItEncodes(String terms, String text) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(terms);
        assertThat(cs.unknownTerms()).isEmpty();
        for (Vr vr : TEXT_VRS) {
            byte[] bytes = cs.encode(text, vr);
            assertThat(cs.decode(bytes, 0, bytes.length, vr)).as("%s %s", terms, vr).isEqualTo(text);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("samples")
    void decodesTheSameTextFromAnyOffset(String terms, String text) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(terms);
        byte[] value = cs.encode(text, Vr.PN);
        byte[] framed = new byte[value.length + 6];
        System.arraycopy(value, 0, framed, 3, value.length);
        framed[0] = framed[framed.length - 1] = (byte) 0xFF;
        assertThat(cs.decode(framed, 3, value.length, Vr.PN)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("samples")
    void returnsToTheFirstCharsetBeforeEachLine(String terms, String text) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(terms);
        String lines = text + "\r\n" + text + "\tend\f";
        byte[] bytes = cs.encode(lines, Vr.LT);
        assertThat(cs.decode(bytes, 0, bytes.length, Vr.LT)).isEqualTo(lines);
        // each line can be read on its own with the initial state, as PS3.5 §6.1.2.5.3 promises
        int cr = indexOf(bytes, (byte) '\r');
        assertThat(cs.decode(bytes, cr + 2, bytes.length - cr - 2, Vr.LT)).isEqualTo(text + "\tend\f");
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
