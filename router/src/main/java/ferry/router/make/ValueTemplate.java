package ferry.router.make;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value with numbered fields, such as {@code P{n:04}} for PatientID P0001, P0002…: {@code {patient}} (or
 * {@code {n}}), {@code {study}}, {@code {series}}, {@code {instance}} and {@code {echo}} stand for the numbers of
 * a {@link Position}; {@code :04} pads with zeros to four digits, {@code :4} with spaces. {@code {{} and {@code }}}
 * are a literal brace. Immutable.
 */
public final class ValueTemplate {
    private static final Pattern FIELD = Pattern.compile("\\{\\{|}}|\\{([a-z]+)(?::(0?)([1-9][0-9]?))?}");
    private static final List<String> NAMES = List.of("n", "patient", "study", "series", "instance", "echo");

    private final String text;
    /** Literal text and fields, in order: a String, or a Field. */
    private final List<Object> parts;

    private record Field(String name, boolean zeros, int width) {
    }

    private ValueTemplate(String text, List<Object> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /**
     * Reads a template.
     *
     * @throws IllegalArgumentException naming the unknown field or the lone brace
     */
    public static ValueTemplate parse(String text) {
        List<Object> parts = new ArrayList<>();
        Matcher matcher = FIELD.matcher(text);
        int at = 0;
        StringBuilder literal = new StringBuilder();
        while (matcher.find()) {
            literal.append(checkedLiteral(text, text.substring(at, matcher.start())));
            at = matcher.end();
            String found = matcher.group();
            if (found.equals("{{") || found.equals("}}")) {
                literal.append(found.charAt(0));
                continue;
            }
            String name = matcher.group(1);
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("'" + text + "': unknown field {" + name + "}; the fields are {n} "
                        + "(the patient's number), {patient}, {study}, {series}, {instance} and {echo}");
            }
            if (!literal.isEmpty()) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            int width = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
            parts.add(new Field(name.equals("n") ? "patient" : name, "0".equals(matcher.group(2)), width));
        }
        literal.append(checkedLiteral(text, text.substring(at)));
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
        }
        return new ValueTemplate(text, parts);
    }

    private static String checkedLiteral(String text, String literal) {
        if (literal.indexOf('{') >= 0 || literal.indexOf('}') >= 0) {
            throw new IllegalArgumentException("'" + text + "': a brace that opens no field such as {n:04} "
                    + "(write {{ or }} for a brace itself)");
        }
        return literal;
    }

    /** Whether the value is the same at every position (no fields). */
    public boolean constant() {
        return parts.stream().noneMatch(Field.class::isInstance);
    }

    /** The value at {@code position}. */
    public String expand(Position position) {
        StringBuilder value = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Field field) {
                int number = switch (field.name()) {
                    case "patient" -> position.patient();
                    case "study" -> position.study();
                    case "series" -> position.series();
                    case "instance" -> position.instance();
                    default -> position.echo();
                };
                String digits = Integer.toString(number);
                String pad = field.zeros() ? "0" : " ";
                value.append(pad.repeat(Math.max(0, field.width() - digits.length()))).append(digits);
            } else {
                value.append((String) part);
            }
        }
        return value.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
