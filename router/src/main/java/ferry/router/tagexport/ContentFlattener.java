package ferry.router.tagexport;

import com.fasterxml.jackson.core.JsonGenerator;
import ferry.core.data.DataSet;
import java.io.IOException;

/**
 * Adds a readable form of an object's content to its event, beside its tags: where a structured report's content
 * tree, flattened to concept names and values, joins the export (docs/tag-export.md). {@link #NONE} adds nothing.
 */
@FunctionalInterface
public interface ContentFlattener {
    /** Adds nothing. */
    ContentFlattener NONE = (header, generator) -> {
    };

    /**
     * Writes the fields this flattener adds to the event of {@code header} (e.g. {@code "sr": {...}}), or nothing
     * when it does not apply to the object. Called inside the event object, after {@code "tags"}.
     */
    void write(DataSet header, JsonGenerator generator) throws IOException;
}
