package ferry.router.storage;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.edit.TagReference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Where in a store's folder an object goes: a template such as
 * {@code {PatientID}/{StudyDate}_{StudyTime}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm}, or a preset name. Tokens
 * name a tag by keyword, number or private creator, may format it ({@code {SeriesNumber:%03d}},
 * {@code {SeriesDescription:clean}}, {@code {StudyDate:yyyy/MM}}) and may fall back to other tags or a literal
 * ({@code {AccessionNumber|StudyID|none}}). Every value becomes one safe name, so a resolved path never leaves
 * the folder it is resolved against. Immutable and thread-safe.
 *
 * <p>Presets: {@code default} (the template above), {@code routes-json} (seed 000: the same without extension)
 * and {@code dcmserver} (seed 002's renameDicom.py:
 * {@code {PatientID}/{SeriesNumber:%03d}-{SeriesDescription:clean-dash}/{InstanceNumber:%04d}.dcm} with its echo
 * and Philips rules, see {@link #namesEchoes()}).
 */
public final class Layout {
    /** The design's default template. */
    public static final String DEFAULT_TEMPLATE =
            "{PatientID}/{StudyDate}_{StudyTime}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm";

    /** The named layouts. */
    private enum Preset {
        DEFAULT("default", DEFAULT_TEMPLATE, false),
        ROUTES_JSON("routes-json", "{PatientID}/{StudyDate}_{StudyTime}/{SeriesInstanceUID}/{SOPInstanceUID}", false),
        DCMSERVER("dcmserver",
                "{PatientID}/{SeriesNumber:%03d}-{SeriesDescription:clean-dash}/{InstanceNumber:%04d}.dcm", true);

        final String word;
        final String template;
        final boolean seriesRules;

        Preset(String word, String template, boolean seriesRules) {
            this.word = word;
            this.template = template;
            this.seriesRules = seriesRules;
        }
    }

    private final String template;
    private final LayoutTemplate parsed;
    private final boolean seriesRules;
    private final int stopBefore;

    private Layout(String template, LayoutTemplate parsed, boolean seriesRules) {
        this.template = template;
        this.parsed = parsed;
        this.seriesRules = seriesRules;
        int stop = seriesRules ? Tag.PIXEL_DATA : 0;
        for (TagReference reference : parsed.references()) {
            if (Integer.compareUnsigned(reference.stopBefore(), stop) > 0) {
                stop = reference.stopBefore();
            }
        }
        this.stopBefore = stop;
    }

    /**
     * Reads a layout: a preset name ({@code default}, {@code routes-json}, {@code dcmserver}) or a template.
     * Problems are reported with the node's line; the default layout is returned then, so reading can go on.
     */
    public static Layout parse(ConfigNode node, ConfigProblems problems) {
        if (!(node instanceof ConfigNode.ScalarNode scalar) || scalar.value() == null || scalar.value().isBlank()) {
            problems.add(node, "expected a layout template such as '" + DEFAULT_TEMPLATE + "' or a preset ("
                    + presetNames() + "), found " + (node instanceof ConfigNode.ScalarNode ? "nothing" : node.kind()));
            return preset("default");
        }
        String text = scalar.value().strip();
        for (Preset preset : Preset.values()) {
            if (preset.word.equals(text.toLowerCase(Locale.ROOT))) {
                return preset(preset.word);
            }
        }
        if (!text.contains("{") && !text.contains("/")) {
            problems.add(node, "unknown layout preset '" + text + "'; presets are " + presetNames()
                    + ", or write a template with {Keyword} tokens");
            return preset("default");
        }
        LayoutTemplate template = LayoutTemplate.parse(text, node, problems);
        return template == null ? preset("default") : new Layout(text, template, false);
    }

    /** A preset by name ({@code default}, {@code routes-json}, {@code dcmserver}). */
    public static Layout preset(String name) {
        for (Preset preset : Preset.values()) {
            if (preset.word.equals(name)) {
                ConfigProblems none = new ConfigProblems();
                LayoutTemplate template = LayoutTemplate.parse(preset.template, new ConfigNode.ScalarNode("", 0,
                        preset.template), none);
                return new Layout(preset.template, template, preset.seriesRules);
            }
        }
        throw new IllegalArgumentException("no layout preset '" + name + "'; presets are " + presetNames());
    }

    /** The template, as written or as the preset defines it. */
    public String template() {
        return template;
    }

    /**
     * The smallest top-level tag (unsigned order) at which a header read may stop with every tag this layout
     * needs read; {@link Tag#PIXEL_DATA} for {@code dcmserver}, whose Philips rule looks into sequences.
     */
    public int stopBefore() {
        return stopBefore;
    }

    /**
     * True for the {@code dcmserver} preset, whose names depend on other objects of the series: EchoNumbers > 1
     * is appended to the file name as {@code _NN}, and echo 1 gets {@code _01} too once the series has several
     * echoes. {@link LayoutFolder} keeps that state; {@link #resolve(DataSet)} alone names echo 1 as in a
     * single-echo series. As in seed 002, Philips objects instead take the first non-zero InstanceNumber found
     * in the data set and get no echo suffix.
     */
    public boolean namesEchoes() {
        return seriesRules;
    }

    /** The object's path relative to a store's folder: never absolute, never with {@code .} or {@code ..}. */
    public Path resolve(DataSet header) {
        return resolve(header, false);
    }

    /** {@link #resolve(DataSet)}, naming echo 1 with {@code _01} when {@code severalEchoes}. */
    Path resolve(DataSet header, boolean severalEchoes) {
        boolean philips = seriesRules && isPhilips(header);
        Function<TagReference, String> lookup = reference -> {
            if (philips && reference.creator() == null && reference.tag() == Tags.InstanceNumber) {
                return firstNonZeroInstanceNumber(header);
            }
            return valueOf(header, reference);
        };
        String[] names = parsed.render(lookup);
        int echo = philips ? 0 : echoNumber(header);
        if (echo > 1 || (echo == 1 && severalEchoes)) {
            int last = names.length - 1;
            String tail = parsed.trailingLiteral();
            String head = names[last].substring(0, names[last].length() - tail.length());
            names[last] = head + echoSuffix(echo) + tail;
        }
        return Path.of(names[0], Arrays.copyOfRange(names, 1, names.length));
    }

    /** The echo number seed 002's rule uses for this object (1 when absent), or 0 when the rule does not apply. */
    int echoNumber(DataSet header) {
        if (!seriesRules || isPhilips(header)) {
            return 0;
        }
        try {
            List<String> echoes = header.getStrings(Tags.EchoNumbers);
            int echo = echoes.isEmpty() ? 1 : (int) Math.round(Double.parseDouble(echoes.get(0).strip()));
            return Math.max(echo, 1);
        } catch (RuntimeException unreadable) {
            return 1;
        }
    }

    /** The file name ending that the echo rule inserts before the extension. */
    static String echoSuffix(int echo) {
        return String.format(Locale.ROOT, "_%02d", echo);
    }

    /** The literal ending of file names (the extension), where the echo suffix goes before. */
    String extension() {
        return parsed.trailingLiteral();
    }

    private static String valueOf(DataSet header, TagReference reference) {
        int tag = reference.tagIn(header);
        if (tag == -1) {
            return null;
        }
        try {
            return header.getString(tag);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static boolean isPhilips(DataSet header) {
        String manufacturer = valueOf(header, TagReference.of(Tags.Manufacturer));
        return manufacturer != null && manufacturer.toLowerCase(Locale.ROOT).contains("philips");
    }

    /**
     * Seed 002's Philips rule: the first InstanceNumber with a non-zero value in the order dcmdump lists the data
     * set (depth first, items included); the top-level value when none is non-zero.
     */
    private static String firstNonZeroInstanceNumber(DataSet header) {
        String found = firstNonZero(header);
        return found != null ? found : valueOf(header, TagReference.of(Tags.InstanceNumber));
    }

    private static String firstNonZero(DataSet dataSet) {
        for (int i = 0; i < dataSet.size(); i++) {
            int tag = dataSet.tagAt(i);
            if (tag == Tags.InstanceNumber) {
                String value = valueOf(dataSet, TagReference.of(tag));
                if (value != null && !isZero(value)) {
                    return value;
                }
            } else if (dataSet.valueAt(i) instanceof Sequence sequence) {
                for (DataSet item : sequence.items()) {
                    String value = firstNonZero(item);
                    if (value != null) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    private static boolean isZero(String value) {
        try {
            return Double.parseDouble(value.strip()) == 0;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private static String presetNames() {
        return String.join(", ", Arrays.stream(Preset.values()).map(p -> p.word).toList());
    }

    /** The template, as {@link #template()}: what a person reads in a message. */
    @Override
    public String toString() {
        return template;
    }
}
