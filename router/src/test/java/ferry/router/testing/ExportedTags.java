package ferry.router.testing;

import com.fasterxml.jackson.core.JsonGenerator;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.json.SimplifiedTagsWriter;
import ferry.router.tagexport.TagEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The tags a tag export should carry for a file, made apart from the export's own reading of it. */
public final class ExportedTags {
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
}
