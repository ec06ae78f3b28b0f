package ferry.router.cli;

import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.Status;
import ferry.net.service.EchoScu;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry echo AET@host:port}: C-ECHO, exit 0 when the peer answers with success. */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Check that a DICOM peer answers (C-ECHO); exit 0 when it does.")
public final class EchoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "AET@host:port", converter = PeerAddress.Converter.class,
            description = "The peer: its AE title, host and port.")
    PeerAddress peer;

    @Option(names = "--aet", defaultValue = "FERRY", description = "Our (calling) AE title (default: ${DEFAULT-VALUE}).")
    String callingAeTitle;

    @Option(names = "--timeout", defaultValue = "10", description = "Seconds to wait for each step (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Mixin
    TlsOptions tls;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration limit = Duration.ofSeconds(timeoutSeconds);
        long start = System.nanoTime();
        try {
            RequestorSettings settings = new RequestorSettings(callingAeTitle, peer.aeTitle(), peer.host(),
                    peer.port(), List.of(EchoScu.context(1)), 0, null, new Timeouts(limit, limit, limit),
                    tls.forRequestor());
            return echo(settings, start, out);
        } catch (IOException e) {
            err.println("ferry echo: " + peer + ": " + ConnectionProblem.describe(e));
            return 1;
        }
    }

    private int echo(RequestorSettings settings, long start, PrintWriter out) throws IOException {
        try (Association association = Requestor.connect(settings)) {
            Status status = EchoScu.echo(association);
            long millis = (System.nanoTime() - start) / 1_000_000;
            out.println(peer + " answered C-ECHO: " + status + " (" + millis + " ms" + (settings.tls() != null
                    ? ", over TLS" : "") + ")");
            return status.isSuccessOrWarning() ? 0 : 1;
        }
    }
}
