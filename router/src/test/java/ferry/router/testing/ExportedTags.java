package ferry.router.testing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.json.SimplifiedTagsWriter;
import ferry.router.tagexport.TagEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tags a tag export should carry for a file, made apart from the export's own reading of it; the events a JSON
 * lines destination wrote.
 */
public final class ExportedTags {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportedTags() {
    }

    /** The simplified tags of {@code file}, read whole into memory. */
    public static String simplified(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = TagEvents.generator(out)) {
            SimplifiedTagsWriter.INSTANCE.write(DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet(), generator);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The events in the JSON lines files of {@code folder}, files in name order; none when there is no folder. */
    public static List<JsonNode> lines(Path folder) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return all;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        all.add(JSON.readTree(line));
                    }
                }
            }
        }
        return all;
    }
}
