package ferry.router.deid;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One row of PS3.15 Table E.1-1: the attribute, the Basic Profile's action and the actions of the options that
 * change it.
 *
 * @param tag     the tag; for a repeating group ({@code (60xx,3000)}) the tag with the repeating digits zero
 * @param mask    the bits of a tag that must equal {@code tag}'s (0xFFFFFFFF for one tag, 0xFF00FFFF for
 *                {@code (60xx,3000)}); 0 for the row of private attributes, which matches by group parity instead
 * @param name    the attribute name as the table gives it
 * @param basic   the Basic Profile's action
 * @param options the action of each option column that has one
 */
public record ProfileRow(int tag, int mask, String name, ProfileAction basic, Map<ProfileOption, ProfileAction> options) {
    public ProfileRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(basic, "basic");
        options = Map.copyOf(options);
    }

    /** Whether this row is the one for private attributes, {@code (gggg,eeee)} with gggg odd. */
    public boolean isPrivate() {
        return mask == 0;
    }

    /** Whether this row covers {@code candidate}. */
    public boolean matches(int candidate) {
        return isPrivate() ? (candidate >>> 16 & 1) == 1 : (candidate & mask) == tag;
    }

    /**
     * The action under {@code chosen} options: an option's requirement overrides the profile's (§E.1.1, "a requirement
     * for an Option, when implemented, overrides any requirement for the underlying Profile"); where two chosen
     * options both name one (they agree in the 2021b table), the first column wins.
     */
    public ProfileAction action(Set<ProfileOption> chosen) {
        for (ProfileOption option : ProfileOption.values()) {
            ProfileAction override = options.get(option);
            if (override != null && chosen.contains(option)) {
                return override;
            }
        }
        return basic;
    }
}
