package ferry.router.cli;

import ferry.core.data.DataSet;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.index.IdentifierKeys;
import java.util.List;
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
        try {
            IdentifierKeys.put(target, path, value, local);
        } catch (IdentifierKeys.UnknownKeyException e) {
            throw new ParameterException(commandLine, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadValue(commandLine, e.getMessage());
        }
    }

    /** The tag of a keyword or of {@code (gggg,eeee)}. */
    int tag(String name) {
        try {
            return IdentifierKeys.tag(name);
        } catch (IdentifierKeys.UnknownKeyException e) {
            throw new ParameterException(commandLine, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadValue(commandLine, e.getMessage());
        }
    }
}
