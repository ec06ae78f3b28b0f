package ferry.router.web.dicomweb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.Fragments;
import ferry.core.data.Value;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.json.DicomJsonWriter;
import ferry.core.tag.Tag;
import ferry.router.index.IndexSearch;
import ferry.router.web.Json;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.GoneResponse;
import io.javalin.http.NotAcceptableResponse;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WADO-RS (PS3.18 §10.4) from the files the index recorded: studies, series and instances as
 * {@code multipart/related; type="application/dicom"}, each file sent as it is stored, streamed; their metadata as
 * DICOM JSON with a {@code BulkDataURI} for each large binary value (pixel data); such a value ({@code /bulk/TAG}),
 * and frames of the pixel data as stored ({@code /frames/1,2}, {@link Frames}). Ferry does not transcode: a request
 * for another transfer syntax than the stored one is a 406. Instances of which no file is left are left out with a
 * {@code Warning} (206 Partial Content), or 404 when none is left.
 */
final class Wado {
    private static final Logger LOG = LoggerFactory.getLogger(Wado.class);
    /** Binary values longer than this are a BulkDataURI in metadata. */
    static final int BULK_THRESHOLD = 1024;
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    private static final String EXPLICIT_LITTLE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();

    private final IndexSearch index;

    Wado(IndexSearch index) {
        this.index = index;
    }

    /** The instances of a study, series or instance as {@code multipart/related; type="application/dicom"}. */
    void instances(Context ctx, String study, String series, String instance) throws IOException {
        List<MediaRange> accepted = accepted(ctx);
        List<StoredInstance> found = present(ctx, StoredInstance.find(index, study, series, instance));
        List<String> syntaxes = new ArrayList<>();
        for (StoredInstance stored : found) {
            syntaxes.add(syntax(stored));
        }
        boolean served = false;
        for (MediaRange range : accepted) {
            boolean dicom = range.takes("multipart", "related")
                    && (range.wild() || "application/dicom".equalsIgnoreCase(range.parameter("type")));
            String wanted = range.parameter("transfer-syntax");
            if (dicom && (wanted == null || wanted.equals("*") || syntaxes.stream().allMatch(wanted::equals))) {
                served = true;
                break;
            }
        }
        if (!served) {
            throw new NotAcceptableResponse("the instances are served as multipart/related; type=\"application/dicom\""
                    + " in the transfer syntax they are stored in (" + String.join(", ", syntaxes.stream()
                    .distinct().toList()) + "; Ferry does not transcode), not as " + Json.clean(ctx.header("Accept")));
        }
        multipart(ctx, "application/dicom", parts -> {
            for (int i = 0; i < found.size(); i++) {
                try (InputStream in = Files.newInputStream(found.get(i).file())) {
                    parts.part("application/dicom; transfer-syntax=" + syntaxes.get(i), in);
                }
            }
        });
    }

    /** What writes the parts of an answer. */
    @FunctionalInterface
    private interface Parts {
        void write(MultipartWriter parts) throws IOException;
    }

    /**
     * Answers a {@code multipart/related} body of {@code type} parts. An I/O error once it has started (the client
     * went away, a file was removed meanwhile) ends it without its closing delimiter, so that the client sees it cut
     * off, and is logged in one line.
     */
    private static void multipart(Context ctx, String type, Parts body) throws IOException {
        MultipartWriter parts = new MultipartWriter(ctx.outputStream());
        ctx.contentType(parts.contentType(type));
        try {
            body.write(parts);
            parts.close();
        } catch (IOException e) {
            LOG.warn("DICOMweb: {} {} ended before its end: {}", ctx.method(), Json.clean(ctx.path()), e.toString());
        }
    }

    /** The metadata of the instances of a study, series or instance: a DICOM JSON array. */
    void metadata(Context ctx, String study, String series, String instance) throws IOException {
        Qido.acceptJson(ctx);
        List<StoredInstance> found = present(ctx, StoredInstance.find(index, study, series, instance));
        for (StoredInstance stored : found) {
            syntax(stored);
        }
        DicomWebUrls urls = DicomWebUrls.of(ctx);
        ctx.contentType(DicomWebRoutes.DICOM_JSON);
        try (JsonGenerator generator = JSON.createGenerator(ctx.outputStream())) {
            generator.writeStartArray();
            for (StoredInstance stored : found) {
                DicomFile file = DicomReader.read(stored.file(), ReadOptions.DEFAULT.withBulkDataThreshold(
                        BULK_THRESHOLD));
                String url = urls.instance(stored.study(), stored.series(), stored.instance());
                DicomJsonWriter.DEFAULT.withBulkDataUris(BULK_THRESHOLD, ref -> ref.sequencePath().isEmpty()
                        ? url + "/bulk/" + hex(ref.tag()) : null).write(file.dataSet(), generator);
            }
            generator.writeEndArray();
        }
    }

    /** A top-level binary value of an instance ({@code /bulk/TAG}) as one octet-stream part. */
    void bulk(Context ctx, String study, String series, String instance, String tagText) throws IOException {
        acceptOctets(ctx);
        int tag;
        try {
            if (!tagText.matches("\\p{XDigit}{8}")) {
                throw new IllegalArgumentException();
            }
            tag = (int) Long.parseLong(tagText, 16);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("a bulk data value is named by its tag, 8 hexadecimal digits such as "
                    + "7FE00010, not '" + Json.clean(tagText) + "'");
        }
        StoredInstance stored = present(ctx, StoredInstance.find(index, study, series, instance)).get(0);
        syntax(stored);
        DicomFile file = DicomReader.read(stored.file(), ReadOptions.DEFAULT.withBulkDataThreshold(BULK_THRESHOLD));
        Value value = file.dataSet().value(tag);
        if (value == null) {
            throw new NotFoundResponse("instance " + instance + " has no " + Tag.toString(tag));
        }
        if (value instanceof BulkData data) {
            littleEndian(file, data);
            multipart(ctx, "application/octet-stream", parts -> {
                try (InputStream in = data.open()) {
                    parts.part("application/octet-stream; transfer-syntax=" + EXPLICIT_LITTLE, in);
                }
            });
        } else if (value instanceof Bytes bytes) {
            littleEndian(file, null);
            multipart(ctx, "application/octet-stream", parts -> parts.part("application/octet-stream; "
                    + "transfer-syntax=" + EXPLICIT_LITTLE, bytes.bytes(), 0, bytes.bytes().length));
        } else {
            throw new NotAcceptableResponse(Tag.toString(tag) + " of instance " + instance + " is "
                    + (value instanceof Fragments ? "compressed (encapsulated) pixel data, which Ferry serves only "
                    + "within the instance (no transcoding)" : "not a binary value"));
        }
    }

    /**
     * Frames of the pixel data ({@code /frames/1,3}), each one octet-stream part in the transfer syntax the instance
     * is stored in: native pixels as Explicit VR Little Endian, compressed ones as they are when the client takes
     * them ({@code transfer-syntax=*} or the stored one).
     */
    void frames(Context ctx, String study, String series, String instance, String list) throws IOException {
        List<MediaRange> accepted = accepted(ctx);
        StoredInstance stored = present(ctx, StoredInstance.find(index, study, series, instance)).get(0);
        syntax(stored);
        DicomFile file = DicomReader.read(stored.file(), ReadOptions.DEFAULT.withBulkDataThreshold(BULK_THRESHOLD));
        Frames frames = Frames.of(file, instance);
        String syntax = frames.syntax().encapsulated() ? frames.syntax().uid() : EXPLICIT_LITTLE;
        if (accepted.stream().noneMatch(range -> takesOctets(range, syntax))) {
            throw new NotAcceptableResponse("the frames of instance " + instance + " are served as multipart/related;"
                    + " type=\"application/octet-stream\"; transfer-syntax=" + syntax + (frames.syntax().encapsulated()
                    ? " (as stored; Ferry does not decompress: ask for transfer-syntax=*)" : "") + ", not as "
                    + Json.clean(ctx.header("Accept")));
        }
        List<Integer> numbers = frames.numbers(list);
        multipart(ctx, "application/octet-stream", parts -> {
            for (int number : numbers) {
                try (InputStream in = frames.open(number)) {
                    parts.part("application/octet-stream; transfer-syntax=" + syntax, in);
                }
            }
        });
    }

    /**
     * Whether {@code range} takes octets in {@code syntax}: {@code multipart/related;
     * type="application/octet-stream"} with that transfer syntax, {@code *}, or none (Explicit VR Little Endian by
     * default, PS3.18 §8.7.3.5.2).
     */
    private static boolean takesOctets(MediaRange range, String syntax) {
        String wanted = range.parameter("transfer-syntax");
        return range.takes("multipart", "related")
                && (range.wild() || "application/octet-stream".equalsIgnoreCase(range.parameter("type")))
                && ("*".equals(wanted) || syntax.equals(wanted == null ? EXPLICIT_LITTLE : wanted));
    }

    /** 406 unless the client takes octets: {@code multipart/related; type="application/octet-stream"}. */
    private static void acceptOctets(Context ctx) {
        if (accepted(ctx).stream().noneMatch(range -> takesOctets(range, EXPLICIT_LITTLE))) {
            throw new NotAcceptableResponse("bulk data is served as multipart/related; "
                    + "type=\"application/octet-stream\" of little endian values (transfer-syntax "
                    + EXPLICIT_LITTLE + "), not as " + Json.clean(ctx.header("Accept")));
        }
    }

    private static List<MediaRange> accepted(Context ctx) {
        try {
            return MediaRange.accepted(ctx.header("Accept"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("Accept: " + e.getMessage());
        }
    }

    /** Big-endian values are not served (they would need swapping by VR). */
    private static void littleEndian(DicomFile file, BulkData data) {
        if (file.transferSyntax().bigEndian() || data != null && data.bigEndian()) {
            throw new NotAcceptableResponse("the instance is stored big endian (" + file.transferSyntax().uid()
                    + "): retrieve the whole instance");
        }
    }

    /**
     * The instances that have a file; 404 when none has. When only some have, the others are left out, the answer
     * is 206 Partial Content (PS3.18 §10.4.3) and a {@code Warning} says how many.
     */
    private static List<StoredInstance> present(Context ctx, List<StoredInstance> found) {
        List<StoredInstance> present = found.stream().filter(s -> s.file() != null).toList();
        if (present.isEmpty()) {
            throw new NotFoundResponse("the index holds " + found.size() + " instance(s) of it, but none has a stored "
                    + "file: Ferry forwarded them without storing them, or their files were removed "
                    + "(docs/dicomweb.md)");
        }
        if (present.size() < found.size()) {
            ctx.status(206);
            ctx.res().addHeader("Warning", "299 ferry \"" + (found.size() - present.size()) + " of " + found.size()
                    + " instances have no stored file and are left out\"");
        }
        return present;
    }

    /** The transfer syntax of {@code stored}'s file; 410 Gone when the file was replaced or cannot be read. */
    private static String syntax(StoredInstance stored) {
        try {
            return stored.transferSyntax();
        } catch (IOException e) {
            LOG.warn("DICOMweb: the file of instance {} cannot be sent: {}", stored.instance(), e.getMessage());
            throw new GoneResponse("the stored file of instance " + stored.instance() + " cannot be read: "
                    + e.getMessage());
        }
    }

    private static String hex(int tag) {
        return String.format(Locale.ROOT, "%08X", tag);
    }
}
