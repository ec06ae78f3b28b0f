package ferry.net.pdu;

/** A-RELEASE-RQ (PS3.8 §9.3.6): a request to release the association. Its four-byte body is reserved. */
public record AReleaseRq() implements Pdu {

    @Override
    public int type() {
        return PduType.A_RELEASE_RQ;
    }
}
