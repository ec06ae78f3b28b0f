package ferry.router.web.viewer;

import com.fasterxml.jackson.core.type.TypeReference;
import ferry.core.testing.Pydicom;
import ferry.router.web.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Values of elements as pydicom reads them, written as the viewer shows them (multiple values joined by {@code \},
 * bytes in hex), for the browser tests to compare with. An element is named by a path of hex tags and item indexes:
 * {@code 300A00B0/0/300A00C2} is Beam Name in the first item of Beam Sequence.
 */
final class PydicomValues {
    private static final String SCRIPT = """
            import json, sys, pydicom
            from pydicom.charset import decode_bytes
            from pydicom.multival import MultiValue
            from pydicom.valuerep import PersonName
            def text(x):
                # a name as it is in the file, not trimmed of empty trailing groups as str() does
                if isinstance(x, PersonName) and x.original_string is not None:
                    return decode_bytes(x.original_string, x.encodings, {0x5e, 0x3d})
                return str(x)
            out = {}
            for arg in sys.argv[1:]:
                name, path = arg.split('|')
                ds = pydicom.dcmread(name, force=True)
                parts = path.split('/')
                node = ds
                for i in range(0, len(parts), 2):
                    tag = int(parts[i], 16)
                    elem = (ds.file_meta if tag >> 16 == 2 else node)[tag]
                    if i + 1 < len(parts):
                        node = elem.value[int(parts[i + 1])]
                v = elem.value
                if isinstance(v, (list, MultiValue)):
                    shown = '\\\\'.join(text(x) for x in v)
                elif isinstance(v, bytes):
                    shown = '\\\\'.join('%02x' % b for b in v)
                else:
                    shown = '' if v is None else text(v)
                out[arg] = shown
            print(json.dumps(out))
            """;

    private PydicomValues() {
    }

    /** The values at {@code paths} in {@code file}, by path. */
    static Map<String, String> of(Path file, List<String> paths) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Pydicom.requirePython().toString(), "-c", SCRIPT));
        for (String path : paths) {
            command.add(file + "|" + path);
        }
        Process python = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!python.waitFor(60, TimeUnit.SECONDS) || python.exitValue() != 0) {
            throw new IllegalStateException("pydicom could not read " + file + ": " + out);
        }
        Map<String, String> byArgument = Json.MAPPER.readValue(out, new TypeReference<Map<String, String>>() {
        });
        Map<String, String> byPath = new LinkedHashMap<>();
        for (String path : paths) {
            byPath.put(path, byArgument.get(file + "|" + path));
        }
        return byPath;
    }
}
