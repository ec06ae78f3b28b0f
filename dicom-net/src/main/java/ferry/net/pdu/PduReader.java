package ferry.net.pdu;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads PDUs (PS3.8 §9.3) from a stream, one {@link #read()} at a time.
 *
 * <p>Each PDU costs a {@code read} of its first byte and two {@code readNBytes} calls on the stream: the rest of the
 * six-byte header, then the whole body into a buffer this reader reuses. Presentation data values are sliced out of
 * that buffer with one copy each. The stream may be a socket's stream as it is, though a {@code BufferedInputStream}
 * around it saves a system call per PDU. A {@link PduProgress} given to the constructor hears when each PDU starts,
 * what its header announces and when it ends.
 *
 * <p>Limits, checked from the header before the body is read:
 * <ul>
 * <li>P-DATA-TF: the PDU length may not exceed the maximum length this side announced in its maximum length
 * sub-item (PS3.8 Annex D.1), given to the constructor; 0 there means no limit beyond what an array can hold.
 * <li>A-ASSOCIATE-RQ and -AC: {@value #MAX_ASSOCIATION_PDU_LENGTH} bytes. Their length is unrelated to the
 * announced maximum. dcmtk's storescu proposing 128 presentation contexts sends about 11 KiB, getscu with 126 role
 * selections about 17 KiB; the cap leaves room for long user identity tokens (each field at most 64 KiB).
 * <li>A-ASSOCIATE-RJ, A-RELEASE-RQ, A-RELEASE-RP and A-ABORT: exactly 4 bytes, as PS3.8 §9.3.4 to §9.3.8 define.
 * </ul>
 * A body larger than 1 MiB is read in steps, with the buffer growing as bytes arrive, so a hostile length never
 * causes a large allocation by itself.
 *
 * <p>Errors: a malformed PDU throws {@link PduFormatException} with the A-ABORT reason to send and a message
 * naming the PDU, item and offset; the end of the stream inside a PDU throws {@link EOFException}. Reserved fields
 * are not tested. After an exception the stream is no longer at a PDU boundary: answer (A-ABORT) and close. This
 * class is not thread-safe; one thread reads an association.
 */
public final class PduReader {
    /** The largest A-ASSOCIATE-RQ or -AC body accepted, 1 MiB. */
    public static final int MAX_ASSOCIATION_PDU_LENGTH = 1 << 20;

    static final int HEADER_LENGTH = 6;
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    private static final int GROWTH_STEP = 1 << 20;

    private final InputStream in;
    private final PduProgress progress;
    private final int maxPDataLength;
    private final boolean unlimited;
    private final byte[] header = new byte[HEADER_LENGTH];
    private byte[] body = new byte[0];

    /**
     * @param in the stream to read from, usually a socket's
     * @param maxPduLength the maximum length this side announced for P-DATA-TF PDUs (the PDU-length field, without
     *        the six-byte header; PS3.8 Annex D.1), an unsigned 32-bit value; 0 for no limit
     */
    public PduReader(InputStream in, long maxPduLength) {
        this(in, maxPduLength, PduProgress.NONE);
    }

    /**
     * A reader that tells {@code progress} when each PDU starts, what its header announces and when it ends: for an
     * acceptor that bounds the time of whole PDUs (see {@code ferry.net.assoc.DicomServer}).
     */
    public PduReader(InputStream in, long maxPduLength, PduProgress progress) {
        this.in = Objects.requireNonNull(in, "in");
        this.progress = Objects.requireNonNull(progress, "progress");
        if (maxPduLength < 0 || maxPduLength > UserInformation.MAX_PDU_LENGTH_LIMIT) {
            throw new IllegalArgumentException("maximum PDU length " + maxPduLength + " does not fit 32 bits");
        }
        this.unlimited = maxPduLength == 0 || maxPduLength > MAX_ARRAY_LENGTH;
        this.maxPDataLength = maxPduLength == 0 ? MAX_ARRAY_LENGTH : (int) Math.min(maxPduLength, MAX_ARRAY_LENGTH);
    }

    /**
     * Blocks for the next PDU and returns it, or null when the stream ends cleanly before its first byte.
     *
     * @throws PduFormatException when the PDU breaks PS3.8 §9.3; answer with {@link PduFormatException#abort()}
     * @throws EOFException when the stream ends inside a PDU
     */
    public Pdu read() throws IOException {
        int first = in.read(); // alone, so that the PDU's time starts with its first byte
        if (first < 0) {
            return null;
        }
        progress.started();
        try {
            return readStarted(first);
        } finally {
            progress.ended();
        }
    }

    private Pdu readStarted(int first) throws IOException {
        header[0] = (byte) first;
        int n = 1 + in.readNBytes(header, 1, HEADER_LENGTH - 1);
        int type = first;
        String pdu = PduType.name(type);
        if (n < HEADER_LENGTH) {
            throw new EOFException(pdu + ": the stream ends inside the PDU header, after " + n + " of 6 bytes");
        }
        long declared = (header[2] & 0xFFL) << 24 | (header[3] & 0xFF) << 16 | (header[4] & 0xFF) << 8
                | header[5] & 0xFF;
        int length = checkLength(type, pdu, declared);
        progress.announced(type, length);
        readBody(pdu, length);
        return switch (type) {
            case PduType.A_ASSOCIATE_RQ -> AssociateDecoder.decodeRq(body, length);
            case PduType.A_ASSOCIATE_AC -> AssociateDecoder.decodeAc(body, length);
            case PduType.A_ASSOCIATE_RJ -> associateRj();
            case PduType.P_DATA_TF -> pData(length);
            case PduType.A_RELEASE_RQ -> new AReleaseRq();
            case PduType.A_RELEASE_RP -> new AReleaseRp();
            case PduType.A_ABORT -> abort();
            default -> throw new IllegalStateException("unreachable: type checked before");
        };
    }

    /**
     * The bytes that can be read without blocking ({@link InputStream#available()} of the stream): more than 0
     * means a PDU has begun to arrive and {@link #read()} will not wait for its first byte, though it may wait for
     * the rest of it. A TLS stream counts only bytes already decrypted, so it may say 0 while a PDU waits.
     */
    public int available() throws IOException {
        return in.available();
    }

    private int checkLength(int type, String pdu, long length) throws PduFormatException {
        switch (type) {
            case PduType.A_ASSOCIATE_RQ, PduType.A_ASSOCIATE_AC -> {
                if (length > MAX_ASSOCIATION_PDU_LENGTH) {
                    throw error(pdu, null, 2, AAbort.INVALID_PDU_PARAMETER_VALUE, "PDU length " + length
                            + " exceeds the limit of " + MAX_ASSOCIATION_PDU_LENGTH + " bytes for association PDUs");
                }
            }
            case PduType.P_DATA_TF -> {
                if (length > maxPDataLength) {
                    throw error(pdu, null, 2, AAbort.INVALID_PDU_PARAMETER_VALUE, "PDU length " + length + (unlimited
                            ? " exceeds the largest PDU this reader can hold (" + MAX_ARRAY_LENGTH + " bytes)"
                            : " exceeds the maximum length " + maxPDataLength + " announced (PS3.8 Annex D.1)"));
                }
            }
            case PduType.A_ASSOCIATE_RJ, PduType.A_RELEASE_RQ, PduType.A_RELEASE_RP, PduType.A_ABORT -> {
                if (length != 4) {
                    throw error(pdu, null, 2, AAbort.INVALID_PDU_PARAMETER_VALUE,
                            "PDU length " + length + " is not 4 (PS3.8 9.3.4 to 9.3.8)");
                }
            }
            default -> throw error(pdu, null, 0, AAbort.UNRECOGNIZED_PDU,
                    "not a DICOM PDU type (PS3.8 9.3.1)" + guess());
        }
        return (int) length;
    }

    /** What a stream that does not start with a PDU may be instead, for the message. */
    private String guess() {
        if (header[0] == 0x16 && header[1] == 0x03) {
            return "; this looks like a TLS handshake: does the peer use TLS on a port without it?";
        }
        String start = new String(header, 0, 4, StandardCharsets.ISO_8859_1);
        if (List.of("GET ", "POST", "HEAD", "PUT ", "OPTI").contains(start)) {
            return "; this looks like an HTTP request: is a web client talking to the DICOM port?";
        }
        return "";
    }

    private void readBody(String pdu, int length) throws IOException {
        if (body.length < length) {
            body = new byte[Math.min(length, Math.max(GROWTH_STEP, body.length * 2))];
        }
        int filled = 0;
        while (true) {
            int want = Math.min(length, body.length) - filled;
            int n = in.readNBytes(body, filled, want);
            filled += n;
            if (n < want) {
                throw new EOFException(pdu + ": the stream ends inside the PDU body, after " + filled + " of "
                        + length + " bytes");
            }
            if (filled == length) {
                return;
            }
            body = Arrays.copyOf(body, (int) Math.min(length, body.length * 2L));
        }
    }

    private AAssociateRj associateRj() throws PduFormatException {
        String pdu = PduType.name(PduType.A_ASSOCIATE_RJ);
        int resultCode = body[1] & 0xFF;
        int sourceCode = body[2] & 0xFF;
        AAssociateRj.Result result = AAssociateRj.Result.of(resultCode);
        if (result == null) {
            throw error(pdu, "result", 7, AAbort.INVALID_PDU_PARAMETER_VALUE,
                    resultCode + " is not defined (PS3.8 Table 9-21)");
        }
        AAssociateRj.Source source = AAssociateRj.Source.of(sourceCode);
        if (source == null) {
            throw error(pdu, "source", 8, AAbort.INVALID_PDU_PARAMETER_VALUE,
                    sourceCode + " is not defined (PS3.8 Table 9-21)");
        }
        return new AAssociateRj(result, source, body[3] & 0xFF);
    }

    private AAbort abort() throws PduFormatException {
        int sourceCode = body[2] & 0xFF;
        AAbort.Source source = AAbort.Source.of(sourceCode);
        if (source == null) {
            throw error(PduType.name(PduType.A_ABORT), "source", 8, AAbort.INVALID_PDU_PARAMETER_VALUE,
                    sourceCode + " is not defined (PS3.8 Table 9-26)");
        }
        return new AAbort(source, body[3] & 0xFF);
    }

    private PDataTf pData(int length) throws PduFormatException {
        String pdu = PduType.name(PduType.P_DATA_TF);
        if (length == 0) {
            throw error(pdu, null, 2, AAbort.INVALID_PDU_PARAMETER_VALUE,
                    "holds no presentation data value item (PS3.8 9.3.5 asks for one or more)");
        }
        List<PresentationDataValue> values = new ArrayList<>(1);
        int pos = 0;
        while (pos < length) {
            int offset = pos + HEADER_LENGTH;
            int left = length - pos;
            if (left < 6) {
                throw error(pdu, "presentation data value item", offset, AAbort.INVALID_PDU_PARAMETER_VALUE,
                        left + " bytes left in the PDU, too few for an item length, context ID and header");
            }
            long itemLength = (body[pos] & 0xFFL) << 24 | (body[pos + 1] & 0xFF) << 16 | (body[pos + 2] & 0xFF) << 8
                    | body[pos + 3] & 0xFF;
            if (itemLength < 2) {
                throw error(pdu, "presentation data value item", offset, AAbort.INVALID_PDU_PARAMETER_VALUE,
                        "item length " + itemLength + " leaves no room for the context ID and message control"
                                + " header (PS3.8 9.3.5.1)");
            }
            if (itemLength > left - 4) {
                throw error(pdu, "presentation data value item", offset, AAbort.INVALID_PDU_PARAMETER_VALUE,
                        "length " + itemLength + " runs past the end of the PDU (" + (left - 4) + " bytes left)");
            }
            int contextId = body[pos + 4] & 0xFF;
            if (contextId % 2 == 0) {
                throw error(pdu, "presentation data value item", offset, AAbort.INVALID_PDU_PARAMETER_VALUE,
                        "presentation context ID " + contextId + " is not an odd number from 1 to 255");
            }
            int control = body[pos + 5]; // bits 2 to 7 are reserved and not tested (PS3.8 Annex E.2)
            int start = pos + 6;
            int end = pos + 4 + (int) itemLength;
            values.add(new PresentationDataValue(contextId, (control & 1) != 0, (control & 2) != 0,
                    Arrays.copyOfRange(body, start, end)));
            pos = end;
        }
        return new PDataTf(values);
    }

    /**
     * The exception for a malformed PDU, phrased as
     * {@code "<PDU>: <item> at offset <n>: <detail>"} (or without the item when the PDU itself is at fault).
     */
    static PduFormatException error(String pdu, String item, int offset, int reason, String detail) {
        String where = (item == null ? "at offset " : item + " at offset ") + offset;
        return new PduFormatException(pdu + ": " + where + ": " + detail, reason);
    }
}
