package ferry.router.web.viewer;

import com.fasterxml.jackson.core.JsonProcessingException;
import ferry.core.tag.DictionaryEntry;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.UidEntry;
import ferry.core.tag.UidRegistry;
import ferry.core.tag.Vr;
import ferry.router.web.Json;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tag viewer's dictionary, {@code dictionary-data.js}: Ferry's own data dictionary ({@link StandardDictionary},
 * PS3.6) and UID names ({@link UidRegistry}) as a script that sets {@code globalThis.FerryDictionaryData}, made from
 * them when first asked for, so the page and Ferry never name a tag differently. Each entry is a line of tab-separated
 * fields: the tag in hex with {@code x} for each repeating nibble ({@code 60xx3000}), the VRs joined by {@code |},
 * the VM, the keyword, the name, and {@code Y} or {@code N} for retired. {@code dictionary.js} looks tags up in it.
 */
public final class ViewerDictionary {
    private ViewerDictionary() {
    }

    /** The script. */
    public static String script() {
        return Script.TEXT;
    }

    /** One entry as its line in the script (without the line break). */
    static String line(DictionaryEntry e) {
        String hex = HexFormat.of().withUpperCase().toHexDigits(e.tag() & e.mask());
        StringBuilder tag = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            boolean repeats = (e.mask() >>> (4 * (7 - i)) & 0xF) == 0;
            tag.append(repeats ? 'x' : hex.charAt(i));
        }
        String vrs = e.vrs().stream().map(Vr::name).collect(Collectors.joining("|"));
        return String.join("\t", tag, vrs, e.vm(), e.keyword(), e.name(), e.retired() ? "Y" : "N");
    }

    private static final class Script {
        static final String TEXT = make();

        private static String make() {
            StringBuilder entries = new StringBuilder(400_000);
            for (DictionaryEntry e : StandardDictionary.entries()) {
                entries.append(line(e)).append('\n');
            }
            StringBuilder uids = new StringBuilder(40_000);
            for (UidEntry u : UidRegistry.entries()) {
                uids.append(u.uid()).append('\t').append(u.name()).append('\n');
            }
            Map<String, String> data = new LinkedHashMap<>();
            data.put("entries", entries.toString());
            data.put("uids", uids.toString());
            try {
                return "// Made by Ferry from its data dictionary (ferry.core.tag.StandardDictionary, UidRegistry;"
                        + " PS3.6) by ferry.router.web.viewer.ViewerDictionary: do not edit.\n"
                        + "globalThis.FerryDictionaryData = " + Json.MAPPER.writeValueAsString(data) + ";\n";
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
