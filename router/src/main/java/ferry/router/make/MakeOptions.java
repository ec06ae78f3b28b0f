package ferry.router.make;

import ferry.core.io.TransferSyntax;
import java.util.Objects;

/**
 * The choices of {@code ferry make} that every way of making an object shares.
 *
 * @param lenient write values that break a rule of the standard (PS3.5 §6.2) as given, with a warning, instead of
 *                refusing them
 * @param fill    fill in the {@link MissingBasics} the input lacks; false writes the data set exactly as given
 * @param syntax  the transfer syntax to write, or null for the input's own (else Explicit VR Little Endian)
 * @param uids    where new UIDs come from
 */
public record MakeOptions(boolean lenient, boolean fill, TransferSyntax syntax, UidSource uids) {
    public MakeOptions {
        Objects.requireNonNull(uids, "uids");
    }

    /** Strict, filling the basics, the input's transfer syntax, random UIDs. */
    public static MakeOptions defaults() {
        return new MakeOptions(false, true, null, UidSource.random());
    }
}
