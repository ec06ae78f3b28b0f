package ferry.router.http;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.http.HttpConnectTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystemException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One connection to a server, used by one thread at a time: a blocking socket channel, with TLS layered on it for
 * https, and a read buffer. Plain connections send files with {@link FileChannel#transferTo} (the kernel copies them);
 * TLS ones copy through the buffer. The channel is interruptible: interrupting the thread closes it.
 *
 * <p>Its time limit bounds a whole exchange by a data rate, not single reads: an exchange begins with a deadline the
 * time limit away, and each byte moved pushes it 1 ms later, to at most the time limit from now. So a transfer must
 * keep an average of about 1 KB/s: a server that answers nothing, stops in the middle, or trickles a byte now and
 * then is cut off once it falls the time limit behind; a slow transfer that keeps moving is not. The {@link Watchdog}
 * closes a connection whose deadline passed, which ends the blocked call, and {@link #expired} then tells a time-out
 * from a failure.
 */
final class Connection implements Closeable {
    private static final int BUFFER = 64 * 1024;
    /** How much later each byte moved makes the deadline: 1 ms, a floor of about 1 KB/s. */
    static final long NANOS_PER_BYTE = 1_000_000;

    private final SocketChannel channel;
    private final SSLSocket tls;
    private final InputStream tlsIn;
    private final OutputStream tlsOut;
    /** Received bytes not consumed yet, between position and limit. */
    private final ByteBuffer in;
    private final long timeoutNanos;
    private volatile long deadline;
    private volatile boolean expired;
    private long received;
    private long idleSince;

    private Connection(SocketChannel channel, SSLSocket tls, long timeoutNanos) throws IOException {
        this.channel = channel;
        this.tls = tls;
        this.tlsIn = tls == null ? null : tls.getInputStream();
        this.tlsOut = tls == null ? null : tls.getOutputStream();
        this.in = tls == null ? ByteBuffer.allocateDirect(BUFFER) : ByteBuffer.allocate(BUFFER);
        this.in.flip();
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Connects to {@code address} within {@code timeout}, then (with {@code ssl}) makes the TLS handshake, checking
     * that the server's certificate names {@code host} (RFC 2818).
     *
     * @throws HttpConnectTimeoutException when no connection is made within the time limit
     * @throws java.net.ConnectException   when it is refused
     */
    static Connection open(InetSocketAddress address, String host, SSLContext ssl, Duration timeout)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            try {
                channel.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("cannot connect to " + host + " within "
                        + timeout.toSeconds() + " s");
            }
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            if (ssl == null) {
                return new Connection(channel, null, timeout.toNanos());
            }
            SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(channel.socket(), host,
                    address.getPort(), true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            Connection connection = new Connection(channel, socket, timeout.toNanos());
            connection.begin();
            try {
                socket.startHandshake();
            } finally {
                connection.end();
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Pushes the deadline later for {@code bytes} moved, to at most the time limit from now. */
    private void moved(long bytes) {
        if (bytes > 0) {
            long now = System.nanoTime();
            long later = deadline + Math.min(bytes, timeoutNanos / NANOS_PER_BYTE) * NANOS_PER_BYTE;
            deadline = now + timeoutNanos - later < 0 ? now + timeoutNanos : later;
        }
    }

    /** Closes the connection when its deadline has passed (by the {@link Watchdog}). */
    void expireIfOverdue(long now) {
        long due = deadline;
        if (due != 0 && now - due > 0) {
            expired = true;
            close();
        }
    }

    /** Whether it was closed because its deadline passed. */
    boolean expired() {
        return expired;
    }

    /** Marks the start of an exchange: watched from now on. */
    void begin() {
        received = 0;
        deadline = System.nanoTime() + timeoutNanos;
        Watchdog.watch(this);
    }

    /** Marks the end of an exchange: no longer watched; idle from now on. */
    void end() {
        Watchdog.unwatch(this);
        deadline = 0;
        idleSince = System.nanoTime();
    }

    /** When it became idle (System.nanoTime). */
    long idleSince() {
        return idleSince;
    }

    /** The bytes received during the current exchange. */
    long received() {
        return received;
    }

    /** Whether the server closed its end (or sent something unasked) while the connection was idle. */
    boolean closedWhileIdle() {
        if (in.hasRemaining()) {
            return true;
        }
        if (tls != null) {
            return false; // cannot be asked without blocking: a stale one is found by sending
        }
        try {
            channel.configureBlocking(false);
            try {
                in.clear();
                int n = channel.read(in);
                in.flip();
                return n != 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return true;
        }
    }

    // ---- writing

    /** Writes all of {@code bytes}. */
    void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            if (tls == null) {
                moved(channel.write(bytes));
            } else {
                int n = bytes.remaining();
                tlsOut.write(bytes.array(), bytes.arrayOffset() + bytes.position(), n);
                bytes.position(bytes.position() + n);
                moved(n);
            }
        }
    }

    /** Writes {@code count} bytes of {@code file} from its start. */
    void write(FileChannel file, long count) throws IOException {
        long sent = 0;
        if (tls == null) {
            while (sent < count) {
                long n = file.transferTo(sent, count - sent, channel);
                moved(n);
                if (n <= 0 && file.size() < count) {
                    throw new EOFException("the file became shorter while it was sent");
                }
                sent += n;
            }
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(1, count)));
        while (sent < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - sent));
            int n = file.read(buffer, sent);
            if (n < 0) {
                throw new EOFException("the file became shorter while it was sent");
            }
            buffer.flip();
            write(buffer);
            sent += n;
        }
    }

    /** Sends what was written (TLS buffers records). */
    void flush() throws IOException {
        if (tlsOut != null) {
            tlsOut.flush();
        }
    }

    // ---- reading

    /** Reads more into the buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        in.compact();
        try {
            int n;
            if (tls == null) {
                n = channel.read(in);
            } else {
                n = tlsIn.read(in.array(), in.arrayOffset() + in.position(), in.remaining());
                if (n > 0) {
                    in.position(in.position() + n);
                }
            }
            if (n > 0) {
                received += n;
                moved(n);
            }
            return n >= 0;
        } finally {
            in.flip();
        }
    }

    /**
     * A line ending in CRLF (or LF), without it, in ISO-8859-1; at most {@code max} bytes.
     *
     * @throws EOFException when the stream ends first
     */
    String line(int max) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= max) {
                    throw new IOException("an answer line over " + max + " bytes");
                }
                line.append((char) (b & 0xff));
            }
            if (!fill()) {
                throw new EOFException("the connection was closed in the middle of the answer's headers");
            }
        }
    }

    /** Reads up to {@code length} bytes into {@code bytes}; -1 at the end of the stream. */
    int read(byte[] bytes, int offset, int length) throws IOException {
        if (!in.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, in.remaining());
        in.get(bytes, offset, n);
        return n;
    }

    /**
     * Writes up to {@code max} received bytes to {@code file} at {@code position}; -1 at the end of the stream.
     *
     * @throws FileSystemException when the file cannot be written (a full disk): this side's trouble, not the server's
     */
    int readInto(FileChannel file, long position, long max) throws IOException {
        if (!in.hasRemaining() && !fill()) {
            return -1;
        }
        ByteBuffer part = in.slice();
        int n = (int) Math.min(max, part.remaining());
        part.limit(n);
        int written = 0;
        try {
            while (part.hasRemaining()) {
                written += file.write(part, position + written);
            }
        } catch (IOException e) {
            throw e instanceof FileSystemException ? e : new FileSystemException(null, null, e.toString());
        }
        in.position(in.position() + n);
        return n;
    }

    @Override
    public void close() {
        try {
            if (tls != null) {
                tls.close();
            }
        } catch (IOException ignored) {
            // closing the channel below is what matters
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to free
        }
    }
}
