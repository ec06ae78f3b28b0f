package ferry.net.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A slowloris client for tests: many connections, each sending some bytes at once and then the rest one byte per
 * interval, all from one thread. Connections come from the given local addresses in turn (any 127.x.y.z is loopback
 * on Linux, so a test can play several peers). It notes which connections the server closed and keeps what each
 * received.
 */
final class Slowloris implements AutoCloseable {
    private static final long POLL_MILLIS = 20;

    /** One connection and what happened to it. */
    static final class Connection {
        private final SocketChannel channel;
        private final InetAddress from;
        private final byte[] trickle;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private int sent;
        private volatile boolean closedByServer;

        private Connection(SocketChannel channel, InetAddress from, byte[] trickle) {
            this.channel = channel;
            this.from = from;
            this.trickle = trickle;
        }

        /** The local address it comes from. */
        InetAddress from() {
            return from;
        }

        /** Whether the server closed it (the end of its stream, or a reset). */
        boolean closedByServer() {
            return closedByServer;
        }

        /** The bytes the server sent on it so far. */
        synchronized byte[] received() {
            return received.toByteArray();
        }

        /** Reads what has arrived; sends the next byte when {@code sendNow}. */
        private synchronized void poll(boolean sendNow) {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            try {
                int n;
                while ((n = channel.read(buffer.clear())) > 0) {
                    received.write(buffer.array(), 0, n);
                }
                if (n < 0) {
                    ended();
                    return;
                }
                if (sendNow && sent < trickle.length) {
                    sent += channel.write(ByteBuffer.wrap(trickle, sent, 1));
                }
            } catch (IOException reset) {
                ended();
            }
        }

        private void ended() {
            closedByServer = true;
            closeQuietly(channel);
        }
    }

    private final List<Connection> connections;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean stopped;

    private Slowloris(List<Connection> connections, Duration interval) {
        this.connections = connections;
        this.interval = interval;
        this.thread = new Thread(this::run, "slowloris");
        thread.setDaemon(true);
    }

    /**
     * Opens {@code count} connections to {@code server}, from {@code sources} in turn; each sends {@code burst} at
     * once, then {@code trickle} one byte every {@code interval}.
     */
    static Slowloris start(InetSocketAddress server, List<InetAddress> sources, int count, byte[] burst,
                           byte[] trickle, Duration interval) throws IOException {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            InetAddress from = sources.get(i % sources.size());
            SocketChannel channel = SocketChannel.open();
            channel.bind(new InetSocketAddress(from, 0));
            channel.connect(server);
            channel.socket().setTcpNoDelay(true);
            ByteBuffer first = ByteBuffer.wrap(burst);
            while (first.hasRemaining()) {
                channel.write(first);
            }
            channel.configureBlocking(false);
            connections.add(new Connection(channel, from, trickle));
        }
        Slowloris slowloris = new Slowloris(List.copyOf(connections), interval);
        slowloris.thread.start();
        return slowloris;
    }

    /** Local addresses 127.0.0.{first} to 127.0.0.{last}. */
    static List<InetAddress> loopbackAddresses(int first, int last) throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            addresses.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
        }
        return addresses;
    }

    List<Connection> connections() {
        return connections;
    }

    /** How many connections the server has closed. */
    long closedByServer() {
        return connections.stream().filter(Connection::closedByServer).count();
    }

    private void run() {
        long next = System.nanoTime() + interval.toNanos();
        while (!stopped) {
            boolean sendNow = System.nanoTime() - next >= 0;
            if (sendNow) {
                next += interval.toNanos();
            }
            for (Connection connection : connections) {
                if (!connection.closedByServer()) {
                    connection.poll(sendNow);
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sending and closes every connection still open. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join();
        for (Connection connection : connections) {
            closeQuietly(connection.channel);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
