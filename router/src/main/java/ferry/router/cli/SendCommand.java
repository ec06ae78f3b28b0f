package ferry.router.cli;

import ferry.core.io.NotDicomException;
import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.assoc.Tls;
import ferry.net.pdu.AsyncOperationsWindow;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.service.StoreScu;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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

    /**
     * The command for {@code args} (the arguments after {@code send}) when they are plain — the peer, paths and
     * the options {@code --aet}, {@code --parallel}, {@code --window}, {@code --timeout} written {@code --name VALUE}
     * or {@code --name=VALUE} — or empty when picocli must read them: help, TLS options, {@code @file}s,
     * {@code --}, a bad peer or number, an unknown option or no path. Like {@link DumpCommand#parsePlain}, this
     * saves a send the building of picocli's model of every command (over 100 ms of its start-up).
     */
    static Optional<SendCommand> parsePlain(List<String> args) {
        SendCommand command = new SendCommand();
        command.callingAeTitle = "FERRY";
        command.parallel = 1;
        command.window = 8;
        command.timeoutSeconds = 60;
        command.paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            boolean valued = name.equals("--aet") || name.equals("--parallel") || name.equals("--window")
                    || name.equals("--timeout");
            if (valued) {
                if (equals < 0 && i + 1 == args.size()) {
                    return Optional.empty();
                }
                String value = equals > 0 ? arg.substring(equals + 1) : args.get(++i);
                if (name.equals("--aet")) {
                    if (value.isEmpty() || value.startsWith("-")) {
                        return Optional.empty();
                    }
                    command.callingAeTitle = value;
                } else if (!value.matches("[0-9]{1,9}")) {
                    return Optional.empty();
                } else if (name.equals("--parallel")) {
                    command.parallel = Integer.parseInt(value);
                } else if (name.equals("--window")) {
                    command.window = Integer.parseInt(value);
                } else {
                    command.timeoutSeconds = Integer.parseInt(value);
                }
            } else if (command.peer == null) {
                if (arg.startsWith("-") || arg.startsWith("@")) {
                    return Optional.empty();
                }
                try {
                    command.peer = PeerAddress.parse(arg);
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            } else if (!FileArguments.addPlainPath(arg, command.paths)) {
                return Optional.empty();
            }
        }
        return command.paths.isEmpty() ? Optional.empty() : Optional.of(command);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        return send(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Sends the files, the summary to {@code out} and failures to {@code err}; returns the exit code: 0 when every
     * DICOM file was stored (files in the folders that are not DICOM are skipped with a note), else 1.
     */
    int send(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        Tls security;
        try {
            // tls is null after plain arguments: no TLS options, and TlsOptions (which loads picocli) left unloaded.
            security = tls == null ? null : tls.forRequestor();
        } catch (IOException e) {
            err.println("ferry send: " + e.getMessage());
            return 1;
        }
        Outcomes outcomes = new Outcomes();
        List<Path> files = new ArrayList<>();
        Set<Path> named = new HashSet<>();
        for (Path path : paths) {
            if (!Files.isDirectory(path)) {
                named.add(path);
            }
            FileArguments.expand(path, files, outcomes.failures::add);
        }
        List<StoreScu.FileToSend> toSend = inspect(files, named, outcomes);
        long start = System.nanoTime();
        int lanes = Math.max(1, Math.min(parallel, toSend.size()));
        List<Thread> threads = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            List<StoreScu.FileToSend> share = new ArrayList<>();
            for (int i = lane; i < toSend.size(); i += lanes) {
                share.add(toSend.get(i));
            }
            Thread thread = new Thread(() -> sendAll(share, security, outcomes), "ferry-send-" + lane);
            threads.add(thread);
            thread.start();
        }
        Progress progress = System.console() != null ? new Progress(err, toSend.size(), start) : null;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(250);
                if (progress != null) {
                    progress.show(outcomes.sentObjects.get(), outcomes.sentBytes.get());
                }
            }
        }
        if (progress != null) {
            progress.done();
        }
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
        outcomes.skipped.forEach(err::println);
        outcomes.failures.forEach(err::println);
        if (outcomes.padded.get() > 0) {
            err.println("ferry send: " + outcomes.padded.get() + " file(s) had odd-length values, sent padded to even "
                    + "length (PS3.5 §7.1.1), e.g. " + outcomes.firstPadded.get());
        }
        long sent = outcomes.sentObjects.get();
        // Concatenated, not printf: a Formatter with numbers starts the locale machinery (about 10 ms of a send).
        out.println("ferry send: " + sent + " sent (" + outcomes.warnings.get() + " with warnings), "
                + outcomes.failures.size() + " failed, " + (outcomes.skipped.isEmpty() ? ""
                : outcomes.skipped.size() + " skipped (not DICOM), ") + "to " + peer + " in " + decimal(seconds, 2)
                + " s (" + decimal(sent / seconds, 0) + " objects/s, "
                + decimal(outcomes.sentBytes.get() / 1e6 / seconds, 1) + " MB/s)");
        out.flush();
        err.flush();
        return outcomes.failures.isEmpty() ? 0 : 1;
    }

    /** What became of the files, gathered from all lanes. */
    private static final class Outcomes {
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong sentObjects = new AtomicLong();
        final AtomicLong sentBytes = new AtomicLong();
        final AtomicLong warnings = new AtomicLong();
        final AtomicLong padded = new AtomicLong();
        final AtomicReference<Path> firstPadded = new AtomicReference<>();

        void record(StoreScu.Result result) {
            if (result.paddedValues() > 0) {
                padded.incrementAndGet();
                firstPadded.compareAndSet(null, result.file().path());
            }
            if (result.ok()) {
                sentObjects.incrementAndGet();
                sentBytes.addAndGet(result.file().size());
                if (result.status().code() != 0) {
                    warnings.incrementAndGet();
                }
            } else {
                failures.add(result.file().path() + ": " + (result.status() != null ? "refused: " + result.status()
                        : "not sent: " + result.notSent()));
            }
        }

        void fail(StoreScu.FileToSend file, String why) {
            failures.add(file.path() + ": " + why);
        }
    }

    /**
     * What to propose and send for each file ({@link StoreScu#inspect}), in their order, read on all cores: no
     * association is open yet, so nothing else needs them. A file that cannot be read is a failure; one that is not
     * DICOM at all is skipped with a note when it was found in a folder (a named one is a failure).
     */
    private static List<StoreScu.FileToSend> inspect(List<Path> files, Set<Path> named, Outcomes outcomes)
            throws InterruptedException {
        StoreScu.FileToSend[] inspected = new StoreScu.FileToSend[files.size()];
        String[] problems = new String[files.size()];
        boolean[] notDicom = new boolean[files.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < inspected.length; i = next.getAndIncrement()) {
                try {
                    inspected[i] = StoreScu.inspect(files.get(i));
                } catch (NotDicomException e) {
                    notDicom[i] = true;
                } catch (IOException e) {
                    problems[i] = files.get(i) + ": not sent: " + e.getMessage();
                } catch (RuntimeException e) {
                    problems[i] = files.get(i) + ": not sent: internal error while reading it (please report): " + e;
                }
            }
        };
        int helpers = Math.min(Runtime.getRuntime().availableProcessors(), files.size() / 64 + 1) - 1;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < helpers; i++) {
            Thread thread = new Thread(work, "ferry-send-inspect-" + i);
            thread.start();
            threads.add(thread);
        }
        work.run();
        for (Thread thread : threads) {
            thread.join();
        }
        List<StoreScu.FileToSend> toSend = new ArrayList<>(files.size());
        for (int i = 0; i < inspected.length; i++) {
            if (inspected[i] != null) {
                toSend.add(inspected[i]);
            } else if (!notDicom[i]) {
                outcomes.failures.add(problems[i]);
            } else if (named.contains(files.get(i))) {
                outcomes.failures.add(files.get(i) + ": not sent: not a DICOM file");
            } else {
                outcomes.skipped.add(files.get(i) + ": not a DICOM file, skipped");
            }
        }
        return toSend;
    }

    private void sendAll(List<StoreScu.FileToSend> files, Tls security, Outcomes outcomes) {
        for (List<StoreScu.FileToSend> batch : StoreScu.batches(files)) {
            sendBatch(batch, security, outcomes);
        }
    }

    /** Files whose presentation contexts fit one association, sent as {@link StoreRounds} says. */
    private void sendBatch(List<StoreScu.FileToSend> batch, Tls security, Outcomes outcomes) {
        List<PresentationContextRq> contexts = StoreScu.contexts(batch);
        Association left = StoreRounds.send(batch, null, window,
                operations -> Requestor.connect(settings(contexts, operations, security)), outcomes::record,
                outcomes::fail);
        if (left != null) {
            left.close();
        }
    }

    /** The association to propose: these contexts, and an asynchronous operations window when more than one. */
    private RequestorSettings settings(List<PresentationContextRq> contexts, int operations, Tls security) {
        Duration limit = Duration.ofSeconds(timeoutSeconds);
        return new RequestorSettings(callingAeTitle, peer.aeTitle(), peer.host(), peer.port(), contexts,
                ReceiveCommand.MAX_PDU_LENGTH, operations > 1 ? new AsyncOperationsWindow(operations, 1) : null,
                new Timeouts(limit, limit, limit), security);
    }

    /** {@code value} rounded half up to {@code places} decimals, as {@code %.Nf} writes it in English. */
    static String decimal(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).toPlainString();
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
