package ferry.router.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in the Prometheus text format 0.0.4, parsed as Prometheus reads it: {@code # HELP} and {@code # TYPE}
 * lines, then samples {@code name{label="value",...} value}, label values with their escapes ({@code \\},
 * {@code \"}, {@code \n}). Parsing fails on anything else: a line that is not a comment or a sample, a sample before
 * its family's {@code TYPE}, an invalid metric or label name, a value that is not a number, a family or a sample
 * given twice.
 */
public final class PrometheusText {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (counter|gauge|histogram|summary|untyped)");
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_total", "_created");

    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming the line that is not in the format. */
    public static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        String[] lines = text.split("\n", -1);
        if (!lines[lines.length - 1].isEmpty()) {
            throw new IllegalArgumentException("the last line does not end with a line feed");
        }
        for (int i = 0; i < lines.length - 1; i++) {
            try {
                parsed.line(lines[i]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " '" + lines[i] + "': " + e.getMessage(), e);
            }
        }
        return parsed;
    }

    private void line(String line) {
        if (line.startsWith("# TYPE ")) {
            Matcher type = TYPE.matcher(line);
            if (!type.matches() || !METRIC_NAME.matcher(type.group(1)).matches()) {
                throw new IllegalArgumentException("not a TYPE line");
            }
            if (types.put(type.group(1), type.group(2)) != null) {
                throw new IllegalArgumentException("a second TYPE for " + type.group(1));
            }
        } else if (line.startsWith("#") || line.isBlank()) {
            return; // HELP and other comments
        } else {
            Sample sample = sample(line);
            if (family(sample.name()) == null) {
                throw new IllegalArgumentException("a sample before its family's TYPE line");
            }
            for (Sample earlier : samples) {
                if (earlier.name().equals(sample.name()) && earlier.labels().equals(sample.labels())) {
                    throw new IllegalArgumentException("the same sample twice");
                }
            }
            samples.add(sample);
        }
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        int nameEnd = brace >= 0 && brace < space ? brace : space;
        String name = line.substring(0, nameEnd);
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name " + name);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int at = nameEnd;
        if (line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                int equals = line.indexOf('=', at);
                String label = line.substring(at, equals);
                if (!LABEL_NAME.matcher(label).matches()) {
                    throw new IllegalArgumentException("invalid label name " + label);
                }
                if (line.charAt(equals + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                StringBuilder value = new StringBuilder();
                at = equals + 2;
                while (line.charAt(at) != '"') {
                    char c = line.charAt(at++);
                    if (c == '\\') {
                        char escaped = line.charAt(at++);
                        value.append(switch (escaped) {
                            case '\\' -> '\\';
                            case '"' -> '"';
                            case 'n' -> '\n';
                            default -> throw new IllegalArgumentException("unknown escape \\" + escaped);
                        });
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) {
                    throw new IllegalArgumentException("label " + label + " twice");
                }
                at++;
                if (line.charAt(at) == ',') {
                    at++;
                }
            }
            at++;
        }
        if (line.charAt(at) != ' ') {
            throw new IllegalArgumentException("no space before the value");
        }
        String[] rest = line.substring(at + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException("more than a value and a time stamp");
        }
        return new Sample(name, labels, number(rest[0]));
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** The family a sample name belongs to ({@code x_bucket} to histogram {@code x}), or null. */
    private String family(String sample) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : SUFFIXES) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }

    /** The TYPE of family {@code name}, or null when it has none. */
    public String type(String name) {
        return types.get(name);
    }

    /** The families, by name, with their types. */
    public Map<String, String> types() {
        return Map.copyOf(types);
    }

    /** Every sample. */
    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The samples named {@code name}. */
    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /**
     * The value of the one sample {@code name} whose labels include these {@code nameValuePairs}; throws when there
     * is none or more than one.
     */
    public double value(String name, String... nameValuePairs) {
        List<Sample> matching = matching(name, nameValuePairs);
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " samples " + name + " with " + List.of(nameValuePairs)
                    + " (of " + samples(name) + ")");
        }
        return matching.get(0).value();
    }

    /** The samples {@code name} whose labels include these {@code nameValuePairs}. */
    public List<Sample> matching(String name, String... nameValuePairs) {
        return samples(name).stream().filter(sample -> {
            for (int i = 0; i < nameValuePairs.length; i += 2) {
                if (!nameValuePairs[i + 1].equals(sample.labels().get(nameValuePairs[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }
}
