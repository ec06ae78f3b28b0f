package ferry.net.assoc;

import ferry.core.io.Implementation;
import ferry.net.pdu.AAssociateAc;
import ferry.net.pdu.AAssociateRq;
import ferry.net.pdu.PduReader;
import ferry.net.pdu.PduWriter;
import ferry.net.pdu.UserInformation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * Opens associations as the requestor (PS3.8 §7.1): the A-ASSOCIATE request (Evt1, AE-1) opens the connection in
 * Sta4, a TLS handshake included; its {@link UpperLayer} then sends the A-ASSOCIATE-RQ (AE-2, Sta5) and reads the
 * answer (AE-3 → Sta6).
 */
public final class Requestor {
    private Requestor() {
    }

    /**
     * Connects, proposes and returns the established association.
     *
     * @throws AssociationRejectedException when the peer rejects it
     * @throws AssociationAbortedException  when the peer aborts or answers with something else
     */
    public static Association connect(RequestorSettings settings) throws IOException {
        Socket socket = settings.tls() == null ? new Socket() : settings.tls().context().getSocketFactory().createSocket();
        boolean secured = false;
        StateMachine machine = new StateMachine(true);
        machine.fire(Event.A_ASSOCIATE_REQUEST);
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(settings.host(), settings.port()),
                    Timeouts.millis(settings.timeouts().connect()));
            // Before the TLS handshake: a peer that accepts the connection but never answers it must not hang us.
            socket.setSoTimeout(Timeouts.millis(settings.timeouts().artim()));
            if (socket instanceof SSLSocket ssl) {
                settings.tls().configure(ssl);
                ssl.startHandshake();
                secured = true;
            }
            PduReader reader = new PduReader(new BufferedInputStream(socket.getInputStream(), 64 * 1024),
                    settings.maxPduLength());
            UpperLayer link = new UpperLayer(socket, reader, new PduWriter(socket.getOutputStream()), machine, null,
                    peer(settings));
            UserInformation ours = new UserInformation(settings.maxPduLength(), Implementation.CLASS_UID,
                    Implementation.VERSION_NAME, settings.window(), settings.roleSelections(), List.of(), List.of(),
                    null, null, List.of());
            AAssociateRq rq = new AAssociateRq(1, settings.calledAeTitle(), settings.callingAeTitle(),
                    Negotiation.APPLICATION_CONTEXT, settings.contexts(), ours);
            AAssociateAc ac = link.request(rq);
            socket.setSoTimeout(Timeouts.millis(settings.timeouts().dimse()));
            AssociationInfo info = new AssociationInfo(settings.callingAeTitle(), settings.calledAeTitle(),
                    (InetSocketAddress) socket.getRemoteSocketAddress(), Negotiation.accepted(rq, ac),
                    ac.userInformation().maxPduLength(), ac.userInformation(), true);
            return new Association(link, info);
        } catch (AssociationRejectedException | AssociationAbortedException | SocketTimeoutException e) {
            socket.close();
            throw e;
        } catch (IOException e) {
            socket.close();
            if (secured) {
                // TLS 1.3 servers check the client certificate after the client has finished its handshake, so their
                // refusal shows up here, as a broken connection while the A-ASSOCIATE-RQ is written or answered.
                throw new IOException(e.getMessage() + " (just after the TLS handshake: the peer may have refused our "
                        + "client certificate, or the lack of one)", e);
            }
            throw e;
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The peer as {@code AET@host:port}, as given. */
    private static String peer(RequestorSettings settings) {
        return settings.calledAeTitle() + "@" + (settings.host().indexOf(':') >= 0 ? "[" + settings.host() + "]"
                : settings.host()) + ":" + settings.port();
    }
}
