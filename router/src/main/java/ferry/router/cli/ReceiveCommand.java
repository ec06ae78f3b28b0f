package ferry.router.cli;

import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Tls;
import ferry.net.service.DimseScp;
import ferry.net.service.FolderStore;
import ferry.router.run.FerryService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ferry receive}: a plain storage SCP writing each object as {@code DIR/<SOPInstanceUID>.dcm}, like
 * storescp. It accepts every storage SOP class (including private ones) and Verification.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = {"Receive DICOM objects (C-STORE) into a folder, one file per object named by its "
            + "SOP Instance UID, like storescp. Runs until stopped (Ctrl-C or SIGTERM), letting running "
            + "associations finish."})
public final class ReceiveCommand implements Callable<Integer> {
    /** The largest P-DATA PDU Ferry receives by default: large PDUs mean fewer reads per object. */
    static final long MAX_PDU_LENGTH = 256 * 1024;

    @Option(names = "--port", required = true, description = "TCP port to listen on.")
    int port;

    @Option(names = "--aet", defaultValue = "FERRY", description = "Our AE title (default: ${DEFAULT-VALUE}).")
    String aeTitle;

    @Option(names = "--any-aet", description = "Answer to any called AE title, not only --aet.")
    boolean anyCalledAeTitle;

    @Option(names = "--dir", required = true, description = "The folder to write objects to.")
    Path folder;

    @Option(names = "--bind", description = "Local address to listen on (default: all).")
    InetAddress bindAddress;

    @Option(names = "--max-associations", defaultValue = "32",
            description = "Associations served at once (default: ${DEFAULT-VALUE}).")
    int maxAssociations;

    @Option(names = "--max-pending", defaultValue = "64", paramLabel = "N",
            description = "Connections at once that are not yet associations; more are closed at once "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxPending;

    @Option(names = "--max-pending-per-address", defaultValue = "16", paramLabel = "N",
            description = "The same from one peer address, of those waiting half a second or more"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxPendingPerAddress;

    @Option(names = "--association-request-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Time from connecting to the whole A-ASSOCIATE-RQ (ARTIM, PS3.8 9.1.5), TLS handshake "
                    + "included (default: ${DEFAULT-VALUE}).")
    int associationRequestSeconds;

    @Option(names = "--pdu-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Time a PDU may take from its first byte, besides its length at --min-data-rate "
                    + "(default: ${DEFAULT-VALUE}).")
    int pduSeconds;

    @Option(names = "--min-data-rate", defaultValue = "8192", paramLabel = "BYTES",
            description = "Bytes per second a PDU must arrive at (default: ${DEFAULT-VALUE}).")
    long minDataRate;

    @Option(names = "--idle-timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "Wait for the next PDU of an association before aborting it (default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(names = "--tls-no-client-cert",
            description = "Over TLS, serve clients without a certificate too (default: require one the trust store "
                    + "trusts, as storescp does).")
    boolean clientCertificateOptional;

    @Mixin
    TlsOptions tls;

    @Spec
    CommandSpec spec;

    /**
     * What {@code ferry receive} accepts: Verification and every storage SOP class from any caller, called by one
     * of {@code calledAeTitles} (empty: any), in the transfer syntaxes {@code ferry run}'s listeners accept (the
     * sender's first choice, so a compressed object stays as it was made).
     */
    static AcceptorPolicy policy(Set<String> calledAeTitles, int maxAssociations) {
        return new AcceptorPolicy(calledAeTitles, List.of(), Set.of(DimseScp.VERIFICATION), true,
                FerryService.TRANSFER_SYNTAXES, maxAssociations, MAX_PDU_LENGTH);
    }

    /** The limits the options give; each must be at least 1 (docs/networking.md, "Time limits"). */
    private AcceptorLimits limits() {
        Map<String, Long> options = new LinkedHashMap<>();
        options.put("--max-pending", (long) maxPending);
        options.put("--max-pending-per-address", (long) maxPendingPerAddress);
        options.put("--association-request-timeout", (long) associationRequestSeconds);
        options.put("--pdu-timeout", (long) pduSeconds);
        options.put("--min-data-rate", minDataRate);
        options.put("--idle-timeout", (long) idleSeconds);
        options.forEach((option, value) -> {
            if (value < 1) {
                throw new ParameterException(spec.commandLine(), option + " must be at least 1, not " + value);
            }
        });
        return new AcceptorLimits(Duration.ofSeconds(associationRequestSeconds), Duration.ofSeconds(pduSeconds),
                minDataRate, Duration.ofSeconds(idleSeconds), maxPending, maxPendingPerAddress);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Logger log = LoggerFactory.getLogger(ReceiveCommand.class);
        AcceptorPolicy policy = policy(anyCalledAeTitle ? Set.of() : Set.of(aeTitle), maxAssociations);
        DimseScp scp = new DimseScp(new FolderStore(folder), log::warn);
        AcceptorLimits limits = limits();
        Tls security;
        try {
            security = tls.forAcceptor(!clientCertificateOptional);
        } catch (IOException e) {
            spec.commandLine().getErr().println("ferry receive: " + e.getMessage());
            return 1;
        }
        DicomServer server;
        try {
            server = DicomServer.start(new ServerSettings(bindAddress, port, policy, limits, security), scp,
                    log::info);
        } catch (IOException e) {
            spec.commandLine().getErr().println("ferry receive: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ferry-receive-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        String transport = security == null ? "" : security.requireClientCertificate()
                ? " over TLS (client certificates required)" : " over TLS";
        out.println("ferry receive: listening as " + (anyCalledAeTitle ? "any AE title" : aeTitle) + " on port "
                + server.port() + transport + ", writing to " + folder.toAbsolutePath());
        out.flush();
        stopped.await();
        return 0;
    }
}
