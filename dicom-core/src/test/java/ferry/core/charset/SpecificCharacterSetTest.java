package ferry.core.charset;

import static ferry.core.charset.AnnexExamplesTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.tag.Vr;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpecificCharacterSetTest {

    @Test
    void anAbsentOrBlankValueIsTheDefaultRepertoire() {
        assertThat(SpecificCharacterSet.of()).isSameAs(SpecificCharacterSet.DEFAULT);
        assertThat(SpecificCharacterSet.of((String[]) null)).isSameAs(SpecificCharacterSet.DEFAULT);
        assertThat(SpecificCharacterSet.of((String) null)).isSameAs(SpecificCharacterSet.DEFAULT);
        assertThat(SpecificCharacterSet.of("  ")).isSameAs(SpecificCharacterSet.DEFAULT);
        assertThat(SpecificCharacterSet.of("\\")).isSameAs(SpecificCharacterSet.DEFAULT);
        assertThat(SpecificCharacterSet.DEFAULT.terms()).isEmpty();
        assertThat(SpecificCharacterSet.DEFAULT.isDefault()).isTrue();
        assertThat(SpecificCharacterSet.of("ISO_IR 6").isDefault()).isTrue();
        assertThat(SpecificCharacterSet.of("ISO 2022 IR 6").isDefault()).isTrue();
        assertThat(SpecificCharacterSet.of("ISO_IR 100").isDefault()).isFalse();
        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87").isDefault()).isFalse();
    }

    @Test
    void takesTheValuesAsReadWithPaddingAndBackslashes() {
        SpecificCharacterSet joined = SpecificCharacterSet.of("\\ISO 2022 IR 87 ");
        SpecificCharacterSet separate = SpecificCharacterSet.of("", "ISO 2022 IR 87\0");
        assertThat(joined.terms()).containsExactly("", "ISO 2022 IR 87");
        assertThat(separate).isEqualTo(joined).isSameAs(joined);
        assertThat(joined).hasToString("\\ISO 2022 IR 87");
        assertThat(SpecificCharacterSet.of("ISO_IR 100 ", "").terms()).containsExactly("ISO_IR 100");
        assertThat(joined.unknownTerms()).isEmpty();
    }

    @Test
    void readsAnUnknownFirstTermAsLatin1AndReportsIt() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 999");
        byte[] bytes = {'J', (byte) 0xE9, (byte) 0xFF};
        assertThat(cs.unknownTerms()).containsExactly("ISO_IR 999");
        assertThat(cs.isDefault()).isFalse();
        assertThat(cs.decode(bytes, 0, 3, Vr.LO)).isEqualTo("Jéÿ");
        assertThat(cs.encode("Jéÿ", Vr.LO)).isEqualTo(bytes);
    }

    @Test
    void ignoresAnUnknownCodeExtensionAndReportsIt() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100\\KOI8-R");
        assertThat(cs.unknownTerms()).containsExactly("KOI8-R");
        assertThat(cs.encode("Jé", Vr.SH)).isEqualTo(new byte[] {'J', (byte) 0xE9});
    }

    @Test
    void acceptsTheMisspellingsPydicomCorrects() {
        for (String term : new String[] {"ISO IR 100", "ISO-IR 100", "ISO_IR 100"}) {
            SpecificCharacterSet cs = SpecificCharacterSet.of(term);
            assertThat(cs.unknownTerms()).as(term).isEmpty();
            assertThat(cs.encode("é", Vr.LO)).as(term).isEqualTo(new byte[] {(byte) 0xE9});
        }
        SpecificCharacterSet jis = SpecificCharacterSet.of("", "ISO_2022_IR_87");
        assertThat(jis.unknownTerms()).isEmpty();
        assertThat(jis.encode("山", Vr.LO)).isEqualTo(hex("1b 24 42 3b 33 1b 28 42"));
    }

    @Test
    void ignoresCodeExtensionsAfterAStandaloneCharset() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 192\\ISO 2022 IR 87");
        byte[] utf8 = "山田\u001b$B".getBytes(StandardCharsets.UTF_8);
        assertThat(cs.decode(utf8, 0, utf8.length, Vr.LO)).isEqualTo("山田\u001b$B");
        assertThat(cs.encode("山田", Vr.LO)).isEqualTo("山田".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ignoresAStandaloneCharsetAsCodeExtension() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100\\ISO_IR 192");
        assertThat(cs.unknownTerms()).isEmpty();
        assertThat(cs.encode("é山", Vr.LO)).isEqualTo(new byte[] {(byte) 0xE9, '?'});
    }

    @Test
    void readsAndWritesOtherVrsAsAscii() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 192");
        byte[] bytes = {'1', '.', '2', (byte) 0xC3, (byte) 0xA9};
        assertThat(cs.decode(bytes, 0, bytes.length, Vr.UI)).isEqualTo("1.2Ã©");
        assertThat(cs.encode("CHEST\\é", Vr.CS)).isEqualTo("CHEST\\?".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void writesCharactersOutsideTheRepertoireAsQuestionMarks() {
        assertThat(SpecificCharacterSet.DEFAULT.encode("Jérôme😀", Vr.PN)).isEqualTo("J?r?me?".getBytes());
        assertThat(SpecificCharacterSet.of("ISO_IR 144").encode("Люк€", Vr.LO))
                .isEqualTo(hex("bb ee da 3f"));
        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87").encode("山😀\ud800", Vr.LO))
                .isEqualTo(hex("1b 24 42 3b 33 1b 28 42 3f 3f"));
        assertThat(SpecificCharacterSet.of("ISO_IR 100").encode("a\u001bb", Vr.LO)).isEqualTo("a?b".getBytes());
    }

    @Test
    void decodesOnlyTheGivenRange() {
        byte[] bytes = hex("ff 4a e9 ff");
        assertThat(SpecificCharacterSet.of("ISO_IR 100").decode(bytes, 1, 2, Vr.SH)).isEqualTo("Jé");
        assertThatThrownBy(() -> SpecificCharacterSet.DEFAULT.decode(bytes, 3, 2, Vr.SH))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void readsBytesAbove7fInTheDefaultRepertoireAsLatin1() {
        byte[] bytes = hex("4a e9");
        assertThat(SpecificCharacterSet.DEFAULT.decode(bytes, 0, 2, Vr.PN)).isEqualTo("Jé");
        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87").decode(bytes, 0, 2, Vr.PN)).isEqualTo("Jé");
    }

    @Test
    void returnsToTheFirstCharsetAtPersonNameDelimiters() {
        // ESC - L designates Cyrillic to G1; a writer that forgets to return before ^ is still read as
        // PS3.5 §6.1.2.5.3 requires: after ^ and = the first value (Latin-1) is in force again.
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100\\ISO 2022 IR 144");
        byte[] bytes = hex("1b 2d 4c bb 5e bb 3d bb");
        assertThat(cs.decode(bytes, 0, bytes.length, Vr.PN)).isEqualTo("Л^»=»");
        assertThat(cs.decode(bytes, 0, bytes.length, Vr.LO)).isEqualTo("Л^Л=Л");
    }

    @Test
    void returnsToTheFirstCharsetAtValueDelimitersAndControlCharacters() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100\\ISO 2022 IR 144");
        byte[] bytes = hex("1b 2d 4c bb 5c bb 0d 0a 1b 2d 4c bb 09 bb");
        assertThat(cs.decode(bytes, 0, bytes.length, Vr.LO)).isEqualTo("Л\\»\r\nЛ\t»");
        // LT holds one value: a backslash is text there, not a delimiter.
        assertThat(cs.decode(bytes, 0, bytes.length, Vr.LT)).isEqualTo("Л\\Л\r\nЛ\t»");
    }

    @Test
    void readsKanjiPairsWhoseBytesLookLikeDelimiters() {
        // JIS X 0208 5C 41 is 楞 and 3D 3D is 十: neither byte is a backslash or = while G0 holds kanji.
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        byte[] bytes = hex("1b 24 42 5c 41 3d 3d 1b 28 42");
        assertThat(cs.decode(bytes, 0, bytes.length, Vr.PN)).isEqualTo("楞十");
        assertThat(cs.encode("楞十", Vr.PN)).isEqualTo(bytes);
    }

    @Test
    void usesTheSupplementaryKanjiSetOnlyForCharactersJisX0208Lacks() {
        // 苷 and 逘 are in JIS X 0212 (57 5A, 61 4F) but not in JIS X 0208; 山 is in JIS X 0208 (3B 33).
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87", "ISO 2022 IR 159");
        byte[] bytes = hex("1b 24 42 3b 33 1b 24 28 44 57 5a 61 4f 1b 28 42");
        assertThat(cs.encode("山苷逘", Vr.LO)).isEqualTo(bytes);
        assertThat(cs.decode(bytes, 0, bytes.length, Vr.LO)).isEqualTo("山苷逘");
    }

    @Test
    void keepsUnknownEscapeSequencesAsText() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        byte[] bytes = hex("61 1b 28 5a 62");
        assertThat(cs.decode(bytes, 0, bytes.length, Vr.LO)).isEqualTo("a\u001b(Zb");
    }

    @Test
    void replacesTruncatedAndUnmappedCodes() {
        SpecificCharacterSet korean = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        byte[] cut = hex("1b 24 29 43 b1 e8 c8");
        assertThat(korean.decode(cut, 0, cut.length, Vr.LO)).isEqualTo("김\uFFFD");
        SpecificCharacterSet kanji = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        byte[] unmapped = hex("1b 24 42 3b 33 7e 7e 1b 28 42");
        assertThat(kanji.decode(unmapped, 0, unmapped.length, Vr.LO)).isEqualTo("山\uFFFD");
    }

    @Test
    void readsALoneByteInKanjiModeAsAscii() {
        // A byte 21..7E without a partner cannot be kanji. pydicom 2.3, with ISO 2022 IR 87 as the only value,
        // writes 山田^太郎 like this, designating JIS X 0208 again (1b 24 42) right before the ^.
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 87");
        byte[] bytes = hex("1b 24 42 3b 33 45 44 1b 24 42 5e 1b 24 42 42 40 4f 3a 1b 24 42");
        assertThat(cs.decode(bytes, 0, bytes.length, Vr.PN)).isEqualTo("山田^太郎");
        byte[] odd = hex("1b 24 42 3b 33 45");
        assertThat(cs.decode(odd, 0, odd.length, Vr.LO)).isEqualTo("山E");
    }

    @Test
    void readsMultiByteG1TextWhoseEscapeSequenceIsMissingInTheFirstG1SetListed() {
        // pydicom 2.3 writes GB 2312 without ESC $ ) A; some Korean devices leave out ESC $ ) C.
        SpecificCharacterSet chinese = SpecificCharacterSet.of("\\ISO 2022 IR 58");
        byte[] gb = hex("5a 68 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d d5 c5 5e d0 a1 b6 ab");
        assertThat(chinese.decode(gb, 0, gb.length, Vr.PN)).isEqualTo("Zhang^XiaoDong=张^小东");
        SpecificCharacterSet korean = SpecificCharacterSet.of("\\ISO 2022 IR 149");
        byte[] ks = hex("b1 e8 c8 f1 c1 df");
        assertThat(korean.decode(ks, 0, ks.length, Vr.PN)).isEqualTo("김희중");
        // with no G1 set listed at all, such bytes stay ISO 8859-1
        SpecificCharacterSet kanji = SpecificCharacterSet.of("\\ISO 2022 IR 87");
        assertThat(kanji.decode(ks, 0, ks.length, Vr.PN)).isEqualTo("±èÈñÁß");
    }

    @Test
    void switchesBetweenSeveralSingleByteSetsAndBack() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100", "ISO 2022 IR 144", "ISO 2022 IR 126");
        String text = "Jé Лю Δι é";
        byte[] expected = hex("4a e9 20 1b 2d 4c bb ee 20 1b 2d 46 c4 e9 20 1b 2d 41 e9");
        assertThat(cs.encode(text, Vr.LO)).isEqualTo(expected);
        assertThat(cs.decode(expected, 0, expected.length, Vr.LO)).isEqualTo(text);
        // the end of the value returns to the first set
        assertThat(cs.encode("Лю", Vr.LO)).isEqualTo(hex("1b 2d 4c bb ee 1b 2d 41"));
    }
}
