package ferry.router.web.dicomweb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One media range of an HTTP {@code Accept} header or a {@code Content-Type} (RFC 9110 §12.5.1, §8.3.1), as
 * DICOMweb uses them: {@code multipart/related; type="application/dicom"; transfer-syntax=*}. Type, subtype and
 * parameter names are lower case; parameter values are unquoted as given.
 *
 * @param type       {@code multipart}, {@code application}, or {@code *}
 * @param subtype    {@code related}, {@code dicom+json}, or {@code *}
 * @param parameters the parameters but {@code q}, in order
 * @param quality    the {@code q} weight, 0 to 1 (0: not acceptable)
 */
public record MediaRange(String type, String subtype, Map<String, String> parameters, double quality) {
    public MediaRange {
        parameters = Map.copyOf(parameters);
    }

    /**
     * The media ranges of an {@code Accept} header, in its order; {@code * / *} alone when it is absent or blank.
     *
     * @throws IllegalArgumentException when a range is not {@code type/subtype}
     */
    public static List<MediaRange> accepted(String header) {
        List<MediaRange> ranges = new ArrayList<>();
        if (header == null || header.isBlank()) {
            ranges.add(of("*/*"));
            return ranges;
        }
        for (String one : split(header, ',')) {
            if (!one.isBlank()) {
                ranges.add(of(one));
            }
        }
        return ranges;
    }

    /**
     * One media range or media type.
     *
     * @throws IllegalArgumentException when it is not {@code type/subtype}
     */
    public static MediaRange of(String text) {
        List<String> pieces = split(text, ';');
        String name = pieces.get(0).strip().toLowerCase(Locale.ROOT);
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a media type (type/subtype)");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        double quality = 1;
        for (String piece : pieces.subList(1, pieces.size())) {
            int equals = piece.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String key = piece.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = unquote(piece.substring(equals + 1).strip());
            if (key.equals("q")) {
                try {
                    quality = Math.max(0, Math.min(1, Double.parseDouble(value)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + value + "' is not a q weight in " + text.strip());
                }
            } else {
                parameters.put(key, value);
            }
        }
        return new MediaRange(name.substring(0, slash), name.substring(slash + 1), parameters, quality);
    }

    /** Whether this range takes {@code type/subtype} (wild cards allowed in the range) and is acceptable at all. */
    public boolean takes(String type, String subtype) {
        return quality > 0 && (this.type.equals("*") || this.type.equals(type))
                && (this.subtype.equals("*") || this.subtype.equals(subtype));
    }

    /** Whether this range is {@code * / *} or {@code type/*}: any subtype of its type. */
    public boolean wild() {
        return subtype.equals("*");
    }

    /** A parameter's value (lower-case name), or null. */
    public String parameter(String name) {
        return parameters.get(name);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** {@code text} split at {@code separator} outside double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
