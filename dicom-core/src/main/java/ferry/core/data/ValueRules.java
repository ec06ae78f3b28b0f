package ferry.core.data;

import ferry.core.tag.DictionaryEntry;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of PS3.5 §6.2 (Table 6.2-1) that a text value keeps for its VR: maximal length, character repertoire
 * and the formats of AS, DA, DS, DT, IS, TM and UI (PS3.5 §9.1 for UIDs). What {@code ferry make} checks before it
 * writes a value; reading never applies them (files in the wild break them, and are read all the same).
 *
 * <p>Lengths are counted in characters for the VRs whose text the Specific Character Set decides (SH, LO, ST, LT,
 * UC, UT, PN), in bytes (one per character) for the others. Empty values fit every VR.
 *
 * <p>{@link #check(DataSet)} applies them to a whole data set, with two more rules: a standard element has one of
 * its dictionary VRs (PS3.6; UN is always allowed, PS3.5 §6.2.2), and a private data element has its private
 * creator in the same data set (PS3.5 §7.8.1).
 */
public final class ValueRules {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern UID = Pattern.compile("(0|[1-9]\\d*)(\\.(0|[1-9]\\d*))*");
    private static final Pattern AGE = Pattern.compile("\\d{3}[DWMY]");
    private static final Pattern CODE = Pattern.compile("[A-Z0-9 _]*");
    private static final Pattern TIME = Pattern.compile("(\\d{2})((\\d{2})((\\d{2})(\\.\\d{1,6})?)?)?");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})((\\d{2})((\\d{2})((\\d{2})((\\d{2})((\\d{2})(\\.\\d{1,6})?)?)?)?)?)?([+-]\\d{4})?");
    private static final String SECTION = " (PS3.5 §6.2)";

    private ValueRules() {
    }

    /**
     * A rule an element breaks.
     *
     * @param dataSet the data set holding the element (the checked one, or an item in it)
     * @param path    where that data set is: {@code ""} at the top, {@code "(0008,1115)[1]."} for the first item
     *                of ReferencedSeriesSequence, as in DICOM JSON error messages
     * @param tag     the element's tag
     * @param message the rule and how it is broken, naming the value
     */
    public record Breach(DataSet dataSet, String path, int tag, String message) {
    }

    /** Every rule the elements of {@code dataSet} and of the items in it break, in the order of the elements. */
    public static List<Breach> check(DataSet dataSet) {
        List<Breach> breaches = new ArrayList<>();
        check(dataSet, "", breaches);
        return breaches;
    }

    private static void check(DataSet dataSet, String path, List<Breach> breaches) {
        for (int i = 0; i < dataSet.size(); i++) {
            int tag = dataSet.tagAt(i);
            Vr vr = dataSet.vrAt(i);
            Value value = dataSet.valueAt(i);
            if (!Tag.isPrivate(tag) || Tag.isPrivateCreator(tag)) {
                Optional<DictionaryEntry> entry = StandardDictionary.entry(tag);
                if (entry.isPresent() && vr != Vr.UN && !entry.get().vrs().contains(vr)) {
                    breaches.add(new Breach(dataSet, path, tag, name(tag) + " is " + String.join(" or ",
                            entry.get().vrs().stream().map(Vr::name).toList()) + " in the dictionary (PS3.6), not "
                            + vr));
                }
            }
            int creator = Tag.creatorOf(tag);
            if (creator >= 0 && !dataSet.contains(creator)) {
                breaches.add(new Breach(dataSet, path, tag, "the private element " + Tag.toString(tag)
                        + " has no private creator " + Tag.toString(creator) + " in its data set (PS3.5 §7.8.1)"));
            }
            if (value instanceof Sequence sequence) {
                for (int n = 0; n < sequence.size(); n++) {
                    check(sequence.item(n), path + Tag.toString(tag) + "[" + (n + 1) + "].", breaches);
                }
            } else if (vr.kind() == Vr.Kind.TEXT && value instanceof Bytes) {
                String text = dataSet.getText(tag);
                broken(vr, text).ifPresent(rule -> breaches.add(new Breach(dataSet, path, tag, name(tag) + ": "
                        + rule)));
            }
        }
    }

    /** {@code (0010,0020) PatientID}, or the tag alone. */
    private static String name(int tag) {
        String keyword = StandardDictionary.keywordOf(tag);
        return Tag.toString(tag) + (keyword.isEmpty() ? "" : " " + keyword);
    }

    /**
     * The rule that {@code text} breaks as a value of {@code vr}, as a sentence naming the value, the rule and the
     * standard's section; empty when it keeps them all or {@code vr} is not a text VR. {@code text} is the whole
     * value decoded: several values separated by backslash, padding removed.
     */
    public static Optional<String> broken(Vr vr, String text) {
        if (vr.kind() != Vr.Kind.TEXT || text.isEmpty()) {
            return Optional.empty();
        }
        List<String> values = vr.multiValued() ? List.of(text.split("\\\\", -1)) : List.of(text);
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value.isEmpty()) {
                continue;
            }
            String problem = brokenByValue(vr, value);
            if (problem != null) {
                String which = values.size() > 1 ? "value " + (i + 1) + " " : "";
                return Optional.of(which + quote(value) + " " + problem);
            }
        }
        return Optional.empty();
    }

    private static String brokenByValue(Vr vr, String value) {
        String repertoire = repertoire(vr, value);
        if (repertoire != null) {
            return repertoire;
        }
        String stripped = value.strip();
        return switch (vr) {
            case AE -> longer(value, 16, vr) != null ? longer(value, 16, vr)
                    : stripped.isEmpty() ? "is only spaces, which an AE title may not be" + SECTION : null;
            case AS -> AGE.matcher(value).matches() ? null
                    : "is not an age string: AS is nnnD, nnnW, nnnM or nnnY (three digits and a unit)" + SECTION;
            case CS -> longer(value, 16, vr) != null ? longer(value, 16, vr) : CODE.matcher(value).matches() ? null
                    : "has characters CS does not allow: upper-case letters, digits, space and _ only" + SECTION;
            case DA -> date(stripped);
            case DS -> longer(value, 16, vr) != null ? longer(value, 16, vr)
                    : DECIMAL.matcher(stripped).matches() ? null
                    : "is not a decimal string: DS is a number such as 12, -0.5 or 1.5e-3" + SECTION;
            case DT -> longer(stripped, 26, vr) != null ? longer(stripped, 26, vr) : dateTime(stripped);
            case IS -> longer(value, 12, vr) != null ? longer(value, 12, vr) : integer(stripped);
            case LO -> longer(value, 64, vr);
            case SH -> longer(value, 16, vr);
            case ST -> longer(value, 1024, vr);
            case LT -> longer(value, 10240, vr);
            case PN -> personName(value);
            case TM -> longer(stripped, 14, vr) != null ? longer(stripped, 14, vr) : time(stripped);
            case UI -> longer(value, 64, vr) != null ? longer(value, 64, vr) : uid(value);
            case UR -> value.startsWith(" ") ? "starts with a space, which a URI may not" + SECTION : null;
            default -> null; // UC, UT: no length limit that a value could reach
        };
    }

    /** Characters outside the VR's repertoire: control characters (but those text VRs allow), backslash in AE. */
    private static String repertoire(Vr vr, String value) {
        boolean text = vr == Vr.ST || vr == Vr.LT || vr == Vr.UT;
        boolean characterSet = vr.usesCharacterSet();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean control = c < 0x20 || c == 0x7F;
            if (control && c != 0x1B && !(text && (c == '\n' || c == '\r' || c == '\f' || c == '\t'))) {
                return "holds the control character U+" + String.format("%04X", (int) c) + ", which " + vr
                        + " does not allow" + SECTION;
            }
            if (control && c == 0x1B && !characterSet) {
                return "holds an escape character, which " + vr + " does not allow" + SECTION;
            }
            if (!characterSet && c > 0x7E) {
                return "holds '" + c + "', outside the default character repertoire (ASCII) that " + vr
                        + " is limited to" + SECTION;
            }
        }
        if (vr == Vr.AE && value.indexOf('\\') >= 0) {
            return "holds a backslash, which AE does not allow" + SECTION;
        }
        return null;
    }

    private static String longer(String value, int max, Vr vr) {
        int length = vr.usesCharacterSet() ? value.codePointCount(0, value.length()) : value.length();
        if (length <= max) {
            return null;
        }
        return "is " + length + (vr.usesCharacterSet() ? " characters" : " bytes") + " long, more than the " + max
                + " of " + vr + SECTION;
    }

    private static String date(String value) {
        if (value.length() != 8 || !value.chars().allMatch(Character::isDigit)) {
            return "is not a date: DA is YYYYMMDD" + SECTION;
        }
        return validDate(value, 8) ? null : "is not a date of the calendar (YYYYMMDD)" + SECTION;
    }

    private static boolean validDate(String digits, int length) {
        int year = Integer.parseInt(digits.substring(0, 4));
        int month = length >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 1;
        int day = length >= 8 ? Integer.parseInt(digits.substring(6, 8)) : 1;
        try {
            LocalDate.of(year, month, day);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static String time(String value) {
        Matcher m = TIME.matcher(value);
        if (!m.matches()) {
            return "is not a time: TM is HH, HHMM, HHMMSS or HHMMSS.FFFFFF" + SECTION;
        }
        return timeRanges(m.group(1), m.group(3), m.group(5)) ? null
                : "is not a time of the day: hours 00-23, minutes 00-59, seconds 00-60" + SECTION;
    }

    private static boolean timeRanges(String hours, String minutes, String seconds) {
        return Integer.parseInt(hours) < 24 && (minutes == null || Integer.parseInt(minutes) < 60)
                && (seconds == null || Integer.parseInt(seconds) <= 60);
    }

    private static String dateTime(String value) {
        Matcher m = DATE_TIME.matcher(value);
        String format = "is not a date-time: DT is YYYY[MM[DD[HH[MM[SS[.FFFFFF]]]]]] and an optional offset &ZZXX";
        if (!m.matches()) {
            return format + SECTION;
        }
        String date = m.group(1) + (m.group(3) != null ? m.group(3) : "") + (m.group(5) != null ? m.group(5) : "");
        boolean valid = validDate(date, date.length())
                && (m.group(7) == null || timeRanges(m.group(7), m.group(9), m.group(11)));
        String offset = m.group(13);
        if (offset != null) {
            int hours = Integer.parseInt(offset.substring(1, 3));
            int minutes = Integer.parseInt(offset.substring(3, 5));
            valid &= hours <= 14 && minutes < 60;
        }
        return valid ? null : format + ", with a date, time and offset that exist" + SECTION;
    }

    private static String uid(String value) {
        if (UID.matcher(value).matches()) {
            return null;
        }
        for (String component : value.split("\\.", -1)) {
            if (component.length() > 1 && component.startsWith("0") && component.chars().allMatch(Character::isDigit)) {
                return "is not a UID: its component '" + component + "' starts with a zero (PS3.5 §9.1)";
            }
        }
        return "is not a UID: digits in components separated by dots (PS3.5 §9.1)";
    }

    private static String integer(String value) {
        if (!INTEGER.matcher(value).matches()) {
            return "is not an integer string: IS is an integer such as 12 or -3" + SECTION;
        }
        try {
            Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
            return null;
        } catch (NumberFormatException e) {
            return "is outside the range of IS, -2147483648 to 2147483647" + SECTION;
        }
    }

    private static String personName(String value) {
        String[] groups = value.split("=", -1);
        if (groups.length > 3) {
            return "has " + groups.length + " component groups; PN has at most 3 (alphabetic=ideographic=phonetic)"
                    + " (PS3.5 §6.2.1)";
        }
        for (String group : groups) {
            if (group.codePointCount(0, group.length()) > 64) {
                return "has a component group of more than the 64 characters PN allows" + SECTION;
            }
            if (group.split("\\^", -1).length > 5) {
                return "has more than 5 components in a group (family^given^middle^prefix^suffix) (PS3.5 §6.2.1)";
            }
        }
        return null;
    }

    private static String quote(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return "'" + shown + "'";
    }
}
