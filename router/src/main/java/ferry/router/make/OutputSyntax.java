package ferry.router.make;

import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Value;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.UidEntry;
import ferry.core.tag.UidRegistry;
import java.util.Locale;
import java.util.Map;

/**
 * The transfer syntax {@code ferry make} writes: the one asked for with {@code --ts}, else the input's own
 * (0002,0010), else Explicit VR Little Endian; checked against the pixel data, since Ferry neither compresses nor
 * decompresses: encapsulated (compressed) pixel data keeps its compressed syntax, native pixel data needs a native
 * one.
 */
public final class OutputSyntax {
    private static final Map<String, TransferSyntax> SHORT_NAMES = Map.of(
            "explicit", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
            "implicit", TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
            "big", TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
            "deflated", TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);

    private OutputSyntax() {
    }

    /**
     * A {@code --ts} value: {@code explicit}, {@code implicit}, {@code big}, {@code deflated} (the native syntaxes),
     * or a transfer syntax UID or keyword ({@code 1.2.840.10008.1.2.1}, {@code ExplicitVRLittleEndian}).
     *
     * @throws IllegalArgumentException naming what is accepted, when {@code text} is none of them
     */
    public static TransferSyntax parse(String text) {
        String name = text.strip();
        TransferSyntax known = SHORT_NAMES.get(name.toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        String uid = UidRegistry.byKeyword(name).map(UidEntry::uid).orElse(name);
        if (TransferSyntax.isKnown(uid)) {
            return TransferSyntax.of(uid);
        }
        throw new IllegalArgumentException("'" + text + "' is no transfer syntax: give explicit, implicit, big, "
                + "deflated, or a transfer syntax UID");
    }

    /**
     * The syntax to write {@code dataSet} in: {@code asked} unless null, else {@code listed} (the input's Transfer
     * Syntax UID) unless null or empty, else Explicit VR Little Endian.
     *
     * @throws IllegalArgumentException saying why, when the pixel data cannot be written in that syntax or
     *                                  {@code listed} is unknown
     */
    static TransferSyntax choose(TransferSyntax asked, String listed, DataSet dataSet) {
        Value pixels = dataSet.value(Tag.PIXEL_DATA);
        boolean encapsulated = pixels instanceof Fragments;
        TransferSyntax syntax;
        String source;
        if (asked != null) {
            syntax = asked;
            source = "asked for with --ts";
        } else if (listed != null && !listed.isBlank()) {
            if (!TransferSyntax.isKnown(listed)) {
                throw new IllegalArgumentException("the Transfer Syntax UID (0002,0010) '" + listed.strip() + "' is "
                        + "no transfer syntax Ferry knows; give one with --ts");
            }
            syntax = TransferSyntax.of(listed);
            source = "given by (0002,0010)";
        } else if (encapsulated) {
            throw new IllegalArgumentException("Pixel Data is encapsulated (compressed) and no Transfer Syntax UID "
                    + "(0002,0010) says how: give its syntax with --ts");
        } else {
            return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        }
        String name = UidRegistry.nameOf(syntax.uid());
        if (encapsulated && !syntax.encapsulated()) {
            throw new IllegalArgumentException("Pixel Data is encapsulated (compressed), which " + name + " ("
                    + source + ") cannot hold, and Ferry does not decompress");
        }
        if (!encapsulated && pixels != null && syntax.encapsulated()) {
            throw new IllegalArgumentException("Pixel Data is native (not compressed), but " + name + " ("
                    + source + ") is a compressed syntax and Ferry does not compress: give --ts explicit (or "
                    + "another uncompressed syntax)");
        }
        return syntax;
    }
}
