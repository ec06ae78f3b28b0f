package ferry.router.tagexport;

import static ferry.core.sr.SrDataSets.child;
import static ferry.core.sr.SrDataSets.document;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StructuredReportFlattener} in an event made by {@link TagEvents} from a header read as the export reads
 * it: a Text Value over 1 KiB (left in the file by the header read) whole in {@code "sr"}; a broken tree still one
 * event, its problems in {@code "sr"}; an SR too large to read again an event without {@code "sr"};
 * an object that is no SR an event without {@code "sr"}.
 */
class StructuredReportFlattenerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path file(DataSet dataSet, String name) throws IOException {
        Path file = tmp.resolve(name + ".dcm");
        DicomWriter.writeFile(file, new DataSet(), dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return file;
    }

    private static JsonNode event(Path file, DataSet header) throws IOException {
        TagEvents events = new TagEvents("lines", TagShape.SIMPLIFIED, new StructuredReportFlattener());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = TagEvents.generator(out)) {
            events.write(new TagEvents.About(file, 7, header.getString(Tags.SOPInstanceUID, "x"),
                    header.getString(Tags.SOPClassUID, ""), "", "CT1", null), header, g);
        }
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void aTextValueOverOneKibibyteLeftInTheFileIsInTheEventWhole() throws IOException {
        DataSet report = document("Findings");
        String text = "Long finding\r\n" + "x".repeat(5000);
        child(report, "CONTAINS", "TEXT", "Finding").setString(Tags.TextValue, Vr.UT, text);
        Path file = file(report, "long");

        JsonNode event = event(file, TagEvents.header(file));
        assertThat(event.at("/sr/Findings/Finding").asText()).isEqualTo(text);
        assertThat(event.has("tags")).isTrue();
    }

    @Test
    void aBrokenTreeIsStillOneEventWithItsProblemsInSr() throws IOException {
        DataSet report = document("Broken");
        DataSet num = child(report, "CONTAINS", "NUM", "CTDIvol as LO");
        num.newSequence(Tags.MeasuredValueSequence).addItem().setString(Tags.NumericValue, Vr.LO, "twelve");
        child(report, "CONTAINS", null, "No value type");
        DataSet circular = child(report, "INFERRED FROM", null, null);
        circular.setInts(Tags.ReferencedContentItemIdentifier, Vr.UL, 1); // the root itself: never followed
        Path file = file(report, "broken");

        JsonNode event = event(file, TagEvents.header(file));
        JsonNode sr = event.at("/sr/Broken");
        assertThat(sr.at("/CTDIvol as LO/(problem)").asText()).contains("twelve");
        assertThat(sr.at("/No value type/(problem)").asText()).startsWith("no Value Type");
        assertThat(event.path("sop_instance_uid").asText()).isEqualTo("1.2.826.0.1.3680043.10.1338.18.4");
    }

    @Test
    void aReportTooLargeToReadAgainIsAnEventWithoutSr() throws IOException {
        DataSet report = document("Large");
        child(report, "CONTAINS", "TEXT", "Finding").setString(Tags.TextValue, Vr.UT, "y".repeat(2000));
        Path file = file(report, "large");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            // bytes after the data set: the header and its values read as before, the file is over the bound
            channel.write(ByteBuffer.allocate(1), StructuredReportFlattener.MAX_REREAD_BYTES);
        }

        JsonNode event = event(file, TagEvents.header(file));
        assertThat(event.has("sr")).isFalse();
        assertThat(event.at("/tags/Modality").asText()).isEqualTo("SR");
    }

    @Test
    void anObjectThatIsNoStructuredReportHasNoSr() throws IOException {
        DataSet image = new DataSet();
        image.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2");
        image.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.10.1338.18.8");
        image.setString(Tags.Modality, Vr.CS, "CT");
        Path file = file(image, "image");

        JsonNode event = event(file, TagEvents.header(file));
        assertThat(event.has("sr")).isFalse();
        assertThat(event.at("/tags/Modality").asText()).isEqualTo("CT");
    }
}
