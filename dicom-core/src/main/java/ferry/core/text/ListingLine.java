package ferry.core.text;

import ferry.core.tag.DictionaryEntry;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One element line of a listing split into its parts: indentation, tag, VR as written (or none), the value as
 * written, and what the trailing {@code # length, VM Keyword} comment says of the length. Comment and blank lines
 * are not element lines.
 *
 * @param number          the line number, from 1
 * @param indent          the number of white-space characters before the tag
 * @param tag             the tag
 * @param vr              the VR as written ({@code "LO"}, {@code "na"}, {@code "??"}), or {@code null} when the line
 *                        gives none
 * @param value           the value as written, without the trailing comment; {@code ""} when there is none
 * @param undefinedLength what that comment says: {@code TRUE} for {@code u/l}, {@code FALSE} for a number,
 *                        {@code null} without the comment
 */
record ListingLine(int number, int indent, int tag, String vr, String value, Boolean undefinedLength) {

    private static final Pattern TAG = Pattern.compile(
            "\\(\\s*([0-9A-Fa-f]{4})\\s*,\\s*([0-9A-Fa-f]{4})\\s*\\)");
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    /** A VR as dcmdump and ferry dump print it, upper case, or one of dcmtk's lower-case pseudo VRs, or ??. */
    private static final Pattern VR = Pattern.compile("[A-Z]{2}|na|pi|up|ox|xs|lt|px|\\?\\?");
    /** The comment dcmdump and ferry dump end a line with: {@code # 26, 1 SOPClassUID}, {@code # u/l, 1 Item}. */
    private static final Pattern TAIL = Pattern.compile("(?:^|\\s)#\\s*(\\d+|u/l)\\s*,\\s*\\d+(?=\\s|$)");

    /** Thrown for a line that cannot be split into its parts; the message says why. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** Splits {@code text}, a line that is neither blank nor a comment. */
    static ListingLine parse(int number, String text) throws Malformed {
        int indent = 0;
        while (indent < text.length() && Character.isWhitespace(text.charAt(indent))) {
            indent++;
        }
        String rest = text.substring(indent).stripTrailing();
        int tag;
        int afterTag;
        Matcher tagMatch = TAG.matcher(rest);
        if (tagMatch.lookingAt()) {
            tag = Tag.of(Integer.parseInt(tagMatch.group(1), 16), Integer.parseInt(tagMatch.group(2), 16));
            afterTag = tagMatch.end();
        } else {
            Matcher keyword = KEYWORD.matcher(rest);
            if (!keyword.lookingAt() || keyword.end() < rest.length()
                    && !Character.isWhitespace(rest.charAt(keyword.end()))) {
                throw new Malformed("expected a tag such as (0010,0020) or a keyword such as PatientID at the start, "
                        + "found '" + shorten(rest) + "'");
            }
            tag = keywordTag(keyword.group());
            afterTag = keyword.end();
        }
        String afterTagText = rest.substring(afterTag);
        if (!afterTagText.isEmpty() && !Character.isWhitespace(afterTagText.charAt(0))) {
            throw new Malformed("expected a space after the tag, found '" + shorten(afterTagText) + "'");
        }
        String remaining = afterTagText.strip();
        String vr = null;
        int space = firstWhitespace(remaining);
        String first = remaining.substring(0, space);
        if (first.length() == 2 && (VR.matcher(first).matches() || first.chars().allMatch(Character::isLetter))) {
            vr = first;
            remaining = remaining.substring(space).strip();
        }
        Boolean undefinedLength = null;
        Matcher tail = TAIL.matcher(remaining);
        int tailStart = -1;
        while (tail.find()) {
            tailStart = tail.start();
            undefinedLength = tail.group(1).equals("u/l");
        }
        if (tailStart >= 0) {
            remaining = remaining.substring(0, tailStart).strip();
        }
        return new ListingLine(number, indent, tag, vr, remaining, undefinedLength);
    }

    private static int keywordTag(String keyword) throws Malformed {
        OptionalInt tag = StandardDictionary.tagOf(keyword);
        if (tag.isPresent()) {
            return tag.getAsInt();
        }
        String suggestion = Nearest.closest(keyword,
                StandardDictionary.entries().stream().map(DictionaryEntry::keyword).filter(k -> !k.isEmpty()), 3)
                .map(k -> " (did you mean " + k + "?)").orElse("");
        throw new Malformed("unknown keyword '" + keyword + "'" + suggestion
                + "; write a tag such as (0029,1010) for elements without a keyword");
    }

    private static int firstWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return text.length();
    }

    /** At most 40 characters of {@code text}, for messages. */
    static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
