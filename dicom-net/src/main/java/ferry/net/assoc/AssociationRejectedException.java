package ferry.net.assoc;

import ferry.net.pdu.AAssociateRj;
import java.io.IOException;

/** The acceptor answered an A-ASSOCIATE-RQ with an A-ASSOCIATE-RJ (PS3.8 §9.3.4). */
public final class AssociationRejectedException extends IOException {
    private final AAssociateRj rejection;

    public AssociationRejectedException(AAssociateRj rejection) {
        super("association rejected: " + rejection.describe());
        this.rejection = rejection;
    }

    public AAssociateRj rejection() {
        return rejection;
    }
}
