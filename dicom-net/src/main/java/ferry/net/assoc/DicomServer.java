package ferry.net.assoc;

import ferry.core.io.Implementation;
import ferry.net.pdu.AAbort;
import ferry.net.pdu.AAssociateRq;
import ferry.net.pdu.Pdu;
import ferry.net.pdu.PduFormatException;
import ferry.net.pdu.PduReader;
import ferry.net.pdu.PduWriter;
import ferry.net.pdu.UserInformation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A DICOM acceptor: listens, negotiates each association under its {@link AcceptorPolicy} and hands accepted
 * ones to an {@link AssociationHandler}, one thread per association.
 *
 * <p>Resources stay bounded: at most {@code maxAssociations} are served, a few more threads answer the requests
 * over the limit with A-ASSOCIATE-RJ "local limit exceeded", and connections beyond that are closed at once. A
 * connection that sends no A-ASSOCIATE-RQ within the ARTIM timeout is closed (PS3.8 §9.1.5). {@link #close()}
 * stops accepting and lets running associations finish for a grace period before aborting them.
 */
public final class DicomServer implements AutoCloseable {
    private static final int REJECTING_THREADS = 4;

    private final ServerSettings settings;
    private final AssociationHandler handler;
    private final Consumer<String> log;
    private final ServerSocket serverSocket;
    private final ThreadPoolExecutor threads;
    private final AtomicInteger active = new AtomicInteger();
    private final Set<Association> running = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;
    private volatile AcceptorPolicy policy;

    private DicomServer(ServerSettings settings, AssociationHandler handler, Consumer<String> log) throws IOException {
        this.settings = settings;
        this.policy = settings.policy();
        this.handler = handler;
        this.log = log;
        this.serverSocket = settings.tls() == null ? new ServerSocket()
                : settings.tls().context().getServerSocketFactory().createServerSocket();
        if (serverSocket instanceof SSLServerSocket ssl) {
            settings.tls().configure(ssl);
        }
        serverSocket.setReuseAddress(true);
        try {
            serverSocket.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 128);
        } catch (IOException e) {
            serverSocket.close();
            throw bindFailure(settings, e);
        }
        int size = settings.policy().maxAssociations() + REJECTING_THREADS;
        this.threads = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "dicom-association");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.threads.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this::acceptLoop, "dicom-acceptor-" + port());
        this.acceptor.setDaemon(true);
    }

    /** Why listening failed, naming the address and port: the exception alone says only "Address already in use". */
    private static IOException bindFailure(ServerSettings settings, IOException e) {
        String where = settings.bindAddress() == null ? "port " + settings.port() + " (every local address)"
                : AssociationInfo.hostAndPort(new InetSocketAddress(settings.bindAddress(), settings.port()));
        String message = "cannot listen on " + where + ": " + e.getMessage();
        if (e instanceof BindException) {
            BindException named = new BindException(message + (e.getMessage() != null
                    && e.getMessage().contains("in use") ? " (by another program, or another Ferry)" : ""));
            named.initCause(e);
            return named;
        }
        return new IOException(message, e);
    }

    /**
     * Starts listening. {@code log} receives one line per notable event (rejections, aborts, protocol errors).
     */
    public static DicomServer start(ServerSettings settings, AssociationHandler handler, Consumer<String> log)
            throws IOException {
        DicomServer server = new DicomServer(settings, handler, log);
        server.acceptor.start();
        return server;
    }

    /** The port listened on (useful when the settings asked for port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The policy new associations are negotiated against. */
    public AcceptorPolicy policy() {
        return policy;
    }

    /**
     * Negotiates new associations against {@code newPolicy} from now on (a configuration reload); associations
     * already running keep what they negotiated. A larger association limit takes effect at once.
     */
    public void updatePolicy(AcceptorPolicy newPolicy) {
        int size = newPolicy.maxAssociations() + REJECTING_THREADS;
        synchronized (threads) {
            if (size > threads.getMaximumPoolSize()) {
                threads.setMaximumPoolSize(size);
                threads.setCorePoolSize(size);
            } else {
                threads.setCorePoolSize(size);
                threads.setMaximumPoolSize(size);
            }
        }
        this.policy = newPolicy;
    }

    /** Associations being served now. */
    public int activeAssociations() {
        return active.get();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closing) {
                    log.accept("accepting connections failed: " + e.getMessage());
                    pause();
                }
                continue;
            }
            try {
                threads.execute(() -> serveConnection(socket));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.accept("connection from " + from(socket) + " closed: too many connections");
                closeQuietly(socket);
            }
        }
    }

    private void serveConnection(Socket socket) {
        Association association = null;
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(Timeouts.millis(settings.timeouts().artim()));
            if (socket instanceof SSLSocket ssl) {
                try {
                    ssl.startHandshake();
                } catch (IOException e) {
                    // no certificate, an untrusted one, no common protocol or cipher, or not TLS at all
                    log.accept("TLS handshake with " + from(socket) + " failed: " + e.getMessage());
                    return;
                }
            }
            PduReader reader = new PduReader(new BufferedInputStream(socket.getInputStream(), 64 * 1024),
                    policy.maxPduLength());
            PduWriter writer = new PduWriter(socket.getOutputStream());
            Pdu first;
            try {
                first = reader.read();
            } catch (PduFormatException e) {
                log.accept("aborted connection from " + from(socket) + ": " + e.getMessage());
                writer.write(new AAbort(AAbort.Source.SERVICE_PROVIDER, e.abortReason()));
                return;
            }
            if (!(first instanceof AAssociateRq rq)) {
                if (first != null) {
                    writer.write(new AAbort(AAbort.Source.SERVICE_PROVIDER, AAbort.UNEXPECTED_PDU));
                    log.accept("aborted connection from " + from(socket) + ": " + first.name()
                            + " before A-ASSOCIATE-RQ");
                }
                return;
            }
            UserInformation ours = UserInformation.of(policy.maxPduLength(), Implementation.CLASS_UID,
                    Implementation.VERSION_NAME);
            Negotiation.Outcome outcome = Negotiation.accept(rq, policy, socket.getInetAddress(),
                    active.get(), ours);
            if (outcome instanceof Negotiation.Rejected rejected) {
                // logged before it is sent, so the line is there by the time the peer sees the rejection
                log.accept("rejected " + rq.callingAeTitle() + "@" + from(socket) + " → "
                        + rq.calledAeTitle() + ": " + rejected.why());
                writer.write(rejected.rj());
                return;
            }
            Negotiation.Accepted accepted = (Negotiation.Accepted) outcome;
            active.incrementAndGet();
            try {
                writer.write(accepted.ac());
                socket.setSoTimeout(Timeouts.millis(settings.timeouts().idle()));
                AssociationInfo info = new AssociationInfo(rq.callingAeTitle(), rq.calledAeTitle(),
                        (InetSocketAddress) socket.getRemoteSocketAddress(), accepted.contexts(),
                        rq.userInformation().maxPduLength(), rq.userInformation(), false);
                association = new Association(socket, reader, writer, info);
                running.add(association);
                handler.serve(association);
            } finally {
                active.decrementAndGet();
            }
        } catch (AssociationAbortedException e) {
            log.accept(e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.accept("association with " + from(socket) + " failed: " + e);
            if (association != null) {
                association.abort();
            }
        } finally {
            if (association != null) {
                running.remove(association);
            }
            closeQuietly(socket);
        }
    }

    /** The remote end of a connection as {@code host:port}. */
    private static String from(Socket socket) {
        return AssociationInfo.hostAndPort((InetSocketAddress) socket.getRemoteSocketAddress());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops accepting, waits up to {@code grace} for running associations to end, then aborts the rest. */
    public void close(java.time.Duration grace) {
        closing = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdown();
        try {
            if (!threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                running.forEach(Association::abort);
                threads.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(Association::abort);
        }
    }

    /** Stops with a 30-second grace period. */
    @Override
    public void close() {
        close(java.time.Duration.ofSeconds(30));
    }

    /** Whether the listening socket is closed. */
    public boolean closed() {
        return serverSocket.isClosed();
    }

    /** For the log: how this server is set up. */
    @Override
    public String toString() {
        return "DicomServer[port " + port() + ", AE " + policy.calledAeTitles() + "]";
    }

    private static void pause() {
        try {
            Thread.sleep(100); // e.g. out of file descriptors: do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
