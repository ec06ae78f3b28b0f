package ferry.net.service;

import ferry.core.io.TransferSyntax;
import ferry.core.tag.Uids;
import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CEchoRq;
import ferry.net.dimse.CEchoRsp;
import ferry.net.dimse.Status;
import ferry.net.pdu.PresentationContextRq;
import java.io.IOException;
import java.util.List;

/** Verification SCU (PS3.4 Annex A): C-ECHO over an association. */
public final class EchoScu {
    private EchoScu() {
    }

    /** The presentation context to propose for Verification. */
    public static PresentationContextRq context(int id) {
        return new PresentationContextRq(id, Uids.Verification, List.of(
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()));
    }

    /** Sends one C-ECHO-RQ and returns the status of the response. */
    public static Status echo(Association association) throws IOException {
        PresentationContext context = association.info().contextsFor(Uids.Verification).stream().findFirst()
                .orElseThrow(() -> new IOException("the peer did not accept the Verification SOP Class"));
        int messageId = association.nextMessageId();
        association.send(context, new CEchoRq(messageId, Uids.Verification));
        Association.Message answer = association.receive();
        if (answer == null) {
            throw new AssociationAbortedException("the peer released the association instead of answering C-ECHO");
        }
        if (!(answer.command() instanceof CEchoRsp response) || response.messageIdBeingRespondedTo() != messageId) {
            association.abort();
            throw new AssociationAbortedException("expected the C-ECHO-RSP to message " + messageId + ", got "
                    + answer.command());
        }
        return response.status();
    }
}
