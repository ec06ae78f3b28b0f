package ferry.core.data;

import java.util.Arrays;
import java.util.List;

/**
 * A PN value (PS3.5 §6.2.1): up to three component groups (alphabetic, ideographic, phonetic), each with up to
 * five components family^given^middle^prefix^suffix.
 */
public record PersonName(List<String> alphabetic, List<String> ideographic, List<String> phonetic) {

    /** Parses one PN value (no backslash). Missing groups and components are empty strings. */
    public static PersonName parse(String value) {
        String[] groups = value.split("=", -1);
        return new PersonName(components(groups, 0), components(groups, 1), components(groups, 2));
    }

    private static List<String> components(String[] groups, int index) {
        String[] parts = Arrays.copyOf(index < groups.length ? groups[index].split("\\^", -1) : new String[0], 5);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i] == null ? "" : parts[i].strip();
        }
        return List.of(parts);
    }

    public String familyName() {
        return alphabetic.get(0);
    }

    public String givenName() {
        return alphabetic.get(1);
    }

    /** The value in DICOM form, with empty trailing components and groups left out. */
    @Override
    public String toString() {
        String text = String.join("=", group(alphabetic), group(ideographic), group(phonetic));
        return text.replaceAll("=+$", "");
    }

    private static String group(List<String> components) {
        return String.join("^", components).replaceAll("\\^+$", "");
    }
}
