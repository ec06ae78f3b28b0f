package ferry.core.text;

import ferry.core.tag.UidEntry;
import ferry.core.tag.UidRegistry;
import ferry.core.tag.Vr;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The value part of a listing line as written — {@code [text]}, {@code =Name}, a bare word, a structural marker in
 * parentheses — and its conversion to value bytes for a VR: numbers, AT tags, hexadecimal bytes, text with its
 * character references decoded.
 */
final class ValueText {
    /** How the value is written. */
    enum Form {
        /** Nothing, or {@code (no value available)}. */
        EMPTY,
        /** Between {@code [} and {@code ]}. */
        BRACKETED,
        /** {@code =Name}: a UID's name, or for OB and OW values a file to read. */
        NAMED,
        /** A word without brackets: numbers, hexadecimal bytes, or text without spaces. */
        BARE,
        /** In parentheses or angle brackets: a sequence, item, pixel data or bulk data marker, or AT tags. */
        MARKER
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern AT = Pattern.compile("\\(\\s*([0-9A-Fa-f]{4})\\s*,\\s*([0-9A-Fa-f]{4})\\s*\\)"
            + "|([0-9A-Fa-f]{4})([0-9A-Fa-f]{4})");
    private static final Pattern HEX = Pattern.compile("([0-9A-Fa-f]{2})+");
    private static final Pattern REFERENCE = Pattern.compile("&#(?:([0-9]{1,7})|[xX]([0-9A-Fa-f]{1,6}));"
            + "|&(amp|lt|gt|quot|apos);");

    private final Form form;
    private final String text;
    private final boolean cut;

    private ValueText(Form form, String text, boolean cut) {
        this.form = form;
        this.text = text;
        this.cut = cut;
    }

    Form form() {
        return form;
    }

    /** The text: inside the brackets, after {@code =}, the bare word, or the whole marker. */
    String text() {
        return text;
    }

    /** Whether the value was cut by the program that listed it (it ends in {@code ...}). */
    boolean cut() {
        return cut;
    }

    /**
     * Splits the value part of a line. {@code uid} says that the VR is UI, whose value ends at the first {@code ]}
     * (ferry dump follows it with the UID's name, which may hold brackets); other bracketed values end at the last
     * {@code ]}, as dcmtk's dump2dcm reads them. After the value only a comment may follow, or {@code ...} where
     * the lister cut the value.
     */
    static ValueText of(String value, boolean uid) throws ListingLine.Malformed {
        if (value.isEmpty()) {
            return new ValueText(Form.EMPTY, "", false);
        }
        if (value.startsWith("(no value available)")) {
            after(value.substring("(no value available)".length()), value);
            return new ValueText(Form.EMPTY, "", false);
        }
        char first = value.charAt(0);
        if (first == '[') {
            int close = uid ? value.indexOf(']') : value.lastIndexOf(']');
            if (close < 0) {
                if (value.endsWith("...")) {
                    return new ValueText(Form.BRACKETED, value.substring(1, value.length() - 3), true);
                }
                throw new ListingLine.Malformed("the value '" + ListingLine.shorten(value) + "' has no closing ]");
            }
            String rest = value.substring(close + 1).strip();
            boolean cut = rest.equals("...");
            if (!cut && !(uid && rest.startsWith("(") && rest.endsWith(")"))) {
                after(rest, value);
            }
            return new ValueText(Form.BRACKETED, value.substring(1, close), cut);
        }
        if (first == '(' || first == '<') {
            return new ValueText(Form.MARKER, value, false);
        }
        int end = 0;
        while (end < value.length() && !Character.isWhitespace(value.charAt(end))) {
            end++;
        }
        after(value.substring(end), value);
        String word = value.substring(0, end);
        if (first == '=') {
            return new ValueText(Form.NAMED, word.substring(1), false);
        }
        boolean cut = word.endsWith("...");
        return new ValueText(Form.BARE, cut ? word.substring(0, word.length() - 3) : word, cut);
    }

    /** Accepts what follows a value: nothing, or a comment. */
    private static void after(String rest, String value) throws ListingLine.Malformed {
        String stripped = rest.strip();
        if (!stripped.isEmpty() && !stripped.startsWith("#")) {
            throw new ListingLine.Malformed("unexpected '" + ListingLine.shorten(stripped) + "' after the value '"
                    + ListingLine.shorten(value.substring(0, value.length() - rest.length()).strip())
                    + "'; text with spaces goes between [ and ]");
        }
    }

    // ---- conversions ---------------------------------------------------------------------------------------

    /**
     * Text with its character references decoded: {@code &#13;} and {@code &#x0D;} as ferry dump and dcmdump
     * {@code +Qn} write control characters, and with {@code raw} (dcmdump's listings, whose characters are the value
     * bytes) also {@code &amp; &lt; &gt; &quot; &apos;}, references below 256 as that byte and others as their UTF-8
     * bytes.
     */
    static String decodeReferences(String text, boolean raw) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        while (m.find()) {
            if (m.group(3) != null && !raw) {
                continue; // named references are dcmdump's (+Qn); in other listings they are text
            }
            out.append(text, at, m.start());
            at = m.end();
            if (m.group(3) != null) {
                out.append(switch (m.group(3)) {
                    case "amp" -> '&';
                    case "lt" -> '<';
                    case "gt" -> '>';
                    case "quot" -> '"';
                    default -> '\'';
                });
                continue;
            }
            int code = m.group(1) != null ? Integer.parseInt(m.group(1)) : Integer.parseInt(m.group(2), 16);
            if (code > Character.MAX_CODE_POINT) {
                out.append(m.group());
            } else if (raw && code > 0xFF) {
                out.append(new String(Character.toString(code).getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1));
            } else {
                out.appendCodePoint(code);
            }
        }
        return out.append(text, at, text.length()).toString();
    }

    /** The UID named {@code name}: dcmtk's name (dcmdump's {@code =LittleEndianExplicit}) or the DICOM keyword. */
    static String uid(String name) throws ListingLine.Malformed {
        Optional<String> uid = DcmtkUidNames.uid(name).or(() -> UidRegistry.byKeyword(name).map(UidEntry::uid));
        if (uid.isPresent()) {
            return uid.get();
        }
        Stream<String> known = Stream.concat(StreamSupport.stream(DcmtkUidNames.names().spliterator(), false),
                UidRegistry.entries().stream().map(UidEntry::keyword).filter(k -> !k.isEmpty()));
        throw new ListingLine.Malformed("unknown UID name '" + name + "'" + Nearest.closest(name, known, 4)
                .map(n -> " (did you mean =" + n + "?)").orElse("")
                + "; write the UID itself between [ and ]");
    }

    /**
     * Numbers separated by backslash, little endian: of US, SS, UL, SL, UV, SV, FL and FD, and of OF, OD (floating
     * point) and OL, OV (integers, signed or not) as dcmdump writes them.
     */
    static byte[] numbers(Vr vr, String text) throws ListingLine.Malformed {
        String[] parts = text.split("\\\\", -1);
        int unit = vr.swapUnit();
        byte[] out = new byte[parts.length * unit];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            long bits = switch (vr) {
                case FL, OF -> Float.floatToRawIntBits((float) decimal(part, vr));
                case FD, OD -> Double.doubleToRawLongBits(decimal(part, vr));
                case OL -> part.startsWith("-") ? integer(part, Vr.SL) : integer(part, Vr.UL);
                case OV -> part.startsWith("-") ? integer(part, Vr.SV) : integer(part, Vr.UV);
                default -> integer(part, vr);
            };
            for (int b = 0; b < unit; b++) {
                out[i * unit + b] = (byte) (bits >>> (8 * b));
            }
        }
        return out;
    }

    private static double decimal(String part, Vr vr) throws ListingLine.Malformed {
        if (SPECIAL.matcher(part).matches()) {
            String lower = part.toLowerCase(java.util.Locale.ROOT);
            return lower.contains("nan") ? Double.NaN
                    : lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!DECIMAL.matcher(part).matches()) {
            throw new ListingLine.Malformed("'" + part + "' is not a number for " + vr
                    + " (such as 12, -0.5, 1.5e-3, NaN or Infinity)");
        }
        double value = Double.parseDouble(part);
        if ((vr == Vr.FL || vr == Vr.OF) && Double.isFinite(value) && Float.isInfinite((float) value)) {
            throw new ListingLine.Malformed("'" + part + "' is beyond the range of " + vr + " (32-bit floating point)");
        }
        return value;
    }

    private static long integer(String part, Vr vr) throws ListingLine.Malformed {
        long min;
        long max;
        switch (vr) {
            case US -> { min = 0; max = 0xFFFF; }
            case SS -> { min = Short.MIN_VALUE; max = Short.MAX_VALUE; }
            case UL -> { min = 0; max = 0xFFFFFFFFL; }
            case SL -> { min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; }
            case SV -> { min = Long.MIN_VALUE; max = Long.MAX_VALUE; }
            case UV -> {
                try {
                    return Long.parseUnsignedLong(part.startsWith("+") ? part.substring(1) : part);
                } catch (NumberFormatException e) {
                    throw new ListingLine.Malformed("'" + part + "' is not an integer from 0 to 18446744073709551615"
                            + " for UV");
                }
            }
            default -> throw new IllegalArgumentException(vr + " holds no integers");
        }
        try {
            long value = Long.parseLong(part.startsWith("+") ? part.substring(1) : part);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ListingLine.Malformed("'" + part + "' is not an integer from " + min + " to " + max + " for " + vr);
    }

    /** AT values: tags {@code (gggg,eeee)} or {@code ggggeeee} separated by backslash, each group then element. */
    static byte[] tags(String text) throws ListingLine.Malformed {
        String[] parts = text.split("\\\\", -1);
        byte[] out = new byte[parts.length * 4];
        for (int i = 0; i < parts.length; i++) {
            Matcher m = AT.matcher(parts[i].strip());
            if (!m.matches()) {
                throw new ListingLine.Malformed("'" + parts[i].strip() + "' is not a tag for AT, such as (0028,0009)");
            }
            int group = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(3), 16);
            int element = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(4), 16);
            out[4 * i] = (byte) group;
            out[4 * i + 1] = (byte) (group >>> 8);
            out[4 * i + 2] = (byte) element;
            out[4 * i + 3] = (byte) (element >>> 8);
        }
        return out;
    }

    /**
     * Hexadecimal units separated by backslash, each written most significant byte first as dcmdump and ferry dump
     * print them ({@code 00\01} for OB, {@code 0001} for an OW word, {@code 3f800000} for an OF float): each unit
     * has the VR's size ({@link Vr#swapUnit()}, one byte for OB and UN), except that the last may hold fewer bytes
     * when the value's length is no multiple of it. Returns the bytes little endian.
     */
    static byte[] hex(Vr vr, String text) throws ListingLine.Malformed {
        String[] parts = text.split("\\\\", -1);
        int unit = Math.max(1, vr.swapUnit());
        ByteArrayOutputStream out = new ByteArrayOutputStream(parts.length * unit);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            int size = part.length() / 2;
            if (!HEX.matcher(part).matches() || size > unit || size < unit && i < parts.length - 1) {
                throw new ListingLine.Malformed("'" + ListingLine.shorten(part) + "' is not " + (unit == 1
                        ? "a byte in hexadecimal for " + vr + " (two digits, such as 0f; bytes separated by \\)"
                        : "a " + unit + "-byte unit in hexadecimal for " + vr + " (" + 2 * unit
                        + " digits, most significant first; units separated by \\)"));
            }
            for (int b = size - 1; b >= 0; b--) {
                out.write(Integer.parseInt(part.substring(2 * b, 2 * b + 2), 16));
            }
        }
        return out.toByteArray();
    }

    /**
     * Whether {@code text} looks like hexadecimal units of {@code vr} as ferry dump writes OF, OD, OL and OV values
     * (dcmdump writes them as decimal numbers).
     */
    static boolean looksLikeHexUnits(Vr vr, String text) {
        String[] parts = text.split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            boolean whole = part.length() == 2 * vr.swapUnit();
            if (!HEX.matcher(part).matches() || !whole && (i < parts.length - 1 || part.length() > 2 * vr.swapUnit())) {
                return false;
            }
        }
        return true;
    }
}
