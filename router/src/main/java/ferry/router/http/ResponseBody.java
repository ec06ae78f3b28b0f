package ferry.router.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.nio.channels.FileChannel;

/**
 * The body of an answer as it arrives, framed as RFC 9112 §6.3 says: none (a HEAD request, 1xx, 204, 304), chunked,
 * {@code Content-Length} bytes, or everything until the server closes the connection. Read it as a stream or
 * {@link #transferTo(FileChannel)} a file; {@link #finished} says whether it was read to its end, which a connection
 * must be for its next request.
 */
public final class ResponseBody extends InputStream {
    private static final int LINE = 8 * 1024;

    private enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    private final Connection connection;
    private final Framing framing;
    /** Bytes left of the body (LENGTH) or of the current chunk (CHUNKED). */
    private long left;
    private boolean finished;

    private ResponseBody(Connection connection, Framing framing, long left) {
        this.connection = connection;
        this.framing = framing;
        this.left = left;
        this.finished = framing == Framing.NONE || (framing == Framing.LENGTH && left == 0);
    }

    /** The body that follows {@code head}, the answer to a {@code method} request. */
    static ResponseBody of(Connection connection, ResponseHead head, String method) throws IOException {
        int status = head.status();
        if (method.equals("HEAD") || status < 200 || status == 204 || status == 304) {
            return new ResponseBody(connection, Framing.NONE, 0);
        }
        String encoding = head.header("transfer-encoding");
        if (encoding != null) {
            boolean chunked = encoding.strip().toLowerCase(Locale.ROOT).endsWith("chunked");
            return new ResponseBody(connection, chunked ? Framing.CHUNKED : Framing.UNTIL_CLOSE, chunked ? -1 : 0);
        }
        var lengths = head.headers().get("content-length");
        if (lengths != null && !lengths.isEmpty()) {
            long length = -1;
            for (String value : lengths) {
                for (String part : value.split(",")) {
                    long n;
                    try {
                        n = Long.parseLong(part.strip());
                    } catch (NumberFormatException e) {
                        n = -1;
                    }
                    if (n < 0 || (length >= 0 && n != length)) {
                        throw new IOException("an answer with a Content-Length that is not one number: " + lengths);
                    }
                    length = n;
                }
            }
            return new ResponseBody(connection, Framing.LENGTH, length);
        }
        return new ResponseBody(connection, Framing.UNTIL_CLOSE, 0);
    }

    /** Whether the body was read to its end. */
    public boolean finished() {
        return finished;
    }

    /** Whether the connection can carry another request after this body (it was framed, not ended by closing). */
    boolean reusable() {
        return finished && framing != Framing.UNTIL_CLOSE;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        long available = available(length);
        if (available < 0) {
            return -1;
        }
        int n = connection.read(bytes, offset, (int) available);
        return consumed(n);
    }

    /** Writes the rest of the body to {@code file} from its current position; the bytes written. */
    public long transferTo(FileChannel file) throws IOException {
        long total = 0;
        long position = file.position();
        while (true) {
            long available = available(Integer.MAX_VALUE);
            if (available < 0) {
                file.position(position);
                return total;
            }
            int n = consumed(connection.readInto(file, position, available));
            position += n;
            total += n;
        }
    }

    /** How many bytes may be read now (at most {@code wanted}); -1 at the end of the body. */
    private long available(long wanted) throws IOException {
        if (finished) {
            return -1;
        }
        switch (framing) {
            case LENGTH -> {
                return Math.min(wanted, left);
            }
            case CHUNKED -> {
                if (left == 0) {
                    connection.line(LINE); // the CRLF after a chunk's data
                }
                if (left <= 0) {
                    left = chunkSize();
                    if (left == 0) {
                        while (!connection.line(LINE).isEmpty()) {
                            // trailer fields, not used
                        }
                        finished = true;
                        return -1;
                    }
                }
                return Math.min(wanted, left);
            }
            default -> {
                return wanted;
            }
        }
    }

    private long chunkSize() throws IOException {
        String line = connection.line(LINE);
        int end = line.indexOf(';');
        String size = (end < 0 ? line : line.substring(0, end)).strip();
        try {
            long n = Long.parseLong(size, 16);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("an answer with a chunk size that is not a hexadecimal number: "
                    + line.replaceAll("\\p{Cntrl}", "?"));
        }
    }

    /** Accounts for {@code n} bytes read (-1: the stream ended). */
    private int consumed(int n) throws IOException {
        if (n < 0) {
            if (framing == Framing.UNTIL_CLOSE) {
                finished = true;
                return -1;
            }
            throw new EOFException("the connection was closed " + (framing == Framing.LENGTH
                    ? "with " + left + " bytes of the answer still to come" : "in the middle of a chunked answer"));
        }
        if (framing != Framing.UNTIL_CLOSE) {
            left -= n;
            if (framing == Framing.LENGTH && left == 0) {
                finished = true;
            }
        }
        return n;
    }
}
