package ferry.router.cli;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.service.Matching;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The {@code KEY=VALUE} arguments of {@code ferry find} and {@code ferry export-tags} read into a C-FIND identifier
 * (PS3.4 C.4.1.1.3): keywords or {@code (gggg,eeee)}, {@code Sequence.Key=VALUE} for an item key, values checked
 * against their VR. A value that is wrong is a {@link BadValue}, an unknown key a usage error.
 */
final class QueryKeys {
    private final CommandLine commandLine;
    private final boolean local;

    /** @param local whether the query is of Ferry's own index (a DA value may then be a whole year or month) */
    QueryKeys(CommandLine commandLine, boolean local) {
        this.commandLine = commandLine;
        this.local = local;
    }

    /**
     * The identifier of {@code keys} at {@code level}: its Query/Retrieve Level, the keys, and {@code required} as
     * return keys where the keys do not name them.
     */
    DataSet identifier(String level, List<String> keys, List<Integer> required) {
        DataSet identifier = new DataSet();
        if (keys.stream().anyMatch(k -> !k.chars().allMatch(c -> c < 0x80))) {
            identifier.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        }
        identifier.setString(Tags.QueryRetrieveLevel, Vr.CS, level);
        for (String key : keys) {
            int equals = key.indexOf('=');
            if (equals <= 0) {
                throw new ParameterException(commandLine, "'" + key + "' is not KEY=VALUE (KEY= asks for a "
                        + "return value)");
            }
            put(identifier, key.substring(0, equals), key.substring(equals + 1));
        }
        for (int tag : required) {
            if (!identifier.contains(tag)) {
                identifier.setString(tag, StandardDictionary.vrOf(tag), "");
            }
        }
        return identifier;
    }

    /** Puts {@code path} ({@code Key}, {@code (gggg,eeee)}, or {@code Sequence.Key}) with {@code value}. */
    private void put(DataSet target, String path, String value) {
        int dot = path.indexOf('.');
        int tag = tag(dot < 0 ? path : path.substring(0, dot));
        Vr vr = StandardDictionary.vrOf(tag);
        if (dot >= 0) {
            if (vr != Vr.SQ) {
                throw new BadValue(commandLine, "'" + path + "': " + path.substring(0, dot)
                        + " is not a sequence");
            }
            Sequence sequence = target.getSequence(tag);
            DataSet item = sequence == null ? target.newSequence(tag).addItem() : sequence.item(0);
            put(item, path.substring(dot + 1), value);
        } else if (vr == Vr.SQ) {
            if (!value.isEmpty()) {
                throw new BadValue(commandLine, "'" + path + "=" + value + "': a sequence takes "
                        + "item keys (" + path + ".Key=VALUE) or no value");
            }
            if (target.getSequence(tag) == null) {
                target.newSequence(tag);
            }
        } else if (vr == Vr.UN) {
            throw new BadValue(commandLine, "'" + path + "' is not in the data dictionary, so its "
                    + "VR is unknown; give a standard keyword or tag");
        } else if (value.isEmpty()) {
            target.put(tag, vr, Bytes.EMPTY);
        } else if (vr.kind() != Vr.Kind.TEXT) {
            throw new BadValue(commandLine, "'" + path + "=" + value + "': " + vr
                    + " attributes can only be asked for (" + path + "=)");
        } else {
            String[] values = vr.multiValued() ? value.split("\\\\", -1) : new String[] {value};
            if (vr == Vr.DA && local) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = LocalFind.wholeDates(values[i]);
                }
            }
            if (vr == Vr.DA || vr == Vr.TM || vr == Vr.DT) {
                for (String one : values) {
                    String problem = Matching.dateTimeProblem(vr, one);
                    if (problem != null) {
                        throw new BadValue(commandLine, "'" + path + "=" + value + "': " + problem);
                    }
                }
            }
            target.setString(tag, vr, values);
        }
    }

    /** The tag of a keyword or of {@code (gggg,eeee)}. */
    int tag(String name) {
        if (name.startsWith("(") || name.matches("\\p{XDigit}{4},?\\p{XDigit}{4}")) {
            try {
                return Tag.parse(name);
            } catch (IllegalArgumentException e) {
                throw new BadValue(commandLine, e.getMessage());
            }
        }
        OptionalInt tag = StandardDictionary.tagOf(name);
        if (tag.isEmpty()) {
            throw new ParameterException(commandLine, "'" + name + "' is not a keyword of the data "
                    + "dictionary (e.g. PatientID) nor a tag (gggg,eeee)");
        }
        return tag.getAsInt();
    }
}
