package ferry.core.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TagTest {
    @Test
    void writesTagsAsGroupAndElementInHex() {
        assertThat(Tag.toString(0x0010ABCD)).isEqualTo("(0010,ABCD)");
        assertThat(Tag.toString(Tag.ITEM)).isEqualTo("(FFFE,E000)");
    }

    @Test
    void parsesTheUsualSpellings() {
        assertThat(Tag.parse("(0010,0020)")).isEqualTo(0x00100020);
        assertThat(Tag.parse("7fe0,0010")).isEqualTo(Tag.PIXEL_DATA);
        assertThat(Tag.parse("FFFEE0DD")).isEqualTo(Tag.SEQUENCE_DELIMITATION);
        assertThatThrownBy(() -> Tag.parse("PatientID")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsTheCreatorOfAPrivateElement() {
        assertThat(Tag.creatorOf(0x00291010)).isEqualTo(0x00290010);
        assertThat(Tag.creatorOf(0x0029FF01)).isEqualTo(0x002900FF);
        assertThat(Tag.creatorOf(0x00100010)).isEqualTo(-1);
        assertThat(Tag.isPrivateCreator(0x00290010)).isTrue();
        assertThat(Tag.isPrivate(0xFFFEE000)).isFalse();
    }

    @Test
    void knowsVrCodesFromHeaderBytes() {
        assertThat(Vr.ofCode(('O' << 8) | 'B')).isEqualTo(Vr.OB);
        assertThat(Vr.ofCode(0x2020)).isNull();
        assertThat(Vr.UN.longHeader()).isTrue();
        assertThat(Vr.US.longHeader()).isFalse();
    }
}
