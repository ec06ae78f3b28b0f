package ferry.router.tagexport;

import com.fasterxml.jackson.core.JsonGenerator;
import ferry.core.data.BulkData;
import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.sr.ContentTree;
import ferry.core.tag.Tags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds {@code "sr": {"<document title>": {...}}} to the event of a structured report: its content tree in the
 * simplified form of docs/structured-reports.md; nothing for other objects. Problems of the tree show in that form
 * as they do in {@code ferry dump --sr}; whatever else goes wrong leaves {@code "sr"} out with a WARN line, the event
 * is written all the same.
 *
 * <p>The event's header keeps values over 1 KiB in the file ({@link TagEvents#header}); a long Text Value
 * (0040,A160) would read as missing. When an SR's header holds such a value, its file is read again whole, as long
 * as it is at most {@link #MAX_REREAD_BYTES} (SR documents are small); a larger one gets no {@code "sr"}.
 * Immutable and thread-safe.
 */
public final class StructuredReportFlattener implements ContentFlattener {
    /** The largest SR file read again whole for its values over 1 KiB: 16 MiB. */
    public static final long MAX_REREAD_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(StructuredReportFlattener.class);

    @Override
    public void write(DataSet header, JsonGenerator generator) throws IOException {
        if (!ContentTree.isStructuredReport(header)) {
            return;
        }
        String json;
        try {
            Optional<ContentTree> tree = ContentTree.read(whole(header));
            if (tree.isEmpty()) {
                return;
            }
            json = tree.get().simplified().toJson(); // made whole first: a failure never leaves half a field
        } catch (IOException | RuntimeException e) {
            LOG.warn("tag export: structured report {} has no \"sr\" field in its event: {}",
                    header.getString(Tags.SOPInstanceUID, "(no SOP Instance UID)"), e.toString());
            return;
        }
        generator.writeFieldName("sr");
        generator.writeRawValue(json);
    }

    /** {@code header}, or its file read again with every value in memory when the header left some in it. */
    private static DataSet whole(DataSet header) throws IOException {
        BulkData left = firstBulk(header);
        if (left == null) {
            return header;
        }
        Path file = left.file();
        long size = Files.size(file);
        if (size > MAX_REREAD_BYTES) {
            throw new IOException("its file is " + size + " bytes, more than the " + MAX_REREAD_BYTES
                    + " read again for values over 1 KiB");
        }
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }

    private static BulkData firstBulk(DataSet dataSet) {
        for (int i = 0; i < dataSet.size(); i++) {
            Value value = dataSet.valueAt(i);
            if (value instanceof BulkData bulk) {
                return bulk;
            }
            if (value instanceof Sequence sequence) {
                for (DataSet item : sequence.items()) {
                    BulkData inItem = firstBulk(item);
                    if (inItem != null) {
                        return inItem;
                    }
                }
            }
        }
        return null;
    }
}
