package ferry.router.rules;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.DictionaryEntry;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Suggestion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which element a rule looks at: a tag at top level, or a path through sequences
 * ({@code RequestAttributesSequence.RequestedProcedureID}), where every item of each sequence is looked into.
 * Each step is a standard tag (by keyword or number) or a private tag named by its creator, resolved per object
 * through the data set's private creator elements (PS3.5 §7.8.1).
 *
 * @param steps the tags from the top level down, at least one
 */
public record AttributePath(List<Step> steps) {
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern NUMBER = Pattern.compile(
            "\\(\\s*([0-9A-Fa-f]{4})\\s*,\\s*([0-9A-Fa-f]{4})\\s*\\)|([0-9A-Fa-f]{4})([0-9A-Fa-f]{4})");
    private static final Pattern PRIVATE = Pattern.compile(
            "\\(\\s*([0-9A-Fa-f]{4})\\s*,\\s*\"([^\"]+)\"\\s*,\\s*([0-9A-Fa-f]{2})\\s*\\)");

    public AttributePath {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("an attribute path needs at least one step");
        }
    }

    /** One step of a path. */
    public sealed interface Step {
        /** The tag this step names in {@code dataSet}, or -1 when it names none there. */
        int tagIn(DataSet dataSet);

        /** The smallest tag at which a header read can stop once this (top-level) step has been read. */
        int stopBefore();

        /** A standard (or explicitly numbered private) tag. */
        record Fixed(int tag) implements Step {
            @Override
            public int tagIn(DataSet dataSet) {
                return tag;
            }

            @Override
            public int stopBefore() {
                return tag == 0xFFFFFFFF ? tag : tag + 1;
            }

            @Override
            public String toString() {
                String keyword = StandardDictionary.keywordOf(tag);
                return keyword.isEmpty() || Tag.isPrivate(tag) ? Tag.toString(tag) : keyword;
            }
        }

        /**
         * A private tag: element {@code offset} of the block its {@code creator} reserved in {@code group}. The block
         * is only known once the creator elements (gggg,0010-00FF) are read, and the element may lie anywhere in the
         * group, so a read must go to the end of the group.
         */
        record Private(int group, String creator, int offset) implements Step {
            @Override
            public int tagIn(DataSet dataSet) {
                return dataSet.privateTag(creator, group, offset);
            }

            @Override
            public int stopBefore() {
                return Tag.of(group + 1, 0);
            }

            @Override
            public String toString() {
                return String.format(Locale.ROOT, "(%04X,\"%s\",%02X)", group, creator, offset);
            }
        }
    }

    /** What a condition checks of one element found along the path. */
    interface ElementTest {
        boolean testElement(DataSet dataSet, int tag);
    }

    /** Whether {@code test} passes for the element at the end of the path in any item along it. */
    boolean anyElement(DataSet dataSet, ElementTest test) {
        return anyElement(dataSet, 0, test);
    }

    private boolean anyElement(DataSet dataSet, int depth, ElementTest test) {
        int tag = steps.get(depth).tagIn(dataSet);
        if (tag == -1) {
            return false;
        }
        if (depth == steps.size() - 1) {
            return test.testElement(dataSet, tag);
        }
        if (!(dataSet.value(tag) instanceof Sequence sequence)) {
            return false;
        }
        for (int i = 0; i < sequence.size(); i++) {
            if (anyElement(sequence.item(i), depth + 1, test)) {
                return true;
            }
        }
        return false;
    }

    /** The smallest top-level tag at which a header read may stop with this path's elements read. */
    public int stopBefore() {
        return steps.get(0).stopBefore();
    }

    /** The dictionary VR of the last step ({@link Vr#UN} for private and unknown tags). */
    Vr dictionaryVr() {
        return steps.get(steps.size() - 1) instanceof Step.Fixed fixed ? StandardDictionary.vrOf(fixed.tag()) : Vr.UN;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Step step : steps) {
            out.append(out.length() == 0 ? "" : ".").append(step);
        }
        return out.toString();
    }

    /**
     * Reads a path as written in a rule: steps separated by {@code .}, each a keyword ({@code Modality}), a tag
     * number ({@code (0008,0060)} or {@code 00080060}) or a private tag by creator ({@code (0019,"SIEMENS MR
     * HEADER",0C)}: group, creator, element offset in the block). Reports what is wrong at {@code where} and returns
     * {@code null} when the text is not a path.
     */
    static AttributePath parse(String text, ConfigNode where, ConfigProblems problems) {
        List<String> parts = split(text);
        List<Step> steps = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            Step step = step(parts.get(i).strip(), where, problems);
            if (step == null) {
                return null;
            }
            if (i < parts.size() - 1 && step instanceof Step.Fixed fixed) {
                Vr vr = StandardDictionary.vrOf(fixed.tag());
                if (vr != Vr.SQ && vr != Vr.UN) {
                    problems.add(where, "'" + step + "' is not a sequence, so '" + text
                            + "' cannot look inside it");
                    return null;
                }
            }
            steps.add(step);
        }
        return new AttributePath(steps);
    }

    /** Splits at dots outside double quotes (a private creator may contain dots). */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>(2);
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Step step(String text, ConfigNode where, ConfigProblems problems) {
        if (KEYWORD.matcher(text).matches()) {
            OptionalInt tag = StandardDictionary.tagOf(text);
            if (tag.isPresent()) {
                return new Step.Fixed(tag.getAsInt());
            }
            problems.add(where, "unknown keyword '" + text + "'" + Suggestion.closest(text,
                    StandardDictionary.entries().stream().map(DictionaryEntry::keyword), 0)
                    + "; write a tag number such as (0008,0060) for tags without a keyword");
            return null;
        }
        Matcher number = NUMBER.matcher(text);
        if (number.matches()) {
            String group = number.group(1) != null ? number.group(1) : number.group(3);
            String element = number.group(2) != null ? number.group(2) : number.group(4);
            return new Step.Fixed(Tag.of(Integer.parseInt(group, 16), Integer.parseInt(element, 16)));
        }
        Matcher privateTag = PRIVATE.matcher(text);
        if (privateTag.matches()) {
            int group = Integer.parseInt(privateTag.group(1), 16);
            if (!Tag.isPrivate(Tag.of(group, 0x1000))) {
                problems.add(where, "group " + privateTag.group(1) + " of '" + text
                        + "' is not a private group (private groups are odd, from 0009 to FFFD; PS3.5 §7.8.1)");
                return null;
            }
            return new Step.Private(group, privateTag.group(2).strip(), Integer.parseInt(privateTag.group(3), 16));
        }
        problems.add(where, "'" + text + "' is neither a keyword (Modality), a tag number ((0008,0060) or 00080060)"
                + " nor a private tag by creator ((0019,\"SIEMENS MR HEADER\",0C))");
        return null;
    }
}
