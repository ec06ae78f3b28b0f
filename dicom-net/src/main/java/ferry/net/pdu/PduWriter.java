package ferry.net.pdu;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes PDUs (PS3.8 §9.3) to a stream, each with a single {@code OutputStream.write} call followed by a flush, so
 * that on a socket with TCP_NODELAY a PDU leaves as one segment when it fits one and a response is never held back
 * waiting for a delayed ACK (docs/performance.md, "Receiving and sending").
 *
 * <p>P-DATA-TF PDUs are the hot path for sending data. {@link #addPData} assembles the PDU header, the PDV header and
 * the caller's bytes in an internal buffer that is kept and grown to the largest run written; {@link #flush} writes
 * all the PDUs added since the last one with a single write call, so that a command can leave together with the
 * first fragment of its data set. {@link #writePData} adds one PDU and flushes. Splitting messages into PDUs no
 * larger than the peer's maximum length (PS3.8 Annex D.1) is the caller's job.
 *
 * <p>This class is not thread-safe; one thread writes an association at a time.
 */
public final class PduWriter {
    private static final int PDATA_HEADERS = 12; // PDU header (6) + PDV item length (4), context ID, control header

    private final OutputStream out;
    private byte[] buffer = new byte[0];
    private int count;

    /** @param out the stream to write to, usually a socket's */
    public PduWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * The bytes of {@code pdu}, header included.
     *
     * @throws IllegalArgumentException when a value cannot be encoded: a field longer than its 16-bit length, or a
     *         character beyond ISO 8859-1
     */
    public static byte[] encode(Pdu pdu) {
        return PduEncoder.encode(Objects.requireNonNull(pdu, "pdu"));
    }

    /** Writes {@code pdu} with one write call and flushes, after any P-DATA-TF PDUs still waiting. */
    public void write(Pdu pdu) throws IOException {
        byte[] bytes = encode(pdu);
        flush();
        out.write(bytes);
        out.flush();
    }

    /**
     * Writes a P-DATA-TF PDU holding one presentation data value, with one write call together with any PDUs still
     * waiting, and flushes: {@link #addPData} then {@link #flush}.
     */
    public void writePData(int contextId, boolean command, boolean last, byte[] buffer, int offset, int length)
            throws IOException {
        addPData(contextId, command, last, buffer, offset, length);
        flush();
    }

    /**
     * Adds a P-DATA-TF PDU holding one presentation data value, {@code length} bytes of {@code buffer} from
     * {@code offset} (PS3.8 §9.3.5), to the PDUs waiting for {@link #flush}. The PDU length is {@code length + 6}.
     *
     * @param contextId the presentation context ID (odd, 1 to 255)
     * @param command true for a command fragment, false for a data set fragment (PS3.8 Annex E.2, bit 0)
     * @param last true for the last fragment of the command or data set (PS3.8 Annex E.2, bit 1)
     */
    public void addPData(int contextId, boolean command, boolean last, byte[] buffer, int offset, int length) {
        PresentationContextRq.checkId(contextId);
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length > Integer.MAX_VALUE - 8 - PDATA_HEADERS - count) {
            throw new IllegalArgumentException("a PDV of " + length + " bytes is too large for one PDU here");
        }
        int total = count + PDATA_HEADERS + length;
        if (this.buffer.length < total) {
            this.buffer = Arrays.copyOf(this.buffer, total);
        }
        byte[] b = this.buffer;
        int at = count;
        int pduLength = length + 6;
        int pdvLength = length + 2;
        b[at] = PduType.P_DATA_TF;
        b[at + 1] = 0;
        b[at + 2] = (byte) (pduLength >>> 24);
        b[at + 3] = (byte) (pduLength >>> 16);
        b[at + 4] = (byte) (pduLength >>> 8);
        b[at + 5] = (byte) pduLength;
        b[at + 6] = (byte) (pdvLength >>> 24);
        b[at + 7] = (byte) (pdvLength >>> 16);
        b[at + 8] = (byte) (pdvLength >>> 8);
        b[at + 9] = (byte) pdvLength;
        b[at + 10] = (byte) contextId;
        b[at + 11] = (byte) ((command ? 1 : 0) | (last ? 2 : 0));
        System.arraycopy(buffer, offset, b, at + PDATA_HEADERS, length);
        count = total;
    }

    /** The bytes of the P-DATA-TF PDUs added and not yet written. */
    public int waiting() {
        return count;
    }

    /** Writes the P-DATA-TF PDUs added since the last flush, if any, with one write call, and flushes. */
    public void flush() throws IOException {
        if (count > 0) {
            int n = count;
            count = 0; // after a failed write the connection is lost; nothing is written twice
            out.write(buffer, 0, n);
            out.flush();
        }
    }
}
