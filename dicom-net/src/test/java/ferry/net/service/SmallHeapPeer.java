package ferry.net.service;

import ferry.core.io.TransferSyntax;
import ferry.core.testing.SmallHeap;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.Association;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.Negotiation;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Ferry's side of a transfer in a JVM of its own with a small heap ({@link SmallHeap}), so a test can prove that an
 * object much larger than that heap is streamed, not buffered: buffering it would end in OutOfMemoryError.
 *
 * <ul>
 * <li>{@code receive DIR}: a {@link DicomServer} (AE title FERRY, any storage class, 1 MiB PDUs) with a
 * {@link FolderStore} on a free loopback port, printed as {@code port N}; it runs until its stdin closes.
 * <li>{@code send HOST PORT AET FILE}: {@link StoreScu} sends the file; exit code 0 on success.
 * </ul>
 * Both print {@code heap peak N MiB}, the highest heap use of the run as the memory pools report it.
 */
final class SmallHeapPeer {
    private SmallHeapPeer() {
    }

    /** Starts this class in a child JVM with {@link SmallHeap#HEAP}. */
    static Process start(Path log, String... arguments) throws IOException {
        return SmallHeap.start(SmallHeapPeer.class, log, arguments);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (args[0].equals("receive")) {
            AcceptorPolicy policy = new AcceptorPolicy(Set.of("FERRY"), List.of(), Set.of(DimseScp.VERIFICATION),
                    true, List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), Negotiation.ANY_TRANSFER_SYNTAX), 2,
                    1 << 20);
            DicomServer server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0, policy,
                    AcceptorLimits.DEFAULT, null), new DimseScp(new FolderStore(Path.of(args[1])), out::println),
                    out::println);
            out.println("port " + server.port());
            out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream()); // until the test closes our stdin
            server.close(Duration.ofSeconds(5));
            out.println("heap peak " + SmallHeap.peakMiB() + " MiB");
        } else if (args[0].equals("send")) {
            StoreScu.FileToSend file = StoreScu.inspect(Path.of(args[4]));
            RequestorSettings settings = new RequestorSettings("FERRY", args[3], args[1], Integer.parseInt(args[2]),
                    StoreScu.contexts(List.of(file)), 0, null, Timeouts.DEFAULT, null);
            Status status;
            try (Association association = Requestor.connect(settings)) {
                status = StoreScu.send(association, file).status();
            }
            out.println("status " + status);
            out.println("heap peak " + SmallHeap.peakMiB() + " MiB");
            System.exit(Status.SUCCESS.equals(status) ? 0 : 1);
        } else {
            throw new IllegalArgumentException("receive DIR | send HOST PORT AET FILE");
        }
    }
}
