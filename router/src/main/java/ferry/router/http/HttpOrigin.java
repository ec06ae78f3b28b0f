package ferry.router.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * One HTTP server (scheme, host and port of a base URL) and the connections kept open to it between requests:
 * HTTP/1.1, any number of threads at once, each exchange on a connection of its own, taken from those left idle
 * (the one left last first) or opened. Redirects are not followed; nothing is cached; no proxy is used.
 *
 * <p>Time limits: connecting must succeed within the timeout; the rest of an exchange (the TLS handshake, the request,
 * the answer) within the timeout plus 1 ms per byte moved (about 1 KB/s), else the exchange fails with an
 * {@link HttpConnectTimeoutException}, an {@link HttpTimeoutException} (no answer), or a
 * {@link StalledAnswerException} (an answer that stopped coming). A slow upload or download that keeps moving is not
 * cut short; a server that trickles is.
 *
 * <p>A server may close a kept connection just as it is taken again (Orthanc closes one idle for a second): an
 * exchange on a kept connection that fails before any byte of the answer arrived is sent again, on another kept
 * connection or a new one, {@value #ATTEMPTS} times in all; one on a new connection is not. A plain connection idle
 * for more than {@value #CHECK_IDLE_MILLIS} ms is first checked for a close from the server, which costs no request.
 * So a request must be safe to send twice: the uploads of Ferry's destinations are (a server keeps an object
 * received twice once), and so are reads.
 */
public final class HttpOrigin implements AutoCloseable {
    /** How often an exchange is tried on kept connections that the server closed. */
    static final int ATTEMPTS = 3;
    static final long CHECK_IDLE_MILLIS = 200;
    /** The most of an answer's status line and headers. */
    private static final int HEAD_LIMIT = 64 * 1024;

    /** Reads an answer: its head, and its body (which it need not read to the end). */
    @FunctionalInterface
    public interface AnswerReader<T> {
        T read(ResponseHead head, ResponseBody body) throws IOException;
    }

    private final String scheme;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final Duration timeout;
    private final SSLContext ssl;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * @param base    the server's URL ({@code http} or {@code https}); only its scheme, host and port are used
     * @param timeout the time limit of connecting and of each read and write
     * @param ssl     the TLS context for https, or null for Java's default
     */
    public HttpOrigin(URI base, Duration timeout, SSLContext ssl) {
        this.scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http or https URL: " + base.getScheme());
        }
        if (base.getHost() == null) {
            throw new IllegalArgumentException("a URL without a host");
        }
        String literal = base.getHost();
        this.host = literal.startsWith("[") ? literal.substring(1, literal.length() - 1) : literal;
        int defaultPort = scheme.equals("https") ? 443 : 80;
        this.port = base.getPort() < 0 ? defaultPort : base.getPort();
        this.hostHeader = literal + (port == defaultPort ? "" : ":" + port);
        this.timeout = timeout;
        this.ssl = scheme.equals("https") ? (ssl == null ? defaultContext() : ssl) : null;
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Java has no default TLS context", e);
        }
    }

    /**
     * Sends {@code request} and hands its answer to {@code reader}; the connection is kept for another request when
     * the reader read the body to its end and the server keeps it open.
     *
     * @throws ConnectException             when the connection is refused
     * @throws HttpConnectTimeoutException  when it cannot be made within the time limit
     * @throws HttpTimeoutException         when no answer came within the time limit
     * @throws StalledAnswerException       when the answer stopped coming for the time limit
     * @throws FileSystemException when a file of the body cannot be read
     * @throws IOException                  when the connection failed otherwise, or the answer is not HTTP
     */
    public <T> T exchange(Request request, AnswerReader<T> reader) throws IOException, InterruptedException {
        if (closed) {
            throw new IOException("the connections to " + host + " are closed");
        }
        try (Body body = Body.open(request.body())) {
            byte[] head = head(request, body.length()).getBytes(StandardCharsets.UTF_8);
            for (int attempt = 1; ; attempt++) {
                Connection connection = kept();
                boolean kept = connection != null;
                if (!kept) {
                    connection = Connection.open(address(), host, ssl, timeout);
                }
                boolean keep = false;
                boolean answered = false;
                connection.begin();
                try {
                    body.send(connection, head);
                    ResponseHead answer = readHead(connection);
                    answered = true;
                    ResponseBody answerBody = ResponseBody.of(connection, answer, request.method());
                    T result = reader.read(answer, answerBody);
                    keep = answerBody.reusable() && answer.keepsAlive() && !closed && !connection.expired();
                    return result;
                } catch (IOException e) {
                    if (Thread.interrupted()) {
                        InterruptedException interrupted = new InterruptedException("interrupted");
                        interrupted.initCause(e);
                        throw interrupted;
                    }
                    if (connection.expired()) {
                        throw answered ? new StalledAnswerException(timeout)
                                : new HttpTimeoutException("no answer within " + timeout.toSeconds() + " s");
                    }
                    if (!kept || answered || connection.received() > 0 || attempt >= ATTEMPTS
                            || e instanceof FileSystemException) {
                        throw e;
                    }
                } finally {
                    connection.end();
                    if (keep) {
                        idle.offerFirst(connection);
                    } else {
                        connection.close();
                    }
                }
            }
        }
    }

    /** A kept connection that seems open, or null. */
    private Connection kept() {
        long now = System.nanoTime();
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (now - connection.idleSince() < TimeUnit.MILLISECONDS.toNanos(CHECK_IDLE_MILLIS)
                    || !connection.closedWhileIdle()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private InetSocketAddress address() throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new ConnectException("unknown host " + host);
        }
        return address;
    }

    /** The request line and headers. */
    private String head(Request request, long length) {
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(encodedTarget(request.target())).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader).append("\r\n");
        request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")
                    && !name.equalsIgnoreCase("transfer-encoding") && !name.equalsIgnoreCase("connection")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        if (length > 0 || !(request.method().equals("GET") || request.method().equals("HEAD"))) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** The target with characters outside ASCII percent-encoded as UTF-8. */
    private static String encodedTarget(String target) {
        boolean ascii = target.chars().allMatch(c -> c < 0x80);
        if (ascii) {
            return target;
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : target.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0) {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /** The status line and headers of the final answer (1xx interim answers skipped). */
    private static ResponseHead readHead(Connection connection) throws IOException {
        while (true) {
            String statusLine = connection.line(HEAD_LIMIT);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
                throw new IOException("an answer that is not HTTP/1.x: "
                        + statusLine.substring(0, Math.min(80, statusLine.length())).replaceAll("\\p{Cntrl}", "?"));
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            int size = statusLine.length();
            while (true) {
                String line = connection.line(HEAD_LIMIT);
                if (line.isEmpty()) {
                    break;
                }
                size += line.length();
                if (size > HEAD_LIMIT) {
                    throw new IOException("an answer whose headers are over " + HEAD_LIMIT + " bytes");
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
                    throw new IOException("an answer with a header line that is not a header: "
                            + line.substring(0, Math.min(80, line.length())).replaceAll("\\p{Cntrl}", "?"));
                }
                headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>(1)).add(line.substring(colon + 1).strip());
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue; // an interim answer (100 Continue, 103 Early Hints): the final one follows
            }
            return new ResponseHead(parts[0], status, headers);
        }
    }

    /** Closes the kept connections; exchanges under way end with theirs. */
    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }

    /** A request body ready to send: its files open (so a missing file fails before anything is sent). */
    private static final class Body implements AutoCloseable {
        /** A file of the body, open, and its size when opened (what Content-Length says). */
        private record FilePart(FileChannel channel, long size) {
        }


        private final List<Object> parts = new ArrayList<>();
        private long length;

        static Body open(RequestBody body) throws IOException {
            Body opened = new Body();
            try {
                opened.add(body);
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
            return opened;
        }

        private void add(RequestBody body) throws IOException {
            if (body instanceof RequestBody.Bytes bytes) {
                parts.add(ByteBuffer.wrap(bytes.bytes(), bytes.offset(), bytes.length()));
                length += bytes.length();
            } else if (body instanceof RequestBody.File file) {
                FileChannel channel = FileChannel.open(file.path());
                long size = channel.size();
                parts.add(new FilePart(channel, size));
                length += size;
            } else if (body instanceof RequestBody.Sequence sequence) {
                for (RequestBody part : sequence.parts()) {
                    add(part);
                }
            }
        }

        long length() {
            return length;
        }

        /** Writes {@code head} and the body; the head with the bytes that follow it in one write. */
        void send(Connection connection, byte[] head) throws IOException {
            ByteBuffer first = ByteBuffer.wrap(head);
            int start = 0;
            if (!parts.isEmpty() && parts.get(0) instanceof ByteBuffer bytes && bytes.remaining() < 64 * 1024) {
                first = ByteBuffer.allocate(head.length + bytes.remaining()).put(head).put(bytes.duplicate()).flip();
                start = 1;
            }
            connection.write(first);
            for (int i = start; i < parts.size(); i++) {
                Object part = parts.get(i);
                if (part instanceof ByteBuffer bytes) {
                    connection.write(bytes.duplicate());
                } else {
                    FilePart file = (FilePart) part;
                    connection.write(file.channel(), file.size());
                }
            }
            connection.flush();
        }

        @Override
        public void close() throws IOException {
            IOException failed = null;
            for (Object part : parts) {
                if (part instanceof FilePart file) {
                    try {
                        file.channel().close();
                    } catch (IOException e) {
                        failed = e;
                    }
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
    }
}
