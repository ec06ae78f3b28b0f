package ferry.net.dimse;

import ferry.core.tag.Tags;
import java.util.Objects;

/**
 * Converts {@link DimseCommand} records to and from command set bytes: group 0000 in Implicit VR Little Endian,
 * Command Group Length (0000,0000) first, elements in ascending tag order (PS3.7 §6.3.1, §9.3, Annex E).
 *
 * <p>Encoding writes the bytes directly, without building a data set: C-STORE-RSP is written once per received
 * object. Choices:
 * <ul>
 *   <li>Command Data Set Type (0000,0800) is 0x0101 when no data set follows and 0x0001 when one does (PS3.7
 *       §E.1 allows any value other than 0x0101; dcmtk and pynetdicom write 0x0001, dcm4che 0x0000).</li>
 *   <li>Optional fields that are null are left out: Affected SOP Class/Instance UID of responses, the move
 *       originator of C-STORE-RQ, Error Comment, Error ID; Offending Element when the list is empty.</li>
 *   <li>Error Comment (0000,0902) is LO: at most {@value Status#ERROR_COMMENT_MAX} characters are written, in the
 *       default repertoire (see {@link Status}).</li>
 * </ul>
 *
 * <p>Decoding accepts what real peers send: no Command Group Length, elements in any order, retired or unused
 * group 0000 elements (skipped), values padded with spaces or NULs, odd value lengths, and up to 7 zero bytes of
 * trailing padding. Anything else is a {@link DimseFormatException} naming the element and the section of PS3.7.
 */
public final class DimseCodec {
    private static final int NO_DATA_SET = 0x0101;
    private static final int DATA_SET_PRESENT = 0x0001;

    private DimseCodec() {
    }

    /** The command set of {@code command}, ready to be sent as the command PDVs of a message. */
    public static byte[] encode(DimseCommand command) {
        Objects.requireNonNull(command, "command");
        CommandSetWriter w = new CommandSetWriter();
        if (command instanceof CStoreRsp rsp) {
            w.ui(Tags.AffectedSOPClassUID, rsp.affectedSopClassUid());
            response(w, rsp, false);
            w.ui(Tags.AffectedSOPInstanceUID, rsp.affectedSopInstanceUid());
        } else if (command instanceof CStoreRq rq) {
            request(w, rq);
            w.us(Tags.Priority, rq.priority().code());
            w.us(Tags.CommandDataSetType, DATA_SET_PRESENT);
            w.ui(Tags.AffectedSOPInstanceUID, rq.affectedSopInstanceUid());
            w.ae(Tags.MoveOriginatorApplicationEntityTitle, rq.moveOriginatorAeTitle());
            w.optionalUs(Tags.MoveOriginatorMessageID, rq.moveOriginatorMessageId());
        } else if (command instanceof CEchoRq rq) {
            request(w, rq);
            w.us(Tags.CommandDataSetType, NO_DATA_SET);
        } else if (command instanceof CEchoRsp rsp) {
            w.ui(Tags.AffectedSOPClassUID, rsp.affectedSopClassUid());
            response(w, rsp, false);
        } else if (command instanceof CFindRq rq) {
            request(w, rq);
            w.us(Tags.Priority, rq.priority().code());
            w.us(Tags.CommandDataSetType, DATA_SET_PRESENT);
        } else if (command instanceof CFindRsp rsp) {
            w.ui(Tags.AffectedSOPClassUID, rsp.affectedSopClassUid());
            response(w, rsp, rsp.hasIdentifier());
        } else if (command instanceof CMoveRq rq) {
            request(w, rq);
            w.ae(Tags.MoveDestination, rq.moveDestination());
            w.us(Tags.Priority, rq.priority().code());
            w.us(Tags.CommandDataSetType, DATA_SET_PRESENT);
        } else if (command instanceof CMoveRsp rsp) {
            w.ui(Tags.AffectedSOPClassUID, rsp.affectedSopClassUid());
            response(w, rsp, rsp.hasIdentifier());
            counts(w, rsp.counts());
        } else if (command instanceof CGetRq rq) {
            request(w, rq);
            w.us(Tags.Priority, rq.priority().code());
            w.us(Tags.CommandDataSetType, DATA_SET_PRESENT);
        } else if (command instanceof CGetRsp rsp) {
            w.ui(Tags.AffectedSOPClassUID, rsp.affectedSopClassUid());
            response(w, rsp, rsp.hasIdentifier());
            counts(w, rsp.counts());
        } else if (command instanceof UnrecognizedRsp rsp) {
            response(w, rsp, false);
        } else if (command instanceof CCancelRq rq) {
            w.us(Tags.CommandField, CommandField.C_CANCEL_RQ);
            w.us(Tags.MessageIDBeingRespondedTo, rq.messageIdBeingRespondedTo());
            w.us(Tags.CommandDataSetType, NO_DATA_SET);
        } else if (command instanceof UnrecognizedRq rq) {
            throw new IllegalArgumentException(CommandField.name(rq.commandField()) + " is not encoded by this codec");
        } else {
            throw new AssertionError("unhandled command " + command);
        }
        return w.toBytes();
    }

    /** Affected SOP Class UID, Command Field, Message ID. */
    private static void request(CommandSetWriter w, DimseRq rq) {
        w.ui(Tags.AffectedSOPClassUID, rq.affectedSopClassUid());
        w.us(Tags.CommandField, rq.commandField());
        w.us(Tags.MessageID, rq.messageId());
    }

    /** Command Field to Error ID, for a response whose Affected SOP Class UID has been written. */
    private static void response(CommandSetWriter w, DimseRsp rsp, boolean hasDataSet) {
        Status status = rsp.status();
        w.us(Tags.CommandField, rsp.commandField());
        w.us(Tags.MessageIDBeingRespondedTo, rsp.messageIdBeingRespondedTo());
        w.us(Tags.CommandDataSetType, hasDataSet ? DATA_SET_PRESENT : NO_DATA_SET);
        w.us(Tags.Status, status.code());
        w.tags(Tags.OffendingElement, status.offendingElements());
        w.lo(Tags.ErrorComment, status.errorComment(), Status.ERROR_COMMENT_MAX);
        w.optionalUs(Tags.ErrorID, status.errorId());
    }

    /** The sub-operation counts of a C-MOVE-RSP or C-GET-RSP, those that are not null (0000,1020-1023). */
    private static void counts(CommandSetWriter w, SubOperationCounts counts) {
        w.optionalUs(Tags.NumberOfRemainingSuboperations, counts.remaining());
        w.optionalUs(Tags.NumberOfCompletedSuboperations, counts.completed());
        w.optionalUs(Tags.NumberOfFailedSuboperations, counts.failed());
        w.optionalUs(Tags.NumberOfWarningSuboperations, counts.warning());
    }

    /**
     * The command in {@code commandSet}, a complete command set as reassembled from its command PDVs.
     *
     * @throws DimseFormatException when the bytes are not a well-formed command set, a mandatory element is
     *     missing, or the Command Field is not C-ECHO, C-STORE, C-FIND, C-MOVE, C-GET or C-CANCEL (then
     *     {@link DimseFormatException#unrecognizedCommand()} is true)
     */
    public static DimseCommand decode(byte[] commandSet) throws DimseFormatException {
        Objects.requireNonNull(commandSet, "commandSet");
        CommandSetReader r = CommandSetReader.read(commandSet);
        int field = r.us(Tags.CommandField);
        boolean answering = CommandField.isResponse(field) || field == CommandField.C_CANCEL_RQ;
        r.context(field, r.usOrAbsent(answering ? Tags.MessageIDBeingRespondedTo : Tags.MessageID));
        try {
            return switch (field) {
                case CommandField.C_STORE_RQ -> cStoreRq(r);
                case CommandField.C_STORE_RSP -> cStoreRsp(r);
                case CommandField.C_ECHO_RQ -> cEchoRq(r);
                case CommandField.C_ECHO_RSP -> cEchoRsp(r);
                case CommandField.C_FIND_RQ -> cFindRq(r);
                case CommandField.C_FIND_RSP -> cFindRsp(r);
                case CommandField.C_MOVE_RQ -> cMoveRq(r);
                case CommandField.C_MOVE_RSP -> cMoveRsp(r);
                case CommandField.C_GET_RQ -> cGetRq(r);
                case CommandField.C_GET_RSP -> cGetRsp(r);
                case CommandField.C_CANCEL_RQ -> cCancelRq(r);
                default -> throw r.unrecognized();
            };
        } catch (IllegalArgumentException e) {
            throw r.fail(e.getMessage(), -1);
        }
    }

    // Each reads the fields in the order of its table in PS3.7 §9.3, so the first missing one is reported.

    private static CStoreRq cStoreRq(CommandSetReader r) throws DimseFormatException {
        String sopClass = r.text(Tags.AffectedSOPClassUID);
        int messageId = r.us(Tags.MessageID);
        Priority priority = priority(r);
        expectDataSet(r, true);
        return new CStoreRq(messageId, sopClass, r.text(Tags.AffectedSOPInstanceUID), priority,
                r.optionalText(Tags.MoveOriginatorApplicationEntityTitle), r.optionalUs(Tags.MoveOriginatorMessageID));
    }

    private static CStoreRsp cStoreRsp(CommandSetReader r) throws DimseFormatException {
        String sopClass = r.optionalText(Tags.AffectedSOPClassUID);
        int messageId = r.us(Tags.MessageIDBeingRespondedTo);
        expectDataSet(r, false);
        Status status = status(r);
        return new CStoreRsp(messageId, sopClass, r.optionalText(Tags.AffectedSOPInstanceUID), status);
    }

    private static CEchoRq cEchoRq(CommandSetReader r) throws DimseFormatException {
        String sopClass = r.text(Tags.AffectedSOPClassUID);
        int messageId = r.us(Tags.MessageID);
        expectDataSet(r, false);
        return new CEchoRq(messageId, sopClass);
    }

    private static CEchoRsp cEchoRsp(CommandSetReader r) throws DimseFormatException {
        String sopClass = r.optionalText(Tags.AffectedSOPClassUID);
        int messageId = r.us(Tags.MessageIDBeingRespondedTo);
        expectDataSet(r, false);
        return new CEchoRsp(messageId, sopClass, status(r));
    }

    private static CFindRq cFindRq(CommandSetReader r) throws DimseFormatException {
        String sopClass = r.text(Tags.AffectedSOPClassUID);
        int messageId = r.us(Tags.MessageID);
        Priority priority = priority(r);
        expectDataSet(r, true);
        return new CFindRq(messageId, sopClass, priority);
    }

    private static CFindRsp cFindRsp(CommandSetReader r) throws DimseFormatException {
        String sopClass = r.optionalText(Tags.AffectedSOPClassUID);
        int messageId = r.us(Tags.MessageIDBeingRespondedTo);
        boolean hasIdentifier = r.us(Tags.CommandDataSetType) != NO_DATA_SET;
        return new CFindRsp(messageId, sopClass, status(r), hasIdentifier);
    }

    private static CMoveRq cMoveRq(CommandSetReader r) throws DimseFormatException {
        String sopClass = r.text(Tags.AffectedSOPClassUID);
        int messageId = r.us(Tags.MessageID);
        Priority priority = priority(r);
        expectDataSet(r, true);
        return new CMoveRq(messageId, sopClass, priority, r.text(Tags.MoveDestination));
    }

    private static CMoveRsp cMoveRsp(CommandSetReader r) throws DimseFormatException {
        String sopClass = r.optionalText(Tags.AffectedSOPClassUID);
        int messageId = r.us(Tags.MessageIDBeingRespondedTo);
        boolean hasIdentifier = r.us(Tags.CommandDataSetType) != NO_DATA_SET;
        return new CMoveRsp(messageId, sopClass, status(r), counts(r), hasIdentifier);
    }

    private static CGetRq cGetRq(CommandSetReader r) throws DimseFormatException {
        String sopClass = r.text(Tags.AffectedSOPClassUID);
        int messageId = r.us(Tags.MessageID);
        Priority priority = priority(r);
        expectDataSet(r, true);
        return new CGetRq(messageId, sopClass, priority);
    }

    private static CGetRsp cGetRsp(CommandSetReader r) throws DimseFormatException {
        String sopClass = r.optionalText(Tags.AffectedSOPClassUID);
        int messageId = r.us(Tags.MessageIDBeingRespondedTo);
        boolean hasIdentifier = r.us(Tags.CommandDataSetType) != NO_DATA_SET;
        return new CGetRsp(messageId, sopClass, status(r), counts(r), hasIdentifier);
    }

    private static SubOperationCounts counts(CommandSetReader r) throws DimseFormatException {
        return new SubOperationCounts(r.optionalUs(Tags.NumberOfRemainingSuboperations),
                r.optionalUs(Tags.NumberOfCompletedSuboperations), r.optionalUs(Tags.NumberOfFailedSuboperations),
                r.optionalUs(Tags.NumberOfWarningSuboperations));
    }

    private static CCancelRq cCancelRq(CommandSetReader r) throws DimseFormatException {
        int messageId = r.us(Tags.MessageIDBeingRespondedTo);
        expectDataSet(r, false);
        return new CCancelRq(messageId);
    }

    private static Priority priority(CommandSetReader r) throws DimseFormatException {
        int code = r.us(Tags.Priority);
        try {
            return Priority.of(code);
        } catch (IllegalArgumentException e) {
            throw r.fail(e.getMessage(), Tags.Priority);
        }
    }

    private static Status status(CommandSetReader r) throws DimseFormatException {
        return new Status(r.us(Tags.Status), r.optionalText(Tags.ErrorComment), r.tags(Tags.OffendingElement),
                r.optionalUs(Tags.ErrorID));
    }

    /** Checks that Command Data Set Type says a data set follows exactly when the command has one. */
    private static void expectDataSet(CommandSetReader r, boolean expected) throws DimseFormatException {
        int type = r.us(Tags.CommandDataSetType);
        if ((type != NO_DATA_SET) != expected) {
            throw r.fail(String.format("CommandDataSetType (0000,0800) is 0x%04X (%s), but %s %s (PS3.7 %s, §E.1)",
                    type, type == NO_DATA_SET ? "no data set" : "a data set follows",
                    CommandField.name(r.commandField()), expected ? "carries a data set" : "has none",
                    CommandSetReader.section(r.commandField())), Tags.CommandDataSetType);
        }
    }
}
