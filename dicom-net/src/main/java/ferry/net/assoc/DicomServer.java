package ferry.net.assoc;

import ferry.core.io.Implementation;
import ferry.net.pdu.AAssociateRq;
import ferry.net.pdu.PduReader;
import ferry.net.pdu.PduWriter;
import ferry.net.pdu.UserInformation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A DICOM acceptor: listens, negotiates each association under its {@link AcceptorPolicy} and hands accepted
 * ones to an {@link AssociationHandler}, one thread per connection. Each connection's {@link UpperLayer} awaits the
 * A-ASSOCIATE-RQ in Sta2 (PS3.8 §9.2), {@link Negotiation} answers it in Sta3, and the {@link Association} starts in
 * Sta6.
 *
 * <p>Resources stay bounded by its {@link AcceptorLimits} (docs/networking.md, "How many associations"). Connections
 * awaiting their association are counted apart from associations, in all and per peer address; over either limit
 * a new connection is closed at once, before anything is read from it (an A-ASSOCIATE-RJ can only answer an
 * A-ASSOCIATE-RQ, which has not arrived, and waiting for it is what the limit is for). At most
 * {@link AcceptorPolicy#maxAssociations()} associations are served; a request over that is answered with
 * A-ASSOCIATE-RJ "local limit exceeded" (PS3.8 §9.3.4). Time limits bound whole units, not single reads
 * ({@link UnitDeadline}): a connection whose A-ASSOCIATE-RQ is not whole within the ARTIM time is closed
 * (PS3.8 §9.1.5), an association whose PDU falls too far behind the minimum data rate is aborted, and one idle for
 * the idle time too. {@link #close()} stops accepting and lets running associations finish for a grace period
 * before aborting them.
 */
public final class DicomServer implements AutoCloseable {
    /** Threads over the limits, for connections that have ended but whose thread is still finishing. */
    private static final int SPARE_THREADS = 4;

    private final AssociationHandler handler;
    private final Consumer<String> log;
    private final ServerSocket serverSocket;
    private final ThreadPoolExecutor threads;
    private final AtomicInteger active = new AtomicInteger();
    private final PendingConnections pending = new PendingConnections();
    private final DeadlineWatch watch;
    private final Set<Association> running = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;
    private volatile AcceptorPolicy policy;
    private volatile AcceptorLimits limits;

    private DicomServer(ServerSettings settings, AssociationHandler handler, Consumer<String> log) throws IOException {
        this.policy = settings.policy();
        this.limits = settings.limits();
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
        int size = threads(policy, limits);
        this.threads = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "dicom-association");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.threads.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this::acceptLoop, "dicom-acceptor-" + port());
        this.acceptor.setDaemon(true);
        this.watch = new DeadlineWatch("dicom-deadlines-" + port());
    }

    private static int threads(AcceptorPolicy policy, AcceptorLimits limits) {
        return policy.maxAssociations() + limits.maxPending() + SPARE_THREADS;
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
        resize(threads(newPolicy, limits));
        this.policy = newPolicy;
    }

    /** The limits in force for new connections. */
    public AcceptorLimits limits() {
        return limits;
    }

    /**
     * Applies {@code newLimits} to new connections from now on (a configuration reload); connections already open
     * keep theirs.
     */
    public void updateLimits(AcceptorLimits newLimits) {
        resize(threads(policy, newLimits));
        this.limits = newLimits;
    }

    private void resize(int size) {
        synchronized (threads) {
            if (size > threads.getMaximumPoolSize()) {
                threads.setMaximumPoolSize(size);
                threads.setCorePoolSize(size);
            } else {
                threads.setCorePoolSize(size);
                threads.setMaximumPoolSize(size);
            }
        }
    }

    /** Associations being served now. */
    public int activeAssociations() {
        return active.get();
    }

    /** The associations being served now, with what each has received so far. */
    public List<Live> associations() {
        List<Live> live = new ArrayList<>();
        for (Association association : running) {
            live.add(new Live(association.info(), association.progress()));
        }
        return live;
    }

    /** An association being served: who called whom, and what it has received so far. */
    public record Live(AssociationInfo info, Association.Progress progress) {
    }

    /** Connections open now that are not yet associations (awaiting or being answered their A-ASSOCIATE-RQ). */
    public int pendingConnections() {
        return pending.count();
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
            long accepted = System.nanoTime();
            AcceptorLimits connectionLimits = limits;
            PendingConnections.Admission admission = pending.admit(socket, accepted, connectionLimits);
            if (!admission.admitted()) {
                log.accept("closed the connection from " + peer(socket) + " at once: " + admission.why());
                closeQuietly(socket);
                continue;
            }
            if (admission.pushedOut() != null) {
                log.accept("closed the connection from " + peer(admission.pushedOut()) + ": every place for "
                        + "connections awaiting their association was taken, and it had waited longest");
                closeQuietly(admission.pushedOut());
            }
            UnitDeadline deadline = new UnitDeadline(socket, connectionLimits, accepted);
            watch.watch(deadline);
            try {
                threads.execute(() -> serveConnection(socket, connectionLimits, deadline));
            } catch (RejectedExecutionException e) {
                watch.forget(deadline);
                pending.release(socket);
                log.accept("closed the connection from " + peer(socket) + " at once: no thread free");
                closeQuietly(socket);
            }
        }
    }

    private void serveConnection(Socket socket, AcceptorLimits connectionLimits, UnitDeadline deadline) {
        Association association = null;
        boolean pendingCounted = true;
        try {
            socket.setTcpNoDelay(true);
            // for single reads, as well as the deadline of the whole request that the watch keeps
            socket.setSoTimeout(Timeouts.millis(connectionLimits.associationRequest()));
            if (socket instanceof SSLSocket ssl) {
                try {
                    ssl.startHandshake();
                } catch (IOException e) {
                    // no certificate, an untrusted one, no common protocol or cipher, or not TLS at all
                    log.accept(lateRequest(e, deadline) ? "closed the connection from " + peer(socket) + ": "
                            + deadline.requestExpiry()
                            : "TLS handshake with " + peer(socket) + " failed: " + e.getMessage());
                    return;
                }
            }
            PduReader reader = new PduReader(new BufferedInputStream(socket.getInputStream(), 64 * 1024),
                    policy.maxPduLength(), deadline);
            UpperLayer link = UpperLayer.accepted(socket, reader, new PduWriter(socket.getOutputStream()), deadline);
            AAssociateRq rq = link.awaitRequest(why -> log.accept("aborted connection from " + peer(socket) + ": "
                    + why));
            if (rq == null) {
                return; // closed, aborted, or answered with an A-ABORT before any request
            }
            UserInformation ours = UserInformation.of(policy.maxPduLength(), Implementation.CLASS_UID,
                    Implementation.VERSION_NAME);
            Negotiation.Outcome outcome = Negotiation.accept(rq, policy, socket.getInetAddress(),
                    active.get(), ours);
            if (outcome instanceof Negotiation.Rejected rejected) {
                // logged before it is sent, so the line is there by the time the peer sees the rejection
                log.accept("rejected " + rq.callingAeTitle() + "@" + peer(socket) + " → "
                        + rq.calledAeTitle() + ": " + rejected.why());
                link.reject(rejected.rj());
                return;
            }
            Negotiation.Accepted accepted = (Negotiation.Accepted) outcome;
            pending.release(socket);
            pendingCounted = false;
            active.incrementAndGet();
            try {
                link.accept(accepted.ac());
                socket.setSoTimeout(Timeouts.millis(connectionLimits.idle()));
                AssociationInfo info = new AssociationInfo(rq.callingAeTitle(), rq.calledAeTitle(),
                        (InetSocketAddress) socket.getRemoteSocketAddress(), accepted.contexts(),
                        rq.userInformation().maxPduLength(), rq.userInformation(), false);
                association = new Association(link, info);
                running.add(association);
                handler.serve(association);
            } finally {
                active.decrementAndGet();
            }
        } catch (AssociationAbortedException e) {
            log.accept(e.getMessage());
        } catch (IOException e) {
            if (association == null && lateRequest(e, deadline)) {
                log.accept("closed the connection from " + peer(socket) + ": " + deadline.requestExpiry());
            } else if (association == null && (closing || socket.isClosed())) {
                return; // closed with the server, or pushed out by a newer connection (logged then)
            } else {
                failed(socket, association, e);
            }
        } catch (RuntimeException e) {
            failed(socket, association, e);
        } finally {
            watch.forget(deadline);
            if (pendingCounted) {
                pending.release(socket);
            }
            if (association != null) {
                running.remove(association);
            }
            closeQuietly(socket);
        }
    }

    /**
     * Whether {@code e}, thrown before the association, comes from the association request time limit: the watch
     * closed the connection, or a single read waited that whole time.
     */
    private static boolean lateRequest(IOException e, UnitDeadline deadline) {
        return deadline.expired() != null || e instanceof SocketTimeoutException;
    }

    private void failed(Socket socket, Association association, Exception e) {
        log.accept("association with " + peer(socket) + " failed: " + e);
        if (association != null) {
            association.abort();
        }
    }

    /** The remote end of a connection as {@code host:port}, for the log. */
    private static String peer(Socket socket) {
        return AssociationInfo.hostAndPort((InetSocketAddress) socket.getRemoteSocketAddress());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /**
     * Stops accepting and closes the connections not yet associated, waits up to {@code grace} for running
     * associations to end, then aborts the rest.
     */
    public void close(Duration grace) {
        closing = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        watch.close(); // also closes the connections not yet associated: no new association starts now
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
        close(Duration.ofSeconds(30));
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
