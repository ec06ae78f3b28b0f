package ferry.net.assoc;

import ferry.net.dimse.DimseCodec;
import ferry.net.dimse.DimseCommand;
import ferry.net.dimse.DimseFormatException;
import ferry.net.dimse.UnrecognizedRq;
import ferry.net.pdu.AAbort;
import ferry.net.pdu.PduWriter;
import ferry.net.pdu.PresentationDataValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An established association (PS3.8 state Sta6): DIMSE messages in and out over P-DATA, release and abort. The
 * PDUs themselves, and the state machine they drive, are its connection's {@link UpperLayer}'s.
 *
 * <p>Messages are streamed: {@link #receive()} returns the command with an {@link InputStream} over the data
 * set's fragments as they arrive, and {@link #openData} gives an {@link OutputStream} that cuts a data set into
 * PDUs no larger than the peer accepts. An association is used by one thread at a time.
 *
 * <p>A well-formed request of a DIMSE service this package does not decode arrives as an {@link UnrecognizedRq}, to be
 * answered. Protocol errors (a malformed PDU or command set, a PDU illegal in the current state, a fragment for a
 * context that was not accepted) abort the association with the A-ABORT reason of PS3.8 §9.3.8 and throw
 * {@link AssociationAbortedException}; so does a peer's A-ABORT and a closed connection. On an accepted association
 * a PDU that misses its time limit ({@link AcceptorLimits}) is aborted the same way, the message naming the limit.
 */
public final class Association implements AutoCloseable {
    /** Fragment size when the peer set no maximum PDU length (PS3.8 §D.1: 0 means unlimited). */
    static final int UNLIMITED_FRAGMENT = 1 << 20;
    /** The smallest peer maximum PDU length Ferry can send in: a PDV item header (6 bytes) and 2 bytes of data. */
    public static final long MIN_PEER_MAX_PDU_LENGTH = 8;

    private final UpperLayer link;
    private final PduWriter writer;
    private final AssociationInfo info;
    private final ArrayDeque<PresentationDataValue> pending = new ArrayDeque<>();
    private final int fragmentSize;
    private DataInput openInput;
    private byte[] fragment;
    private int nextMessageId = 1;
    private final Instant startedAt = Instant.now();
    /** DIMSE messages and PDV data bytes received: written by the association's thread, read by any. */
    private volatile long messagesReceived;
    private volatile long bytesReceived;

    /** @param link the connection, its association established (Sta6) as {@code info} says */
    Association(UpperLayer link, AssociationInfo info) {
        this.link = link;
        this.writer = link.writer();
        this.info = info;
        this.fragmentSize = fragmentSize(info.sendMaxPduLength());
        link.named((info.requestor() ? info.calledAeTitle() : info.callingAeTitle()) + "@" + info.peerAddress());
    }

    /**
     * The data bytes per PDV for a peer that receives P-DATA-TF PDUs of at most {@code maxPduLength}. That maximum
     * bounds the PDU-length field, which counts the PDV items with their 4-byte length, context ID and message
     * control header (PS3.8 §D.1, §9.3.5), so one PDV of {@code maxPduLength - 6} data bytes fills it exactly
     * (dcmtk sends 6 bytes less, as if the PDU header counted too). The size is rounded down to an even number, as
     * dcmtk does for its own lengths, so peers that expect even fragments are served.
     *
     * @throws IllegalArgumentException when the maximum is below {@link #MIN_PEER_MAX_PDU_LENGTH} (and not 0)
     */
    static int fragmentSize(long maxPduLength) {
        if (maxPduLength == 0 || maxPduLength > UNLIMITED_FRAGMENT + 6) {
            return UNLIMITED_FRAGMENT;
        }
        if (maxPduLength < MIN_PEER_MAX_PDU_LENGTH) {
            // was: max - 6 regardless, so a peer announcing 1 to 6 made Ferry send empty PDVs forever
            throw new IllegalArgumentException("a maximum PDU length of " + maxPduLength + " leaves no room for data");
        }
        return (int) (maxPduLength - 6) & ~1;
    }

    public AssociationInfo info() {
        return info;
    }

    /**
     * The local port of the association's connection: on an accepted association the port the {@link DicomServer}
     * listens on, which tells a handler serving several servers which one the peer called.
     */
    public int localPort() {
        return link.localPort();
    }

    /**
     * What this association has received so far, for a status display: read from another thread while the
     * association runs (each value is current, the two are not taken at the same instant).
     */
    public Progress progress() {
        return new Progress(startedAt, messagesReceived, bytesReceived);
    }

    /**
     * What an association has received.
     *
     * @param startedAt when it was established
     * @param messages  the DIMSE messages received (requests and responses, whole or begun)
     * @param bytes     the bytes of PDV data received (commands and data sets, as encoded)
     */
    public record Progress(Instant startedAt, long messages, long bytes) {
    }

    /** The state of the association's connection (PS3.8 §9.2): {@link State#STA6} until it is released or aborted. */
    public State state() {
        return link.state();
    }

    /** A new message ID for a request on this association. */
    public int nextMessageId() {
        int id = nextMessageId;
        nextMessageId = (nextMessageId % 0xFFFF) + 1;
        return id;
    }

    /**
     * A received DIMSE message.
     *
     * @param context the presentation context it came on
     * @param command the command
     * @param dataSet the data set as it arrives, or {@code null} when the command has none; it must be read (or
     *                is skipped) before the next {@link #receive()}
     */
    public record Message(PresentationContext context, DimseCommand command, InputStream dataSet) {
    }

    /**
     * The next DIMSE message, or {@code null} when the peer released the association (the A-RELEASE-RP has
     * then been sent and the connection closed).
     */
    public Message receive() throws IOException {
        skipOpenInput();
        ByteArrayOutputStream command = new ByteArrayOutputStream(256);
        int contextId = -1;
        while (true) {
            PresentationDataValue pdv = nextPdv(contextId < 0);
            if (pdv == null) {
                return null;
            }
            if (!pdv.command()) {
                throw abort(AAbort.UNEXPECTED_PDU_PARAMETER, "a data set fragment (context " + pdv.contextId()
                        + ") arrived where a command was expected");
            }
            if (contextId >= 0 && pdv.contextId() != contextId) {
                throw abort(AAbort.UNEXPECTED_PDU_PARAMETER, "a command changed presentation context mid-way");
            }
            contextId = pdv.contextId();
            command.write(pdv.data(), 0, pdv.data().length);
            if (pdv.last()) {
                break;
            }
        }
        PresentationContext context = context(contextId);
        messagesReceived++; // one thread writes: the read-modify-write of a volatile is safe here
        DimseCommand decoded;
        try {
            decoded = DimseCodec.decode(command.toByteArray());
        } catch (DimseFormatException e) {
            decoded = unrecognized(e);
        } catch (IOException e) {
            throw abort(AAbort.INVALID_PDU_PARAMETER_VALUE, "unreadable command: " + e.getMessage());
        }
        if (!decoded.hasDataSet()) {
            return new Message(context, decoded, null);
        }
        openInput = new DataInput(contextId);
        return new Message(context, decoded, openInput);
    }

    /**
     * A well-formed request of a service not decoded here (an N-EVENT-REPORT-RQ, a C-MOVE-RQ, ...) as an
     * {@link UnrecognizedRq}, for the SCP to answer with 0x0211 Unrecognized Operation (PS3.7 Annex C); anything else
     * that cannot be decoded aborts the association.
     */
    private UnrecognizedRq unrecognized(DimseFormatException e) throws AssociationAbortedException {
        if (e.unrecognizedCommand() && e.commandField().isPresent() && e.messageId().isPresent()
                && UnrecognizedRq.isAnswerable(e.commandField().getAsInt())) {
            return new UnrecognizedRq(e.commandField().getAsInt(), e.messageId().getAsInt(), e.dataSetFollows());
        }
        throw abort(AAbort.INVALID_PDU_PARAMETER_VALUE, "unreadable command: " + e.getMessage());
    }

    /**
     * The next DIMSE message if one has begun to arrive, else {@code null} at once: for an SCP that must notice a
     * C-CANCEL-RQ (PS3.7 §9.3.2.3) between the responses of an operation it is still performing.
     *
     * <p>It looks without blocking only for the start of a message: a fragment already received but not yet
     * consumed, or bytes waiting on the connection. Once a message has started it is read whole, as by
     * {@link #receive()}, waiting (within the read timeout) for the PDUs that carry the rest of it. A data set
     * still open from an earlier message is skipped first, which may read from the connection. Over TLS only bytes
     * already decrypted are seen, so a waiting message may be noticed one poll later, or only by {@link #receive()}.
     *
     * <p>Like {@link #receive()}, a peer's A-RELEASE-RQ (PS3.8 §7.2) is answered and gives {@code null}; then
     * {@link #state()} is no longer {@link State#STA6}.
     */
    public Message pollReceived() throws IOException {
        if (pending.isEmpty() && (openInput == null || openInput.exhausted()) && link.available() == 0) {
            return null;
        }
        return receive();
    }

    private PresentationContext context(int id) throws IOException {
        Optional<PresentationContext> context = info.context(id); // no capturing lambda per message
        if (context.isEmpty()) {
            throw abort(AAbort.INVALID_PDU_PARAMETER_VALUE, "presentation context " + id + " was not accepted");
        }
        return context.get();
    }

    private void skipOpenInput() throws IOException {
        if (openInput != null) {
            openInput.skip(Long.MAX_VALUE);
            openInput = null;
        }
    }

    /** The next PDV; at a message boundary a peer's release ends the association and gives {@code null}. */
    private PresentationDataValue nextPdv(boolean atMessageBoundary) throws IOException {
        while (pending.isEmpty()) {
            List<PresentationDataValue> values = link.receivePData(atMessageBoundary);
            if (values == null) {
                return null;
            }
            long received = bytesReceived;
            for (PresentationDataValue value : values) {
                received += value.data().length;
            }
            bytesReceived = received;
            pending.addAll(values);
        }
        return pending.poll();
    }

    /** Sends a command without a data set, in one write. */
    public void send(PresentationContext context, DimseCommand command) throws IOException {
        addCommand(context, command);
        flushWriter();
    }

    /**
     * Sends the PDUs waiting in the writer. When the connection breaks, what the peer sent before it went (usually an
     * A-ABORT saying why) is read if it is there, and the association ends with {@link AssociationAbortedException}.
     */
    private void flushWriter() throws AssociationAbortedException {
        try {
            writer.flush();
        } catch (IOException e) {
            throw link.lostWhileSending(e);
        }
    }

    /**
     * Sends a command that has a data set, and returns the stream to write the data set to (encoded in the
     * context's transfer syntax); closing the stream sends the last fragment. The command waits to leave in one
     * write with the data set's first fragment: for objects of a few KiB, one write and one wake-up of the peer per
     * object instead of two (3 % quicker with 5,000 objects of 8 KiB to storescp). Each fragment is one write.
     */
    public OutputStream sendWithDataSet(PresentationContext context, DimseCommand command) throws IOException {
        addCommand(context, command);
        return new DataOutput(context.id());
    }

    /** The command's PDUs, added to the writer's waiting ones (PS3.7 §6.3.1: the command before its data set). */
    private void addCommand(PresentationContext context, DimseCommand command) {
        byte[] bytes = DimseCodec.encode(command);
        int offset = 0;
        do {
            int length = Math.min(fragmentSize, bytes.length - offset);
            boolean last = offset + length == bytes.length;
            writer.addPData(context.id(), true, last, bytes, offset, length);
            offset += length;
        } while (offset < bytes.length);
    }

    /**
     * Releases the association (PS3.8 §7.2), waiting for the peer's A-RELEASE-RP; release collisions are resolved
     * as in PS3.8 §9.2.3 (Sta9–Sta12). Does nothing when the association is no longer established.
     */
    public void release() throws IOException {
        if (link.state() == State.STA6) {
            link.release();
        }
    }

    /** Aborts the association as its user (A-ABORT source 0, reason 0) and closes the connection. */
    public void abort() {
        link.abort();
    }

    /** Aborts for a protocol error of the peer (AA-8, PS3.8 §9.3.8 {@code reason}); returns the exception to throw. */
    AssociationAbortedException abort(int reason, String why) {
        return link.abort(reason, why);
    }

    /** Releases the association if it is still established, else just closes the connection. */
    @Override
    public void close() {
        try {
            release();
        } catch (IOException e) {
            abort();
        } finally {
            link.closeConnection();
        }
    }

    /** The data set of a received message, fragment by fragment. */
    private final class DataInput extends InputStream {
        private final int contextId;
        private byte[] data = new byte[0];
        private int position;
        private boolean last;

        DataInput(int contextId) {
            this.contextId = contextId;
        }

        private boolean fill() throws IOException {
            while (position == data.length) {
                if (last) {
                    return false;
                }
                PresentationDataValue pdv = nextPdv(false);
                if (pdv.command() || pdv.contextId() != contextId) {
                    throw abort(AAbort.UNEXPECTED_PDU_PARAMETER, "a " + (pdv.command() ? "command" : "data")
                            + " fragment for context " + pdv.contextId() + " arrived inside a data set of context "
                            + contextId);
                }
                data = pdv.data();
                position = 0;
                last = pdv.last();
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            while (skipped < n && fill()) {
                int step = (int) Math.min(n - skipped, data.length - position);
                position += step;
                skipped += step;
            }
            return skipped;
        }

        @Override
        public int available() {
            return data.length - position;
        }

        /** True once the last fragment has been read to its end. */
        boolean exhausted() {
            return last && position == data.length;
        }
    }

    /** A data set being sent: cut into fragments of at most the peer's maximum PDU length. */
    private final class DataOutput extends OutputStream {
        private final int contextId;
        private final byte[] buffer;
        private int count;
        private boolean closed;

        DataOutput(int contextId) {
            this.contextId = contextId;
            if (fragment == null) {
                fragment = new byte[fragmentSize];
            }
            this.buffer = fragment; // one data set is sent at a time
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buffer.length) {
                flushFragment(false);
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            while (len > 0) {
                if (count == buffer.length) {
                    flushFragment(false);
                }
                if (count == 0 && len > buffer.length) {
                    // A whole fragment and more bytes after it, so not the last: sent from b without a copy here.
                    addFragment(b, off, buffer.length, false);
                    off += buffer.length;
                    len -= buffer.length;
                    continue;
                }
                int n = Math.min(len, buffer.length - count);
                System.arraycopy(b, off, buffer, count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        private void flushFragment(boolean last) throws IOException {
            addFragment(buffer, 0, count, last);
            count = 0;
        }

        private void addFragment(byte[] bytes, int offset, int length, boolean last) throws IOException {
            writer.addPData(contextId, false, last, bytes, offset, length);
            flushWriter();
        }

        /** Sends what is buffered as the last fragment (a full buffer is held back until then). */
        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                flushFragment(true);
            }
        }
    }
}
