package ferry.router.web.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Pydicom;
import ferry.core.testing.ToolRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Compares DICOM JSON that Ferry answered with pydicom's reading of a file: each attribute of the JSON, read back by
 * pydicom ({@code Dataset.from_json}), must equal the file's value as pydicom reads it. In {@code metadata} mode the
 * JSON must hold every top-level attribute of the file, large binary ones as a BulkDataURI; in {@code subset} mode
 * (a QIDO-RS match) the JSON's attributes with a value must be the file's (a key the file lacks is returned empty, as
 * C-FIND does), except those {@code ignored}. FL values are compared as 32-bit floats.
 */
final class PydicomCheck {
    private static final String SCRIPT = """
            import json, struct, sys
            import pydicom
            from pydicom.dataset import Dataset
            mode, stored, answered = sys.argv[1], sys.argv[2], sys.argv[3]
            ignored = set(sys.argv[4].split(",")) if len(sys.argv) > 4 and sys.argv[4] else set()
            ds = pydicom.dcmread(stored)
            ours = {k: v for k, v in json.load(open(answered)).items() if k not in ignored}
            problems = []
            theirs = {"%08X" % int(e.tag) for e in ds}
            if mode == "metadata" and set(ours) != theirs:
                problems.append("tags: only Ferry's %s, only pydicom's %s" % (sorted(set(ours) - theirs),
                                                                              sorted(theirs - set(ours))))
            valued = {k for k, v in ours.items() if "Value" in v or "BulkDataURI" in v or "InlineBinary" in v}
            if mode == "subset" and not valued <= theirs:
                problems.append("not in the file: %s" % sorted(valued - theirs))
            def single(value):
                return struct.unpack("<f", struct.pack("<f", value))[0]
            bulk = {k for k, v in ours.items() if "BulkDataURI" in v}
            ours = {k: v for k, v in ours.items() if k in theirs or mode == "metadata"}
            back = Dataset.from_json({k: v for k, v in ours.items() if k not in bulk})
            for e in ds:
                key = "%08X" % int(e.tag)
                if key not in ours:
                    continue
                if key in bulk:
                    if e.VR not in ("OB", "OW", "OF", "OD", "OL", "OV", "UN", "OB or OW", "US or OW"):
                        problems.append("%s %s is a BulkDataURI" % (key, e.VR))
                    continue
                if e.VR == "SQ":
                    if len(back[e.tag].value) != len(e.value):
                        problems.append("%s: %d items, pydicom %d" % (key, len(back[e.tag].value), len(e.value)))
                    continue
                mine, file = back[e.tag].value, e.value
                if e.VR == "FL":
                    many = isinstance(file, (list, tuple)) or type(file).__name__ == "MultiValue"
                    mine = [single(v) for v in mine] if many else single(mine)
                    file = [single(v) for v in file] if many else single(file)
                if mine != file:
                    problems.append("%s %s: Ferry %r, pydicom %r" % (key, e.VR, back[e.tag].value, e.value))
            print("\\n".join(problems))
            """;

    private PydicomCheck() {
    }

    /** Asserts that {@code json} (one data set) agrees with pydicom's reading of {@code file}. */
    static void agrees(String mode, Path file, String json, List<String> ignored, Path work) throws IOException {
        Path python = Pydicom.requirePython();
        Path script = work.resolve("check.py");
        if (!Files.exists(script)) {
            Files.writeString(script, SCRIPT);
        }
        Path answered = Files.createTempFile(work, "answer", ".json");
        Files.writeString(answered, json);
        ToolRun run = ToolRun.run(Duration.ofMinutes(1), List.of(python.toString(), script.toString(), mode,
                file.toString(), answered.toString(), String.join(",", ignored)));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.out(StandardCharsets.UTF_8).strip()).as("%s against pydicom's %s", json, file).isEmpty();
    }
}
