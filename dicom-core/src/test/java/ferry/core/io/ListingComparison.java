package ferry.core.io;

import ferry.core.io.Listing.Entry;
import ferry.core.tag.Tag;
import java.util.List;
import java.util.Set;

/**
 * Compares dcmdump's listing of a file with Ferry's, entry by entry, and names the first difference. Differences
 * that are only dcmdump's way of presenting things are normalised here, each with its reason.
 */
final class ListingComparison {
    private ListingComparison() {
    }

    /** VRs whose values dcmdump converts to UTF-8 with +U8 (PS3.5 §6.1.2.3): their lengths then change. */
    private static final Set<String> CHARSET_VRS = Set.of("SH", "LO", "ST", "LT", "UC", "UT", "PN");

    /** The first difference between dcmdump's and Ferry's listing, or {@code null} when they agree. */
    static String firstDifference(Listing dcmdump, Listing ferry, Listing.Text text, List<String> warnings) {
        List<Entry> d = dcmdump.entries();
        List<Entry> f = ferry.entries();
        if (text == Listing.Text.DECODED) {
            // dcmdump +U8 converts the values to UTF-8 and then sets (0008,0005) to "ISO_IR 192" (adding it when
            // absent, removing it from items), so Specific Character Set itself is not comparable.
            d = d.stream().filter(e -> e.tag() != Tag.SPECIFIC_CHARACTER_SET).toList();
            f = f.stream().filter(e -> e.tag() != Tag.SPECIFIC_CHARACTER_SET).toList();
        }
        for (int i = 0; i < Math.max(d.size(), f.size()); i++) {
            if (i >= d.size()) {
                return "Ferry lists more entries than dcmdump, from: " + f.get(i);
            }
            if (i >= f.size()) {
                return "Ferry lists fewer entries than dcmdump, missing: " + d.get(i);
            }
            String difference = difference(d.get(i), f.get(i), text, warnings);
            if (difference != null) {
                return "entry " + (i + 1) + ": " + difference + "\n    dcmdump: " + d.get(i) + "\n    ferry:   "
                        + f.get(i);
            }
        }
        return null;
    }

    private static String difference(Entry d, Entry f, Listing.Text text, List<String> warnings) {
        if (d.tag() != f.tag() || d.depth() != f.depth()) {
            return "different element or nesting";
        }
        if (!vrMatches(d, f)) {
            return "different VR";
        }
        boolean oddPadded = false;
        if (d.length() != f.length()) {
            if (convertedText(d, text)) {
                // dcmdump +U8 converted the value to UTF-8: its length is the converted one.
            } else if (f.length() >= 0 && (f.length() & 1) == 1 && d.length() == f.length() + 1) {
                // dcmtk pads an odd-length value to even length when it loads it ("accept odd length
                // attributes") and prints the padded length and byte; Ferry keeps the value as it is in the file.
                oddPadded = true;
            } else if (clamped(d, warnings)) {
                // An item or sequence whose length runs past the end of the file: dcmdump prints the declared
                // length, Ferry reads to the end of the file and says so in a warning (that is checked here).
            } else {
                return "different length";
            }
        }
        if (d.value() == null || f.value() == null) {
            return null;
        }
        return valueMatches(d, f, oddPadded) ? null : "different value";
    }

    /** True when Ferry warned that it cut this item's or sequence's length to the end of the file. */
    private static boolean clamped(Entry d, List<String> warnings) {
        if (d.value() != null) {
            return false;
        }
        String declared = "length " + d.length() + " runs past the end";
        return warnings.stream().anyMatch(w -> w.contains(declared));
    }

    /** True when dcmdump +U8 may have changed the value's length by converting it to UTF-8. */
    private static boolean convertedText(Entry d, Listing.Text text) {
        return text == Listing.Text.DECODED && CHARSET_VRS.contains(d.vr());
    }

    private static boolean vrMatches(Entry d, Entry f) {
        String dv = d.vr();
        String fv = f.vr();
        if (dv.equals(fv)) {
            return true;
        }
        return switch (dv) {
            // dcmdump's pseudo VRs for dictionary entries with more than one VR, used in implicit VR files where
            // it does not decide: xs = US or SS, ox = OB or OW, lt = US, SS or OW (LUT data).
            case "xs" -> fv.equals("US") || fv.equals("SS");
            case "ox" -> fv.equals("OB") || fv.equals("OW");
            case "lt" -> fv.equals("US") || fv.equals("SS") || fv.equals("OW");
            // up: dcmdump's "unsigned long pointer" for DICOMDIR offsets, UL in the dictionary.
            case "up" -> fv.equals("UL");
            // ??: dcmdump's VR for elements unknown to its dictionary in implicit VR files; Ferry says UN.
            case "??" -> fv.equals("UN");
            // A UN element of undefined length holds a sequence (PS3.5 §6.2.2, CP-246); dcmdump shows it as SQ,
            // Ferry keeps the VR it was read with.
            case "SQ" -> fv.equals("UN") && f.value() == null;
            // Encapsulated pixel data: dcmtk always makes it OB (PS3.5 §A.4 says OB); some writers use OW, which
            // Ferry keeps so that the file is written back as it was.
            case "OB" -> fv.equals("OW") && f.value() == null && f.length() < 0;
            default -> false;
        };
    }

    private static boolean valueMatches(Entry d, Entry f, boolean oddPadded) {
        String dv = d.value();
        String fv = f.value();
        if (dv.equals(fv)) {
            return true;
        }
        if (oddPadded && f.value().matches("[0-9a-f\\\\]*")) {
            // the padding byte dcmtk added (see difference()): one more byte (NUL or space) in the hex dump
            return dv.equals(fv + "\\00") || dv.equals(fv + "\\20") || dv.equals("00") && fv.isEmpty();
        }
        if (d.vr().length() == 2 && Character.isUpperCase(d.vr().charAt(0)) && f.vr().equals(d.vr())
                && stripNul(dv).equals(fv)) {
            // Ferry removes trailing NUL as well as space padding from every text value; dcmdump removes only
            // the padding that is right for the VR and prints a NUL that pads e.g. an SH value.
            return true;
        }
        switch (f.vr()) {
            case "FL", "FD" -> {
                // dcmdump prints floats with printf's %g (e.g. 1e-05, 0.333333); compare the numbers.
                return numbersMatch(dv, fv, f.vr().equals("FL") ? 1e-6 : 1e-12);
            }
            default -> {
                return false;
            }
        }
    }

    private static String stripNul(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == 0 || text.charAt(end - 1) == ' ')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static boolean numbersMatch(String dcmdump, String ferry, double tolerance) {
        String[] a = dcmdump.split("\\\\", -1);
        String[] b = ferry.split("\\\\", -1);
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            double x;
            double y;
            try {
                x = Double.parseDouble(a[i].strip());
                y = Double.parseDouble(b[i].strip());
            } catch (NumberFormatException e) {
                return false;
            }
            if (tolerance > 1e-9 && (float) x == (float) y) {
                continue; // FL: dcmdump prints 9 digits (1.40129846e-45), Java the shortest form (1.4E-45)
            }
            if (Double.compare(x, y) != 0 && Math.abs(x - y) > tolerance * Math.max(Math.abs(x), Math.abs(y))) {
                return false;
            }
        }
        return true;
    }
}
