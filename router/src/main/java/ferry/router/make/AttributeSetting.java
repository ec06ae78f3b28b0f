package ferry.router.make;

import ferry.core.data.DataSet;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.edit.TagEdit;
import ferry.router.edit.TagReference;
import java.nio.charset.StandardCharsets;

/**
 * One {@code --set KEY=VALUE} of {@code ferry make}: an element named as in routes and edits (keyword,
 * {@code (gggg,eeee)}, or a private element by creator, {@link TagReference}) and its value, a {@link ValueTemplate}
 * so that it can differ per patient, study, series or instance ({@code AccessionNumber=A{study:06}}); {@code \}
 * separates the values of a multi-valued element. Immutable.
 */
public record AttributeSetting(TagReference target, ValueTemplate value) {
    private static final Position FIRST = new Position(1, 1, 1, 1, 1);

    /**
     * Reads {@code KEY=VALUE}.
     *
     * @throws IllegalArgumentException saying what is wrong: no {@code =}, an unknown keyword (with the nearest
     *                                  one), an element that cannot be set this way, a value that is no number for
     *                                  a binary number VR
     */
    public static AttributeSetting parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("--set '" + text + "': write KEY=VALUE, e.g. EthnicGroup=Martian");
        }
        String key = text.substring(0, equals).strip();
        ConfigProblems problems = new ConfigProblems();
        TagReference target = TagReference.parse(key, new ConfigNode.ScalarNode("--set", 0, key), problems);
        if (target == null) {
            throw new IllegalArgumentException("--set '" + text + "': " + problems.all().get(0).message());
        }
        int tag = target.tag();
        if (Tag.group(tag) <= 0x0002 || Tag.isGroupLength(tag) || Tag.isPrivateCreator(tag)
                || Integer.compareUnsigned(tag, Tag.PIXEL_DATA) >= 0) {
            throw new IllegalArgumentException("--set '" + text + "': " + target + " cannot be set: only data set "
                    + "elements before Pixel Data (7FE0,0010), not file meta, command, group length or private "
                    + "creator elements");
        }
        AttributeSetting setting = new AttributeSetting(target, ValueTemplate.parse(text.substring(equals + 1)));
        Vr vr = target.newElementVr();
        if (vr == Vr.SQ) {
            throw new IllegalArgumentException("--set '" + text + "': " + target + " is a sequence, which has no "
                    + "text value");
        }
        if (!TagEdit.SetValue.fits(vr, setting.value.expand(FIRST))) {
            throw new IllegalArgumentException("--set '" + text + "': " + target + " has VR " + vr + ", whose values "
                    + "are numbers (" + (vr == Vr.FL || vr == Vr.FD ? "decimal" : vr == Vr.AT ? "tags ggggeeee"
                    : "whole") + ", separated by \\)");
        }
        return setting;
    }

    /**
     * Sets the element in {@code dataSet} to the value at {@code position}. Text that is not ASCII, in a data set
     * that declares no Specific Character Set, declares UTF-8 ({@code ISO_IR 192}) first, so it is encoded as
     * written (PS3.5 §6.1.2.3).
     */
    public void apply(DataSet dataSet, Position position) {
        String text = value.expand(position);
        if (!dataSet.contains(Tag.SPECIFIC_CHARACTER_SET)
                && !StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            dataSet.setString(Tag.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192");
        }
        new TagEdit.SetValue(target, text).apply(dataSet);
    }
}
