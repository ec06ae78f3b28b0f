package ferry.router.edit;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.deid.DeidentificationSettings;
import ferry.router.deid.Deidentifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One change a route makes to an object's tags, applied in the order the configuration lists them, to a copy of
 * the received object (never to the original). Values are written in the VR of the element when it exists, else
 * in the dictionary's VR, and text in the data set's own character set (PS3.5 §6.1.2.3). Edits change top-level
 * elements, except {@link RemovePrivate}, {@link Wipe} and {@link Deidentify}, which reach into sequence items as
 * well. Edits read from a configuration are built for running with {@link #forRunning} before they are applied.
 */
public sealed interface TagEdit {

    /** Changes {@code dataSet} in place. */
    void apply(DataSet dataSet);

    /**
     * Whether a copy made with this edit gets new file meta information (describing Ferry) instead of the received
     * object's, as de-identification requires (PS3.15 §E.1.1 item 7).
     */
    default boolean replacesFileMeta() {
        return false;
    }

    /**
     * This edit ready to run: secrets it names are read from {@code environment} now. Most edits need nothing and
     * return themselves.
     *
     * @throws IllegalStateException when an environment variable the edit names is not set
     */
    default TagEdit forRunning(Function<String, String> environment) {
        return this;
    }

    /**
     * {@code edits} ready to run ({@link #forRunning(Function)} of each), for a store or destination about to use them.
     *
     * @throws IllegalStateException when an environment variable an edit names is not set
     */
    static List<TagEdit> forRunning(List<TagEdit> edits, Function<String, String> environment) {
        return edits.stream().map(edit -> edit.forRunning(environment)).toList();
    }

    /** Sets an element to a value, creating it when absent; {@code \} separates the values of a multi-valued VR. */
    record SetValue(TagReference target, String value) implements TagEdit {
        public SetValue {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public void apply(DataSet dataSet) {
            int tag = target.tagForWriting(dataSet);
            Vr vr = dataSet.contains(tag) ? dataSet.vr(tag) : target.newElementVr();
            ElementValues.write(dataSet, tag, vr, value);
        }

        /**
         * Whether {@code text} can be written into an element of VR {@code vr}: numbers for binary number VRs,
         * {@code ggggeeee} for AT, anything for text VRs; never a sequence. A value that does not fit is not written.
         */
        public static boolean fits(Vr vr, String text) {
            return ElementValues.fits(vr, text);
        }
    }

    /**
     * Copies the value of {@code from} into {@code to} (seed 001 takes PatientID from EthnicGroup); when
     * {@code from} is absent or empty, {@code to} is left as it is.
     */
    record CopyValue(TagReference from, TagReference to) implements TagEdit {
        public CopyValue {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public void apply(DataSet dataSet) {
            int source = from.tagIn(dataSet);
            if (source == -1 || !(dataSet.value(source) instanceof Bytes bytes) || bytes.bytes().length == 0) {
                return;
            }
            Vr sourceVr = dataSet.vr(source);
            int tag = to.tagForWriting(dataSet);
            Vr vr = dataSet.contains(tag) ? dataSet.vr(tag)
                    : to.creator() != null && sourceVr != Vr.UN ? sourceVr : to.newElementVr();
            if (vr == sourceVr) {
                dataSet.put(tag, vr, bytes);
            } else {
                ElementValues.write(dataSet, tag, vr, String.join("\\", ElementValues.read(dataSet, source)));
            }
        }
    }

    /** Removes top-level elements. */
    record Remove(List<TagReference> targets) implements TagEdit {
        public Remove {
            targets = List.copyOf(targets);
        }

        @Override
        public void apply(DataSet dataSet) {
            for (TagReference target : targets) {
                int tag = target.tagIn(dataSet);
                if (tag != -1) {
                    dataSet.remove(tag);
                }
            }
        }
    }

    /** Removes every private element (odd groups, PS3.5 §7.8.1), creators included, at every level. */
    record RemovePrivate() implements TagEdit {
        @Override
        public void apply(DataSet dataSet) {
            for (int i = dataSet.size() - 1; i >= 0; i--) {
                int tag = dataSet.tagAt(i);
                if (Tag.isPrivate(tag)) {
                    dataSet.remove(tag);
                } else if (dataSet.valueAt(i) instanceof Sequence sequence) {
                    sequence.items().forEach(this::apply);
                }
            }
        }
    }

    /**
     * Replaces every match of {@code pattern} in a text element's value with {@code replacement}, where
     * {@code $1} is the first group (Java's {@link Matcher#replaceAll(String)}); absent elements stay absent.
     */
    record Replace(TagReference target, Pattern pattern, String replacement) implements TagEdit {
        public Replace {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(replacement, "replacement");
        }

        @Override
        public void apply(DataSet dataSet) {
            int tag = target.tagIn(dataSet);
            if (tag == -1 || !dataSet.contains(tag) || dataSet.vr(tag).kind() != Vr.Kind.TEXT) {
                return;
            }
            String text = dataSet.getText(tag);
            String replaced = pattern.matcher(text == null ? "" : text).replaceAll(replacement);
            ElementValues.write(dataSet, tag, dataSet.vr(tag), replaced);
        }
    }

    /**
     * Seed 002's {@code anon_fields}: each listed element that exists, at every level of the data set, gets the
     * value {@code value} ({@code 0} in the seed, which ran {@code dcmodify -ma "(gggg,eeee)=0"}); absent elements
     * are skipped and sequences are left alone.
     */
    record Wipe(List<TagReference> targets, String value) implements TagEdit {
        /** The value seed 002 wiped with. */
        public static final String SEED_VALUE = "0";

        public Wipe {
            targets = List.copyOf(targets);
            Objects.requireNonNull(value, "value");
        }

        @Override
        public void apply(DataSet dataSet) {
            for (TagReference target : targets) {
                int tag = target.tagIn(dataSet);
                if (tag != -1 && dataSet.contains(tag) && dataSet.vr(tag) != Vr.SQ) {
                    ElementValues.write(dataSet, tag, dataSet.vr(tag), value);
                }
            }
            for (int i = 0; i < dataSet.size(); i++) {
                Value item = dataSet.valueAt(i);
                if (item instanceof Sequence sequence) {
                    sequence.items().forEach(this::apply);
                }
            }
        }
    }

    /**
     * De-identification by the PS3.15 Basic Application Level Confidentiality Profile with the options of
     * {@code settings} ({@link Deidentifier}). As read from the configuration it has no {@code deidentifier} yet:
     * {@link #forRunning(Function)} reads the secret and makes one; applying it before that is a programming error.
     */
    record Deidentify(DeidentificationSettings settings, Deidentifier deidentifier) implements TagEdit {
        public Deidentify {
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public void apply(DataSet dataSet) {
            if (deidentifier == null) {
                throw new IllegalStateException("deidentify was applied before it was built for running"
                        + " (TagEdit.forRunning reads its secret)");
            }
            deidentifier.apply(dataSet);
        }

        @Override
        public boolean replacesFileMeta() {
            return true;
        }

        @Override
        public TagEdit forRunning(Function<String, String> environment) {
            return new Deidentify(settings, Deidentifier.create(settings, environment));
        }
    }

    /**
     * Reads the edits of a route: a list of one-key maps applied in order, or one map whose keys are applied in
     * file order. Keys: {@code set}, {@code copy}, {@code remove}, {@code remove-private}, {@code replace},
     * {@code wipe}, {@code deidentify}. Problems are reported to {@code problems} and the faulty edit is left out.
     * Relative paths (the pseudonym table of {@code deidentify}) resolve against {@code base}, the configuration
     * file's folder.
     */
    static List<TagEdit> parse(ConfigNode node, Path base, ConfigProblems problems) {
        List<TagEdit> edits = new ArrayList<>();
        if (node instanceof ConfigNode.ListNode list) {
            for (ConfigNode item : list.items()) {
                if (item instanceof ConfigNode.MapNode map) {
                    map.entries().forEach((key, value) -> EditParser.parse(key, value, map, base, problems, edits));
                } else {
                    problems.add(item, "expected an edit such as 'set: {PatientID: ANON}', found " + item.kind());
                }
            }
        } else if (node instanceof ConfigNode.MapNode map) {
            for (Map.Entry<String, ConfigNode> entry : map.entries().entrySet()) {
                EditParser.parse(entry.getKey(), entry.getValue(), map, base, problems, edits);
            }
        } else if (!(node instanceof ConfigNode.ScalarNode scalar && scalar.value() == null)) {
            problems.add(node, "expected a list of edits (set, copy, remove, remove-private, replace, wipe,"
                    + " deidentify), found " + node.kind());
        }
        return List.copyOf(edits);
    }

    /** {@link #parse(ConfigNode, Path, ConfigProblems)} with relative paths against the working directory. */
    static List<TagEdit> parse(ConfigNode node, ConfigProblems problems) {
        return parse(node, Path.of("").toAbsolutePath(), problems);
    }
}
