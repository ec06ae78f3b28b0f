package ferry.router.edit;

import ferry.core.data.DataSet;
import ferry.core.tag.DictionaryEntry;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Suggestion;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A top-level element named in the configuration: a standard tag by keyword ({@code PatientID}) or number
 * ({@code (0010,0020)} or {@code 00100020}), or a private element by its creator ({@code (0029,"SIEMENS CSA
 * HEADER",10)}: group, creator, element offset in the creator's block, the syntax of dcmtk's private dictionary and
 * of Ferry's rules). A private element's tag is found per object through the data set's private creator elements
 * (PS3.5 §7.8.1).
 *
 * @param tag     the tag, or for a private element by creator the tag in block 0x10 (group, 0x10, offset)
 * @param creator the private creator, or {@code null} for a tag named by keyword or number
 */
public record TagReference(int tag, String creator) {
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern NUMBER = Pattern.compile(
            "\\(\\s*([0-9A-Fa-f]{4})\\s*,\\s*([0-9A-Fa-f]{4})\\s*\\)|([0-9A-Fa-f]{4})\\s*,?\\s*([0-9A-Fa-f]{4})");
    private static final Pattern PRIVATE = Pattern.compile(
            "\\(\\s*([0-9A-Fa-f]{4})\\s*,\\s*\"([^\"]+)\"\\s*,\\s*([0-9A-Fa-f]{2})\\s*\\)");

    /** A standard tag, or a private tag given by number. */
    public static TagReference of(int tag) {
        return new TagReference(tag, null);
    }

    /**
     * Reads a reference as written in the configuration; reports what is wrong at {@code where} and returns
     * {@code null} when {@code text} names no element.
     */
    public static TagReference parse(String text, ConfigNode where, ConfigProblems problems) {
        String s = text == null ? "" : text.strip();
        if (KEYWORD.matcher(s).matches()) {
            OptionalInt tag = StandardDictionary.tagOf(s);
            if (tag.isPresent()) {
                return of(tag.getAsInt());
            }
            problems.add(where, "unknown keyword '" + s + "'" + Suggestion.closest(s,
                    StandardDictionary.entries().stream().map(DictionaryEntry::keyword), 2)
                    + "; write a tag number such as (0010,0020) for tags without a keyword");
            return null;
        }
        Matcher number = NUMBER.matcher(s);
        if (number.matches()) {
            String group = number.group(1) != null ? number.group(1) : number.group(3);
            String element = number.group(2) != null ? number.group(2) : number.group(4);
            return of(Tag.of(Integer.parseInt(group, 16), Integer.parseInt(element, 16)));
        }
        Matcher privateTag = PRIVATE.matcher(s);
        if (privateTag.matches()) {
            int group = Integer.parseInt(privateTag.group(1), 16);
            if (!Tag.isPrivate(Tag.of(group, 0x1000))) {
                problems.add(where, "group " + privateTag.group(1) + " of '" + s
                        + "' is not a private group (private groups are odd, from 0009 to FFFD; PS3.5 §7.8.1)");
                return null;
            }
            int offset = Integer.parseInt(privateTag.group(3), 16);
            return new TagReference(Tag.of(group, 0x1000 | offset), privateTag.group(2).strip());
        }
        problems.add(where, "'" + s + "' is neither a keyword (PatientID), a tag number ((0010,0020) or 00100020)"
                + " nor a private tag by creator ((0029,\"SIEMENS CSA HEADER\",10))");
        return null;
    }

    /** The tag this reference names in {@code dataSet}, or -1 when a private creator has no block there. */
    public int tagIn(DataSet dataSet) {
        return creator == null ? tag : dataSet.privateTag(creator, Tag.group(tag), Tag.element(tag) & 0xFF);
    }

    /**
     * The tag to write this element under in {@code dataSet}, reserving a block for a private creator that has
     * none yet.
     */
    public int tagForWriting(DataSet dataSet) {
        if (creator == null) {
            return tag;
        }
        int block = dataSet.reservePrivateBlock(creator, Tag.group(tag));
        return Tag.of(Tag.group(tag), block << 8 | (Tag.element(tag) & 0xFF));
    }

    /** The VR of a new element: the dictionary's, or LO for private elements, which the dictionary cannot know. */
    public Vr newElementVr() {
        Vr vr = creator == null ? StandardDictionary.vrOf(tag) : Vr.UN;
        return vr == Vr.UN ? Vr.LO : vr;
    }

    /**
     * The smallest tag at which a header read may stop once this element has been read: the next tag, or for a
     * private element by creator the next group (its block is only known once the creators are read, and it may
     * be any block of the group).
     */
    public int stopBefore() {
        if (creator != null) {
            return Tag.of(Tag.group(tag) + 1, 0);
        }
        return tag == 0xFFFFFFFF ? tag : tag + 1;
    }

    @Override
    public String toString() {
        if (creator != null) {
            return String.format(Locale.ROOT, "(%04X,\"%s\",%02X)", Tag.group(tag), creator, Tag.element(tag) & 0xFF);
        }
        String keyword = StandardDictionary.keywordOf(tag);
        return keyword.isEmpty() || Tag.isPrivate(tag) ? Tag.toString(tag) : keyword;
    }
}
