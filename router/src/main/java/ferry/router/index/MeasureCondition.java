package ferry.router.index;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition on the numeric values of structured reports in the index ({@code ferry find --local --measure}), as
 * written {@code KEY OPERATOR NUMBER}: {@code DLP>500}, {@code CT Dose Length Product Total >= 1000},
 * {@code 113838<=250.5}. An entity (instance, series, study, patient) meets it when one of its SR's numeric values
 * does (docs/index.md).
 *
 * <p>KEY is matched against a value's concept name ({@code DLP}), its whole path of concept names below the document
 * title ({@code CT Acquisition/CT Dose/DLP}; ASCII letters of both without regard to case), or its concept name's
 * code value ({@code 113838}, exactly); it holds none of {@code < > =}. The number is compared as a 64-bit floating point number (SQL REAL), as the
 * stored values are.
 *
 * @param key      what is matched against name, path or concept code value
 * @param operator the comparison
 * @param number   the number compared with
 */
public record MeasureCondition(String key, Operator operator, BigDecimal number) {
    /** The comparisons, as written. */
    public enum Operator {
        GREATER_OR_EQUAL(">="), LESS_OR_EQUAL("<="), GREATER(">"), LESS("<"), EQUAL("=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** As written in a condition and in SQL: {@code >=}. */
        public String symbol() {
            return symbol;
        }
    }

    /** KEY, an operator (the longer first: {@code >=} is not {@code >} then {@code =500}), a decimal number. */
    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([^<>=]+?)\\s*(>=|<=|>|<|=)\\s*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*");

    public MeasureCondition {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(number, "number");
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a measure condition names a value");
        }
    }

    /**
     * The condition written as {@code text}.
     *
     * @throws IllegalArgumentException naming {@code text} and the syntax, when it is not KEY OPERATOR NUMBER
     */
    public static MeasureCondition parse(String text) {
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a measure condition: write NAME OPERATOR NUMBER,"
                    + " the operator one of " + String.join(" ", List.of(">", ">=", "<", "<=", "=")) + " (DLP>500, "
                    + "\"CT Dose Length Product Total>=1000\", 113838<=250.5)");
        }
        Operator operator = null;
        for (Operator candidate : Operator.values()) {
            if (candidate.symbol.equals(matcher.group(2))) {
                operator = candidate;
            }
        }
        return new MeasureCondition(matcher.group(1), operator, new BigDecimal(matcher.group(3)));
    }

    /** As written: {@code DLP>500}. */
    @Override
    public String toString() {
        return key + operator.symbol + number.toPlainString();
    }
}
