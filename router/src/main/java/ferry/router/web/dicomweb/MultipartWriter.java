package ferry.router.web.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes a {@code multipart/related} body (RFC 2387, PS3.18 §8.7.1.2) part by part onto a stream: each part's bytes
 * are copied from their source as they are read, never held whole. Close it to write the closing delimiter.
 */
final class MultipartWriter implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final OutputStream out;
    private final String boundary;

    /** A writer onto {@code out} with a new random boundary. */
    MultipartWriter(OutputStream out) {
        this.out = out;
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        this.boundary = "ferry-" + HexFormat.of().formatHex(random);
    }

    /** The body's media type: {@code multipart/related; type="TYPE"; boundary=...}. */
    String contentType(String type) {
        return "multipart/related; type=\"" + type + "\"; boundary=" + boundary;
    }

    /** Writes one part of {@code contentType} with the bytes of {@code body} (read to its end, not closed). */
    void part(String contentType, InputStream body) throws IOException {
        head(contentType);
        body.transferTo(out);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes one part of {@code contentType} with {@code body}. */
    void part(String contentType, byte[] body, int offset, int length) throws IOException {
        head(contentType);
        out.write(body, offset, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private void head(String contentType) throws IOException {
        out.write(("--" + boundary + "\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes the closing delimiter and flushes; the stream stays open. */
    @Override
    public void close() throws IOException {
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
