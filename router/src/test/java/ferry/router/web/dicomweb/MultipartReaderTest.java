package ferry.router.web.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MultipartReader} on bodies written here byte by byte (RFC 2046 §5.1): parts of any size read through its
 * buffer whatever the chunks the network delivers, delimiters found only whole, and malformed bodies refused.
 */
class MultipartReaderTest {
    private static final String BOUNDARY = "b0undary";

    private static byte[] body(String preamble, List<byte[]> parts, boolean closed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(preamble.getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : parts) {
            out.write(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\nX-Other:  two \r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (closed) {
            out.write(("--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** Delivers at most {@code chunk} bytes a read, at random sizes from 1. */
    private static InputStream chunked(byte[] bytes, int chunk, long seed) {
        Random random = new Random(seed);
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(chunk)));
            }
        };
    }

    private static List<byte[]> read(InputStream in) throws IOException {
        MultipartReader reader = new MultipartReader(in, BOUNDARY);
        List<byte[]> parts = new ArrayList<>();
        for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
            assertThat(part.contentType()).isEqualTo("application/dicom");
            assertThat(part.headers()).containsEntry("x-other", "two");
            parts.add(part.body().readAllBytes());
        }
        return parts;
    }

    @Test
    void partsOfAnySizeComeOutWholeWhateverTheChunks() throws IOException {
        Random random = new Random(21);
        List<byte[]> parts = new ArrayList<>();
        for (int size : new int[] {0, 1, 2, 13, 200_000, MultipartReader.BUFFER - 1, MultipartReader.BUFFER + 7}) {
            byte[] part = new byte[size];
            random.nextBytes(part);
            parts.add(part);
        }
        // bytes that look like the start of a delimiter, and a whole line break with dashes, inside a part
        parts.add(("x\r\n--b0undar\r\n--\r\n-" + "\r\n--b0undarY").getBytes(StandardCharsets.US_ASCII));
        byte[] body = body("a preamble\r\n", parts, true);
        for (int chunk : new int[] {1, 3, 100, 70_000}) {
            List<byte[]> read = read(chunked(body, chunk, chunk));
            assertThat(read).hasSize(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                assertThat(read.get(i)).as("part %d in chunks of %d", i, chunk).isEqualTo(parts.get(i));
            }
        }
    }

    @Test
    void anUnreadPartIsSkipped() throws IOException {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body("", List.of(new byte[100_000],
                "second".getBytes(StandardCharsets.US_ASCII)), true)), BOUNDARY);
        reader.next();
        assertThat(reader.next().body().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("second");
        assertThat(reader.next()).isNull();
        assertThat(reader.next()).isNull();
    }

    @Test
    void malformedBodiesAreRefused() throws IOException {
        assertThatThrownBy(() -> read(new ByteArrayInputStream("no delimiter at all".getBytes(
                StandardCharsets.US_ASCII)))).isInstanceOf(MultipartReader.MalformedException.class)
                .hasMessageContaining("no multipart delimiter");
        byte[] unclosed = body("", List.of(new byte[5000]), false);
        assertThatThrownBy(() -> read(new ByteArrayInputStream(unclosed, 0, unclosed.length - 2)))
                .isInstanceOf(MultipartReader.MalformedException.class).hasMessageContaining("ends inside a part");
        byte[] headers = ("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n" + "X: y\r\n".repeat(2000)
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> read(new ByteArrayInputStream(headers)))
                .hasMessageContaining("headers are longer");
        assertThatThrownBy(() -> new MultipartReader(InputStream.nullInputStream(), ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
