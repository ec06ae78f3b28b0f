package ferry.core.charset;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.tag.Vr;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of PS3.5 Annex H (Japanese), I (Korean), J (Chinese, UTF-8 and GB18030) and K (Chinese,
 * GB 2312 with code extensions): the bytes are the standard's, written in hex; each is decoded to the text the
 * standard shows and, where the example carries no pad byte, encoded back to exactly the same bytes.
 */
class AnnexExamplesTest {

    // PS3.5 H.3.1: (0008,0005) "\ISO 2022 IR 87", PN in three component groups. JIS X 0208 runs start with
    // ESC $ B (1B 24 42) and return to ASCII with ESC ( B (1B 28 42) before each ^ and = and at the end.
    private static final String H31 = "59 61 6d 61 64 61 5e 54 61 72 6f 75 3d"  // Yamada^Tarou=
            + " 1b 24 42 3b 33 45 44 1b 28 42 5e"                                   // 山田^
            + " 1b 24 42 42 40 4f 3a 1b 28 42 3d"                                   // 太郎=
            + " 1b 24 42 24 64 24 5e 24 40 1b 28 42 5e"                             // やまだ^
            + " 1b 24 42 24 3f 24 6d 24 26 1b 28 42";                               // たろう

    // PS3.5 H.3.2: (0008,0005) "ISO 2022 IR 13\ISO 2022 IR 87": half-width katakana in G1 without escape,
    // JIS X 0208 via ESC $ B, and the return is to JIS X 0201 Romaji, ESC ( J (1B 28 4a).
    private static final String H32 = "d4 cf c0 de 5e c0 db b3 3d"               // ﾔﾏﾀﾞ^ﾀﾛｳ=
            + " 1b 24 42 3b 33 45 44 1b 28 4a 5e"                                   // 山田^
            + " 1b 24 42 42 40 4f 3a 1b 28 4a 3d"                                   // 太郎=
            + " 1b 24 42 24 64 24 5e 24 40 1b 28 4a 5e"                             // やまだ^
            + " 1b 24 42 24 3f 24 6d 24 26 1b 28 4a";                               // たろう

    // PS3.5 I.2: (0008,0005) "\ISO 2022 IR 149": KS X 1001 in G1, designated by ESC $ ) C (1b 24 29 43)
    // again after every delimiter, since the first value has no G1 set to return to.
    private static final String I2 = "48 6f 6e 67 5e 47 69 6c 64 6f 6e 67 3d"   // Hong^Gildong=
            + " 1b 24 29 43 fb f3 5e"                                               // 洪^
            + " 1b 24 29 43 d1 ce d4 d7 3d"                                         // 吉洞=
            + " 1b 24 29 43 c8 ab 5e"                                               // 홍^
            + " 1b 24 29 43 b1 e6 b5 bf";                                           // 길동

    // PS3.5 J.1 (ISO_IR 192): UTF-8, trailing = of an empty phonetic group.
    private static final String J_UTF8_PN = "57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d" // Wang^XiaoDong=
            + " e7 8e 8b 5e e5 b0 8f e6 9d b1 3d";                                  // 王^小東=

    // PS3.5 J.2 (ISO_IR 192): LT of three lines, each ending CR LF.
    private static final String J_UTF8_LT =
            "54 68 65 20 66 69 72 73 74 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 e4 b8 ad e6 96 87 2e 0d 0a"
            + " 54 68 65 20 73 65 63 6f 6e 64 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 e4 b8 ad e6 96 87"
            + " 2c 20 74 6f 6f 2e 0d 0a"
            + " 54 68 65 20 74 68 69 72 64 20 6c 69 6e 65 2e 0d 0a";

    // PS3.5 J.3 (GB18030): the same name in simplified characters.
    private static final String J_GB18030_PN = "57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d" // Wang^XiaoDong=
            + " cd f5 5e d0 a1 b6 ab 3d";                                           // 王^小东=

    // PS3.5 J.4 (GB18030): the LT of J.2, 中文 as d6 d0 ce c4.
    private static final String J_GB18030_LT =
            "54 68 65 20 66 69 72 73 74 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 d6 d0 ce c4 2e 0d 0a"
            + " 54 68 65 20 73 65 63 6f 6e 64 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 d6 d0 ce c4"
            + " 2c 20 74 6f 6f 2e 0d 0a"
            + " 54 68 65 20 74 68 69 72 64 20 6c 69 6e 65 2e 0d 0a";

    private static final String J_LT_TEXT = "The first line includes中文.\r\n"
            + "The second line includes中文, too.\r\n"
            + "The third line.\r\n";

    // PS3.5 K.2: (0008,0005) "\ISO 2022 IR 58": GB 2312 in G1 via ESC $ ) A (1b 24 29 41); the value ends
    // with a SPACE pad (20) to even length.
    private static final String K2 = "5a 68 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d" // Zhang^XiaoDong=
            + " 1b 24 29 41 d5 c5 5e"                                               // 张^
            + " 1b 24 29 41 d0 a1 b6 ab 3d 20";                                     // 小东=, pad

    // PS3.5 K.3: the three lines of an LT in "\ISO 2022 IR 58"; CR LF ends the G1 designation.
    private static final String K3 =
            "31 2e 1b 24 29 41 b5 da d2 bb d0 d0 ce c4 d7 d6 a1 a3 0d 0a"                      // 1.第一行文字。
            + " 32 2e 1b 24 29 41 b5 da b6 fe d0 d0 ce c4 d7 d6 a1 a3 0d 0a"                    // 2.第二行文字。
            + " 33 2e 1b 24 29 41 b5 da c8 fd d0 d0 ce c4 d7 d6 a1 a3 0d 0a";                   // 3.第三行文字。

    @Test
    void readsAndWritesTheJapaneseNameOfH31() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 87");
        String name = "Yamada^Tarou=山田^太郎=やまだ^たろう";
        assertThat(decode(cs, H31, Vr.PN)).isEqualTo(name);
        assertThat(cs.encode(name, Vr.PN)).isEqualTo(hex(H31));
    }

    @Test
    void readsAndWritesTheKatakanaAndKanjiNameOfH32() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 13\\ISO 2022 IR 87");
        String name = "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう";
        assertThat(decode(cs, H32, Vr.PN)).isEqualTo(name);
        assertThat(cs.encode(name, Vr.PN)).isEqualTo(hex(H32));
    }

    @Test
    void readsAndWritesTheKoreanNameOfI2() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        String name = "Hong^Gildong=洪^吉洞=홍^길동";
        assertThat(decode(cs, I2, Vr.PN)).isEqualTo(name);
        assertThat(cs.encode(name, Vr.PN)).isEqualTo(hex(I2));
    }

    @Test
    void readsAndWritesTheUtf8ExamplesOfAnnexJ() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 192");
        assertThat(decode(cs, J_UTF8_PN, Vr.PN)).isEqualTo("Wang^XiaoDong=王^小東=");
        assertThat(cs.encode("Wang^XiaoDong=王^小東=", Vr.PN)).isEqualTo(hex(J_UTF8_PN));
        assertThat(decode(cs, J_UTF8_LT, Vr.LT)).isEqualTo(J_LT_TEXT);
        assertThat(cs.encode(J_LT_TEXT, Vr.LT)).isEqualTo(hex(J_UTF8_LT));
    }

    @Test
    void readsAndWritesTheGb18030ExamplesOfAnnexJ() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("GB18030");
        assertThat(decode(cs, J_GB18030_PN, Vr.PN)).isEqualTo("Wang^XiaoDong=王^小东=");
        assertThat(cs.encode("Wang^XiaoDong=王^小东=", Vr.PN)).isEqualTo(hex(J_GB18030_PN));
        assertThat(decode(cs, J_GB18030_LT, Vr.LT)).isEqualTo(J_LT_TEXT);
        assertThat(cs.encode(J_LT_TEXT, Vr.LT)).isEqualTo(hex(J_GB18030_LT));
    }

    @Test
    void readsTheGb2312NameOfK2AndWritesItWithoutThePad() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 58");
        assertThat(decode(cs, K2, Vr.PN)).isEqualTo("Zhang^XiaoDong=张^小东= ");
        byte[] withoutPad = hex(K2.substring(0, K2.length() - " 20".length()));
        assertThat(cs.encode("Zhang^XiaoDong=张^小东=", Vr.PN)).isEqualTo(withoutPad);
    }

    @Test
    void readsAndWritesTheGb2312LinesOfK3() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 58");
        String text = "1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n";
        assertThat(decode(cs, K3, Vr.LT)).isEqualTo(text);
        assertThat(cs.encode(text, Vr.LT)).isEqualTo(hex(K3));
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static String decode(SpecificCharacterSet cs, String spacedHex, Vr vr) {
        byte[] bytes = hex(spacedHex);
        return cs.decode(bytes, 0, bytes.length, vr);
    }
}
