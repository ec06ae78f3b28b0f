package ferry.core.tag;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the data dictionary (PS3.6 §6, PS3.7 Annex E): the VRs, value multiplicity, keyword and name of
 * a tag or of a repeating-group pattern.
 *
 * <p>{@code mask} has 0 bits where the pattern repeats, e.g. {@code 0xFF00FFFF} for OverlayData (60xx,3000), and
 * {@code 0xFFFFFFFF} for an ordinary tag. For a pattern, {@code tag} is its representative, the constant in
 * {@link Tags} (0x60003000 for OverlayData). {@code vrs} lists every VR the standard allows, the usual one first
 * (OB|OW for Pixel Data, US|SS for Smallest Image Pixel Value).
 *
 * @param tag the tag, or the representative tag of a repeating-group pattern
 * @param mask which bits of a tag must equal those of {@code tag} for the entry to apply
 * @param vrs the allowed VRs, never empty
 * @param vm the value multiplicity as PS3.6 writes it ({@code 1}, {@code 1-n}, {@code 2-2n})
 * @param keyword the keyword, {@code ""} for the few retired elements that have none
 * @param name the name as in PS3.6, {@code ""} when the standard gives none
 * @param retired whether the standard lists the element as retired
 */
public record DictionaryEntry(int tag, int mask, List<Vr> vrs, String vm, String keyword, String name,
                              boolean retired) {
    public DictionaryEntry {
        vrs = List.copyOf(vrs);
        if (vrs.isEmpty()) {
            throw new IllegalArgumentException("dictionary entry " + Tag.toString(tag) + " without a VR");
        }
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(name, "name");
    }

    /** The first (usual) VR. */
    public Vr vr() {
        return vrs.get(0);
    }

    /** True when {@code other} is this entry's tag or, for a repeating-group pattern, one of its tags. */
    public boolean matches(int other) {
        return (other & mask) == (tag & mask);
    }

    /** True for an entry of a repeating group such as (60xx,3000). */
    public boolean repeating() {
        return mask != 0xFFFFFFFF;
    }
}
