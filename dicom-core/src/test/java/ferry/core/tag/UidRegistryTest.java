package ferry.core.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

class UidRegistryTest {
    @Test
    void knowsExplicitVrLittleEndian() {
        UidEntry entry = UidRegistry.lookup("1.2.840.10008.1.2.1").orElseThrow();
        assertThat(entry.keyword()).isEqualTo("ExplicitVRLittleEndian");
        assertThat(entry.name()).isEqualTo("Explicit VR Little Endian");
        assertThat(entry.type()).isEqualTo("Transfer Syntax");
        assertThat(entry.retired()).isFalse();
        assertThat(Uids.ExplicitVRLittleEndian).isEqualTo("1.2.840.10008.1.2.1");
    }

    @Test
    void knowsMrImageStorage() {
        assertThat(UidRegistry.nameOf("1.2.840.10008.5.1.4.1.1.4")).isEqualTo("MR Image Storage");
        assertThat(UidRegistry.lookup(Uids.MRImageStorage).orElseThrow().type()).isEqualTo("SOP Class");
        assertThat(UidRegistry.byKeyword("MRImageStorage").orElseThrow().uid()).isEqualTo("1.2.840.10008.5.1.4.1.1.4");
    }

    @Test
    void ignoresThePaddingOfAUidValue() {
        assertThat(UidRegistry.lookup("1.2.840.10008.1.2\0")).map(UidEntry::keyword).hasValue("ImplicitVRLittleEndian");
        assertThat(UidRegistry.nameOf("1.2.840.10008.1.1\0")).isEqualTo("Verification SOP Class");
    }

    @Test
    void flagsRetiredUids() {
        assertThat(UidRegistry.lookup("1.2.840.10008.1.2.2").orElseThrow().retired()).isTrue();
        assertThat(UidRegistry.lookup(Uids.ExplicitVRLittleEndian).orElseThrow().retired()).isFalse();
    }

    @Test
    void namesAnUnknownUidByItself() {
        assertThat(UidRegistry.lookup("1.2.3.4")).isEmpty();
        assertThat(UidRegistry.byKeyword("NoSuchThing")).isEmpty();
        assertThat(UidRegistry.byKeyword("")).isEmpty();
        assertThat(UidRegistry.nameOf("1.2.3.4")).isEqualTo("1.2.3.4");
    }

    @Test
    void holdsEveryRegisteredUid() {
        // 454 in pydicom 2.3.1 (DICOM 2022a).
        assertThat(UidRegistry.entries()).hasSizeGreaterThan(450);
        assertThat(UidRegistry.entries()).extracting(UidEntry::type)
                .contains("SOP Class", "Transfer Syntax", "Well-known frame of reference", "Coding Scheme");
    }

    @Test
    void agreesWithEveryConstantInUids() throws IllegalAccessException {
        int count = 0;
        for (Field field : Uids.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String uid = (String) field.get(null);
                assertThat(UidRegistry.lookup(uid)).as(field.getName()).map(UidEntry::keyword)
                        .hasValue(field.getName());
                count++;
            }
        }
        assertThat(count).isGreaterThan(450);
    }
}
