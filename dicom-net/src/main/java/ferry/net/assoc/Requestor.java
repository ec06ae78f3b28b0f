package ferry.net.assoc;

import ferry.core.io.Implementation;
import ferry.net.pdu.AAbort;
import ferry.net.pdu.AAssociateAc;
import ferry.net.pdu.AAssociateRj;
import ferry.net.pdu.AAssociateRq;
import ferry.net.pdu.Pdu;
import ferry.net.pdu.PduReader;
import ferry.net.pdu.PduWriter;
import ferry.net.pdu.UserInformation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SSLSocket;

/** Opens associations as the requestor (PS3.8 §7.1; states Sta4, Sta5 → Sta6). */
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
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(settings.host(), settings.port()),
                    Timeouts.millis(settings.timeouts().connect()));
            if (socket instanceof SSLSocket ssl) {
                settings.tls().configure(ssl);
                ssl.startHandshake();
            }
            socket.setSoTimeout(Timeouts.millis(settings.timeouts().artim()));
            PduReader reader = new PduReader(new BufferedInputStream(socket.getInputStream(), 64 * 1024),
                    settings.maxPduLength());
            PduWriter writer = new PduWriter(socket.getOutputStream());
            UserInformation ours = new UserInformation(settings.maxPduLength(), Implementation.CLASS_UID,
                    Implementation.VERSION_NAME, settings.window(), List.of(), List.of(), List.of(), null, null, List.of());
            AAssociateRq rq = new AAssociateRq(1, settings.calledAeTitle(), settings.callingAeTitle(),
                    Negotiation.APPLICATION_CONTEXT, settings.contexts(), ours);
            writer.write(rq);
            Pdu answer = reader.read();
            if (answer instanceof AAssociateRj rj) {
                throw new AssociationRejectedException(rj);
            }
            if (!(answer instanceof AAssociateAc ac)) {
                if (!(answer instanceof AAbort)) {
                    writer.write(new AAbort(AAbort.Source.SERVICE_PROVIDER, AAbort.UNEXPECTED_PDU));
                }
                throw new AssociationAbortedException(settings.calledAeTitle() + "@" + settings.host() + ":"
                        + settings.port() + " answered the association request with " + answer);
            }
            socket.setSoTimeout(Timeouts.millis(settings.timeouts().dimse()));
            AssociationInfo info = new AssociationInfo(settings.callingAeTitle(), settings.calledAeTitle(),
                    (InetSocketAddress) socket.getRemoteSocketAddress(), Negotiation.accepted(rq, ac),
                    ac.userInformation().maxPduLength(), ac.userInformation(), true);
            return new Association(socket, reader, writer, info);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
