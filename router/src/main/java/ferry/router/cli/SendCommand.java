package ferry.router.cli;

import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.assoc.Tls;
import ferry.net.pdu.AsyncOperationsWindow;
import ferry.net.service.StoreScu;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry send AET@host:port FILE|DIR...}: C-STORE files to a peer, over one association or several in
 * parallel, with a progress line on a terminal and a summary; exit 1 when anything was not stored.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send DICOM files to a peer (C-STORE). Directories are searched recursively. Each file "
            + "is proposed in its own transfer syntax and the uncompressed ones; uncompressed files are "
            + "converted when the peer accepts only another uncompressed syntax."})
public final class SendCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "AET@host:port", converter = PeerAddress.Converter.class,
            description = "The peer: its AE title, host and port.")
    PeerAddress peer;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE|DIR", description = "Files or directories.")
    List<Path> paths;

    @Option(names = "--aet", defaultValue = "FERRY", description = "Our (calling) AE title (default: ${DEFAULT-VALUE}).")
    String callingAeTitle;

    @Option(names = "--parallel", defaultValue = "1",
            description = "Associations used at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--window", defaultValue = "8",
            description = {"Requests left outstanding per association when the peer agrees (asynchronous "
                + "operations window, PS3.7 D.3.3.3); 1 waits for each response (default: ${DEFAULT-VALUE})."})
    int window;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for each response (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Mixin
    TlsOptions tls;

    @Spec
    CommandSpec spec;

    private final AtomicLong sentObjects = new AtomicLong();
    private final AtomicLong sentBytes = new AtomicLong();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Tls security;
        try {
            security = tls.forRequestor();
        } catch (IOException e) {
            err.println("ferry send: " + e.getMessage());
            return 1;
        }
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            FileArguments.expand(path, files, failures::add);
        }
        List<StoreScu.FileToSend> toSend = new ArrayList<>();
        for (Path file : files) {
            try {
                toSend.add(StoreScu.inspect(file));
            } catch (IOException e) {
                failures.add(file + ": not sent: " + e.getMessage());
            }
        }
        long start = System.nanoTime();
        int lanes = Math.max(1, Math.min(parallel, toSend.size()));
        List<Thread> threads = new ArrayList<>();
        AtomicLong warnings = new AtomicLong();
        for (int lane = 0; lane < lanes; lane++) {
            List<StoreScu.FileToSend> share = new ArrayList<>();
            for (int i = lane; i < toSend.size(); i += lanes) {
                share.add(toSend.get(i));
            }
            Thread thread = new Thread(() -> sendAll(share, security, failures, warnings), "ferry-send-" + lane);
            threads.add(thread);
            thread.start();
        }
        Progress progress = System.console() != null ? new Progress(err, toSend.size(), start) : null;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(250);
                if (progress != null) {
                    progress.show(sentObjects.get(), sentBytes.get());
                }
            }
        }
        if (progress != null) {
            progress.done();
        }
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
        failures.forEach(err::println);
        out.printf("ferry send: %d sent (%d with warnings), %d failed, to %s in %.2f s (%.0f objects/s, %.1f MB/s)%n",
                sentObjects.get(), warnings.get(), failures.size(), peer, seconds, sentObjects.get() / seconds,
                sentBytes.get() / 1e6 / seconds);
        out.flush();
        err.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    private void sendAll(List<StoreScu.FileToSend> files, Tls security, List<String> failures, AtomicLong warnings) {
        for (List<StoreScu.FileToSend> batch : StoreScu.batches(files)) {
            sendBatch(batch, security, failures, warnings);
        }
    }

    /** One association for files whose presentation contexts fit in it. */
    private void sendBatch(List<StoreScu.FileToSend> files, Tls security, List<String> failures,
                           AtomicLong warnings) {
        Duration limit = Duration.ofSeconds(timeoutSeconds);
        RequestorSettings settings = new RequestorSettings(callingAeTitle, peer.aeTitle(), peer.host(), peer.port(),
                StoreScu.contexts(files), ReceiveCommand.MAX_PDU_LENGTH,
                window > 1 ? new AsyncOperationsWindow(window, 1) : null, new Timeouts(limit, limit, limit, limit),
                security);
        java.util.Set<StoreScu.FileToSend> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (Association association = Requestor.connect(settings)) {
            StoreScu.sendAll(association, files, result -> {
                answered.add(result.file());
                if (result.ok()) {
                    sentObjects.incrementAndGet();
                    sentBytes.addAndGet(result.file().path().toFile().length());
                    if (result.status().code() != 0) {
                        warnings.incrementAndGet();
                    }
                } else {
                    failures.add(result.file().path() + ": " + (result.status() != null ? "refused: "
                            + result.status() : "not sent: " + result.notSent()));
                }
            });
        } catch (IOException e) {
            for (StoreScu.FileToSend file : files) {
                if (!answered.contains(file)) {
                    failures.add(file.path() + ": not sent: " + e.getMessage());
                }
            }
        }
    }

    /** One self-overwriting progress line on the terminal. */
    private record Progress(PrintWriter err, int total, long start) {
        void show(long objects, long bytes) {
            double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
            err.printf("\r%d/%d sent, %.0f objects/s, %.1f MB/s   ", objects, total, objects / seconds,
                    bytes / 1e6 / seconds);
            err.flush();
        }

        void done() {
            err.print("\r" + " ".repeat(60) + "\r");
            err.flush();
        }
    }
}
