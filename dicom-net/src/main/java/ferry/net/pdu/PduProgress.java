package ferry.net.pdu;

/**
 * Told by a {@link PduReader} where it is in the PDU it reads, so that its user can bound the time a whole PDU takes
 * (a socket's read timeout bounds only single reads). Called on the reading thread; the calls must be quick.
 */
public interface PduProgress {
    /** Reports nothing. */
    PduProgress NONE = new PduProgress() {
        @Override
        public void started() {
        }

        @Override
        public void announced(int type, long length) {
        }

        @Override
        public void ended() {
        }
    };

    /** The first byte of a PDU has been read. */
    void started();

    /** Its header has been read: the PDU type and the length of the body that follows (PS3.8 §9.3.1). */
    void announced(int type, long length);

    /** The PDU has been read to its end (also when it turns out malformed). */
    void ended();

    /** The name PS3.8 gives a PDU type code, such as {@code P-DATA-TF}, for messages. */
    static String name(int type) {
        return PduType.name(type);
    }
}
