package ferry.router.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of a real peer (storescp, Orthanc): it passes bytes both ways untouched and counts
 * the connections made through it, in all and at most at once, so a test can see how a client uses connections
 * without changing what the peer sees. A throttled relay passes each direction at a limited rate, like a slow link.
 * {@link #cut()} makes the peer unreachable through it (open connections closed, new ones closed at once) until
 * {@link #restore()}.
 * Each connection costs two threads; for tests only.
 */
public final class TcpRelay implements AutoCloseable {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final ServerSocket server;
    private final int targetPort;
    private final long bytesPerSecond;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

    private TcpRelay(ServerSocket server, int targetPort, long bytesPerSecond) {
        this.server = server;
        this.targetPort = targetPort;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** A relay to {@code 127.0.0.1:targetPort}, listening on a free loopback port. */
    public static TcpRelay start(int targetPort) throws IOException {
        return throttled(targetPort, 0);
    }

    /**
     * A relay to {@code 127.0.0.1:targetPort} that passes at most {@code bytesPerSecond} each way (0: no limit),
     * in steps of a twentieth of a second; a pause saves up no credit for a burst afterwards.
     */
    public static TcpRelay throttled(int targetPort, long bytesPerSecond) throws IOException {
        TcpRelay relay = new TcpRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort,
                bytesPerSecond);
        Thread acceptor = new Thread(relay::acceptAll, "tcp-relay-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
        return relay;
    }

    /** The port to connect to instead of the peer's. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /** The most connections that were open at the same time. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    /** Closes every connection through the relay and closes new ones at once, until {@link #restore()}. */
    public void cut() {
        down = true;
        live.forEach(TcpRelay::closeQuietly);
    }

    /** Passes connections again. */
    public void restore() {
        down = false;
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            if (down) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket peer = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                live.add(client);
                live.add(peer);
                client.setTcpNoDelay(true);
                peer.setTcpNoDelay(true);
                connections.incrementAndGet();
                mostAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
                AtomicInteger directions = new AtomicInteger(2);
                pump(client, peer, directions);
                pump(peer, client, directions);
            } catch (IOException refused) {
                closeQuietly(client); // the client sees its connection closed
            }
        }
    }

    /** Copies {@code from} to {@code to}; the first direction to end closes both sockets. */
    private void pump(Socket from, Socket to, AtomicInteger directions) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                if (bytesPerSecond == 0) {
                    in.transferTo(out);
                } else {
                    copySlowly(in, out);
                }
            } catch (IOException | InterruptedException ended) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                live.remove(from);
                live.remove(to);
                if (directions.decrementAndGet() == 0) {
                    open.decrementAndGet();
                }
            }
        }, "tcp-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void copySlowly(InputStream in, OutputStream out) throws IOException, InterruptedException {
        byte[] step = new byte[(int) Math.max(1, bytesPerSecond / 20)];
        long next = System.nanoTime();
        int n;
        while ((n = in.read(step)) > 0) {
            long now = System.nanoTime();
            next = Math.max(next, now) + n * NANOS_PER_SECOND / bytesPerSecond;
            out.write(step, 0, n);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
