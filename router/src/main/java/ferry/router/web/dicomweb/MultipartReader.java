package ferry.router.web.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/related} body (RFC 2046 §5.1, RFC 2387) part by part as it arrives: each part's body is a
 * stream that ends at the next delimiter, so a part of any size passes through a buffer of {@value #BUFFER} bytes and
 * is never held whole. A body that does not start with a delimiter, ends inside a part or without the closing
 * delimiter, or has headers over {@value #MAX_HEADERS} bytes is a {@link MalformedException}.
 */
final class MultipartReader {
    static final int BUFFER = 64 * 1024;
    static final int MAX_HEADERS = 8 * 1024;
    /**
     * The longest boundary taken: RFC 2046 §5.1.1 allows 70 characters, but Orthanc's DICOMweb client sends 73 (two
     * UUIDs), so a few more are accepted.
     */
    static final int MAX_BOUNDARY = 200;

    /** A body that is not multipart as its boundary says. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    /** A part: its headers (names in lower case) and its body, read until the next delimiter. */
    record Part(Map<String, String> headers, InputStream body) {
        /** The part's Content-Type, or null. */
        String contentType() {
            return headers.get("content-type");
        }
    }

    private final InputStream in;
    /** CRLF "--" boundary: what ends a part (the first delimiter may come without the CRLF). */
    private final byte[] delimiter;
    private final byte[] buffer;
    private int position;
    private int end;
    private boolean exhausted;
    private boolean closed;
    private PartBody current;

    /**
     * A reader of {@code in} with {@code boundary} (from the Content-Type's {@code boundary} parameter).
     *
     * @throws IllegalArgumentException when the boundary is empty or longer than {@value #MAX_BOUNDARY} characters
     */
    MultipartReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new IllegalArgumentException("the boundary must be 1 to " + MAX_BOUNDARY + " characters");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[BUFFER + delimiter.length];
        // the body starts as if after a line break, so that a first delimiter at its very start is found
        buffer[0] = '\r';
        buffer[1] = '\n';
        end = 2;
    }

    /**
     * The next part, or null after the closing delimiter. The part before it is skipped to its end if it was not
     * read.
     */
    Part next() throws IOException {
        if (closed) {
            return null;
        }
        if (current == null) {
            skipPreamble();
        } else {
            current.transferTo(OutputStream.nullOutputStream());
        }
        // after a delimiter: "--" closes the body; else transport padding, then CRLF and the part's headers
        fill(2);
        if (buffered() >= 2 && buffer[position] == '-' && buffer[position + 1] == '-') {
            closed = true;
            current = null;
            return null;
        }
        while (buffered() > 0 && (buffer[position] == ' ' || buffer[position] == '\t')) {
            position++;
            fill(2);
        }
        if (buffered() < 2 || buffer[position] != '\r' || buffer[position + 1] != '\n') {
            throw new MalformedException("a multipart delimiter is not followed by a line break"
                    + (buffered() < 2 ? " (the body ends there)" : ""));
        }
        position += 2;
        Map<String, String> headers = headers();
        current = new PartBody();
        return new Part(headers, current);
    }

    private void skipPreamble() throws IOException {
        while (true) {
            fill(delimiter.length);
            int found = indexOf(position);
            if (found >= 0) {
                position = found + delimiter.length;
                return;
            }
            if (exhausted) {
                throw new MalformedException("the body holds no multipart delimiter of its boundary");
            }
            position = Math.max(position, end - delimiter.length + 1);
        }
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int read = 0;
        while (true) {
            StringBuilder line = new StringBuilder();
            while (true) {
                fill(2);
                if (buffered() < 2) {
                    throw new MalformedException("the body ends inside a part's headers");
                }
                if (buffer[position] == '\r' && buffer[position + 1] == '\n') {
                    position += 2;
                    read += 2;
                    break;
                }
                line.append((char) (buffer[position++] & 0xFF));
                if (++read > MAX_HEADERS) {
                    throw new MalformedException("a part's headers are longer than " + MAX_HEADERS + " bytes");
                }
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(":");
            if (colon <= 0) {
                throw new MalformedException("a part's header line is not NAME: VALUE");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
    }

    private int buffered() {
        return end - position;
    }

    /** Reads until at least {@code wanted} bytes are buffered or the input ends. */
    private void fill(int wanted) throws IOException {
        if (buffered() >= wanted || exhausted) {
            return;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, buffered());
            end -= position;
            position = 0;
        }
        while (end < wanted && !exhausted) {
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                exhausted = true;
            } else {
                end += n;
            }
        }
    }

    /** Where the delimiter starts in the buffer from {@code from}, or -1. */
    private int indexOf(int from) {
        byte first = delimiter[0];
        outer:
        for (int i = from; i <= end - delimiter.length; i++) {
            if (buffer[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A part's body: the bytes up to the next delimiter. */
    private final class PartBody extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            fill(delimiter.length + 1);
            int found = indexOf(position);
            int safe;
            if (found >= 0) {
                safe = found - position;
                if (safe == 0) {
                    done = true;
                    position = found + delimiter.length;
                    return -1;
                }
            } else if (exhausted) {
                throw new MalformedException("the body ends inside a part (no closing delimiter)");
            } else {
                safe = buffered() - delimiter.length + 1;
            }
            int n = Math.min(length, safe);
            System.arraycopy(buffer, position, into, offset, n);
            position += n;
            return n;
        }
    }
}
