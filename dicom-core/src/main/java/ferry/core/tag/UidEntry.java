package ferry.core.tag;

import java.util.Objects;

/**
 * A registered DICOM UID (PS3.6 Annex A).
 *
 * @param uid the UID, e.g. {@code 1.2.840.10008.1.2.1}
 * @param keyword its keyword, e.g. {@code ExplicitVRLittleEndian}; {@code ""} for the few retired UIDs without one
 * @param name its name, e.g. {@code Explicit VR Little Endian}; {@code ""} when the standard gives none
 * @param type what it identifies, e.g. {@code Transfer Syntax}, {@code SOP Class}, {@code Coding Scheme}
 * @param retired whether the standard lists it as retired
 */
public record UidEntry(String uid, String keyword, String name, String type, boolean retired) {
    public UidEntry {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
