package ferry.router.storage;

import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Vr;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.edit.TagReference;
import java.time.DateTimeException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A layout template read into segments (the names between {@code /}), each a list of literal texts and tokens.
 * Rendering replaces each token by its sanitized value, so each segment becomes one safe name.
 */
final class LayoutTemplate {
    private static final Pattern CONVERSION = Pattern.compile("%[-#+ 0,(]*\\d*(?:\\.\\d+)?([a-zA-Z%])");

    /** A piece of a segment. */
    sealed interface Part {
    }

    /** Text written as it is. */
    record Literal(String text) implements Part {
    }

    /**
     * A token: the first of {@code tags} with a value, formatted, else {@code fallback} (or the placeholder).
     *
     * @param fallback a literal default, or {@code null}
     */
    record Token(List<TagReference> tags, String fallback, ValueFormat format) implements Part {
        String value(Function<TagReference, String> lookup) {
            for (TagReference tag : tags) {
                String raw = lookup.apply(tag);
                if (raw != null && !raw.isBlank()) {
                    String name = PathSegment.of(format.apply(raw));
                    if (!name.isEmpty()) {
                        return name;
                    }
                }
            }
            String name = fallback == null ? "" : PathSegment.of(fallback);
            return name.isEmpty() ? PathSegment.PLACEHOLDER : name;
        }
    }

    private final List<List<Part>> segments;

    private LayoutTemplate(List<List<Part>> segments) {
        this.segments = List.copyOf(segments.stream().map(List::copyOf).toList());
    }

    List<List<Part>> segments() {
        return segments;
    }

    /** Every tag the template reads. */
    List<TagReference> references() {
        List<TagReference> all = new ArrayList<>();
        for (List<Part> segment : segments) {
            for (Part part : segment) {
                if (part instanceof Token token) {
                    all.addAll(token.tags());
                }
            }
        }
        return all;
    }

    /** The literal text the last segment ends with (an extension such as {@code .dcm}), or {@code ""}. */
    String trailingLiteral() {
        List<Part> last = segments.get(segments.size() - 1);
        return last.get(last.size() - 1) instanceof Literal literal ? literal.text() : "";
    }

    /** The names of the segments for one object; {@code lookup} gives a tag's value or null. */
    String[] render(Function<TagReference, String> lookup) {
        String[] names = new String[segments.size()];
        StringBuilder head = new StringBuilder();
        for (int s = 0; s < names.length; s++) {
            List<Part> segment = segments.get(s);
            head.setLength(0);
            String tail = "";
            for (int p = 0; p < segment.size(); p++) {
                Part part = segment.get(p);
                if (part instanceof Token token) {
                    head.append(token.value(lookup));
                } else if (p == segment.size() - 1) {
                    tail = ((Literal) part).text();
                } else {
                    head.append(((Literal) part).text());
                }
            }
            String name = PathSegment.capped(head.toString(), tail, PathSegment.NAME_MAX_BYTES);
            names[s] = name.startsWith(".") ? "_" + name : name;
        }
        return names;
    }

    /** Reads a template; reports problems at {@code where} and returns {@code null} when there were any. */
    static LayoutTemplate parse(String text, ConfigNode where, ConfigProblems problems) {
        ConfigProblems found = new ConfigProblems();
        List<List<Part>> segments = new ArrayList<>();
        List<Part> segment = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        if (text.startsWith("/")) {
            found.add(where, "a layout is relative to the store's folder; remove the leading '/' of '" + text + "'");
        }
        int tokens = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                int end = closing(text, i + 1);
                if (end < 0) {
                    found.add(where, "'{' at position " + (i + 1) + " of '" + text + "' is never closed");
                    break;
                }
                flush(literal, segment);
                List<Token> pieces = token(text.substring(i + 1, end), where, found);
                for (int p = 0; p < pieces.size(); p++) {
                    if (p > 0) {
                        segments.add(segment);
                        segment = new ArrayList<>();
                    }
                    segment.add(pieces.get(p));
                    tokens++;
                }
                i = end;
            } else if (c == '}') {
                found.add(where, "'}' at position " + (i + 1) + " of '" + text + "' closes no '{'");
            } else if (c == '/') {
                flush(literal, segment);
                if (i > 0 && text.charAt(i - 1) == '/') {
                    found.add(where, "'" + text + "' has an empty folder name ('//' or a trailing '/')");
                }
                if (!segment.isEmpty()) {
                    segments.add(segment);
                }
                segment = new ArrayList<>();
            } else if (c == '\\' || Character.isISOControl(c)) {
                found.add(where, "'" + text + "' contains a backslash or control character outside a token");
            } else {
                literal.append(c);
            }
        }
        flush(literal, segment);
        if (!segment.isEmpty()) {
            segments.add(segment);
        } else if (text.endsWith("/")) {
            found.add(where, "'" + text + "' ends with '/': the last part names the file");
        }
        for (List<Part> s : segments) {
            if (s.get(0) instanceof Literal first && first.text().startsWith(".")) {
                found.add(where, "'" + first.text() + "' in '" + text + "' starts with a dot: such names are hidden or"
                        + " mean the current or parent folder");
            }
        }
        if (tokens == 0 && found.isEmpty()) {
            found.add(where, "'" + text + "' has no {tokens}: every object would get the same name");
        }
        found.all().forEach(problem -> problems.add(problem.line(), problem.path(), problem.message()));
        return found.isEmpty() ? new LayoutTemplate(segments) : null;
    }

    private static void flush(StringBuilder literal, List<Part> segment) {
        if (!literal.isEmpty()) {
            segment.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    private static int closing(String text, int from) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** One token's text; a date pattern with '/' gives one token per folder level. */
    private static List<Token> token(String text, ConfigNode where, ConfigProblems problems) {
        int colon = unquoted(text, ':', 0);
        String choices = colon < 0 ? text : text.substring(0, colon);
        String format = colon < 0 ? "" : text.substring(colon + 1);
        List<TagReference> tags = new ArrayList<>();
        String fallback = null;
        List<String> alternatives = new ArrayList<>();
        for (int start = 0, bar; start <= choices.length(); start = bar + 1) {
            bar = unquoted(choices, '|', start);
            bar = bar < 0 ? choices.length() : bar;
            alternatives.add(choices.substring(start, bar).strip());
        }
        for (int a = 0; a < alternatives.size(); a++) {
            ConfigProblems attempt = new ConfigProblems();
            TagReference tag = TagReference.parse(alternatives.get(a), where, attempt);
            if (tag != null) {
                tags.add(tag);
            } else if (a == alternatives.size() - 1 && a > 0) {
                fallback = alternatives.get(a);
            } else {
                attempt.all().forEach(p -> problems.add(p.line(), p.path(), "in {" + text + "}: " + p.message()));
                return List.of();
            }
        }
        Vr vr = tags.get(0).creator() == null ? StandardDictionary.vrOf(tags.get(0).tag()) : Vr.UN;
        List<Token> pieces = new ArrayList<>();
        for (ValueFormat piece : formats(format.strip(), vr, "{" + text + "}", where, problems)) {
            pieces.add(new Token(tags, fallback, piece));
        }
        return pieces;
    }

    private static List<ValueFormat> formats(String format, Vr vr, String token, ConfigNode where,
                                             ConfigProblems problems) {
        switch (format) {
            case "":
                return List.of(new ValueFormat.Plain());
            case "clean":
                return List.of(new ValueFormat.Clean());
            case "clean-dash":
                return List.of(new ValueFormat.CleanDash());
            case "upper":
                return List.of(new ValueFormat.Upper());
            case "lower":
                return List.of(new ValueFormat.Lower());
            default:
                break;
        }
        if (format.contains("%")) {
            ValueFormat printf = printf(format);
            if (printf == null) {
                problems.add(where, "in " + token + ": '" + format + "' is not a printf format with one conversion"
                        + " such as %03d, %x, %.1f or %s");
                return List.of();
            }
            return List.of(printf);
        }
        if (vr != Vr.DA && vr != Vr.TM && vr != Vr.DT) {
            problems.add(where, "in " + token + ": unknown format '" + format + "'; formats are a printf pattern"
                    + " (%03d), clean, clean-dash, upper, lower, or a date pattern (yyyy/MM) for a DA, TM or DT tag");
            return List.of();
        }
        List<ValueFormat> pieces = new ArrayList<>();
        for (String piece : format.split("/", -1)) {
            if (piece.isBlank()) {
                problems.add(where, "in " + token + ": '" + format + "' has an empty folder level");
                return List.of();
            }
            try {
                DateTimeFormatter formatter = DateTimeFormatter.ofPattern(piece, Locale.ROOT);
                formatter.format(ValueFormat.DatePattern.sample(vr));
                pieces.add(new ValueFormat.DatePattern(piece, formatter, vr));
            } catch (IllegalArgumentException | DateTimeException e) {
                problems.add(where, "in " + token + ": '" + piece + "' is not a date pattern for a " + vr
                        + " value: " + e.getMessage());
                return List.of();
            }
        }
        return pieces;
    }

    private static ValueFormat printf(String format) {
        Matcher m = CONVERSION.matcher(format);
        char conversion = 0;
        int count = 0;
        while (m.find()) {
            if (!m.group(1).equals("%")) {
                conversion = m.group(1).charAt(0);
                count++;
            }
        }
        if (count != 1 || "dxXofeEgGs".indexOf(conversion) < 0) {
            return null;
        }
        try {
            Object sample = switch (conversion) {
                case 'd', 'x', 'X', 'o' -> 1L;
                case 's' -> "x";
                default -> 1.0;
            };
            String.format(Locale.ROOT, format, sample);
            return new ValueFormat.Printf(format, conversion);
        } catch (IllegalFormatException e) {
            return null;
        }
    }

    private static int unquoted(String text, char wanted, int from) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
