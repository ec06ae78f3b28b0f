package ferry.net.pdu;

/** A-RELEASE-RP (PS3.8 §9.3.7): the answer to an A-RELEASE-RQ. Its four-byte body is reserved. */
public record AReleaseRp() implements Pdu {

    @Override
    public int type() {
        return PduType.A_RELEASE_RP;
    }
}
