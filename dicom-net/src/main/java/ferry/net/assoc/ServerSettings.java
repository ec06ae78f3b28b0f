package ferry.net.assoc;

import java.net.InetAddress;

/**
 * Where and how a {@link DicomServer} listens.
 *
 * @param bindAddress the local address to listen on ({@code null}: all)
 * @param port        the TCP port (0: any free port, see {@link DicomServer#port()})
 * @param policy      what associations it accepts
 * @param limits      time limits and how many connections may await their association
 * @param tls         TLS, or {@code null} for plain TCP
 */
public record ServerSettings(InetAddress bindAddress, int port, AcceptorPolicy policy, AcceptorLimits limits,
                             Tls tls) {
}
