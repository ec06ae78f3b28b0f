package ferry.net.dimse;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * A command set that cannot be decoded: truncated, not Implicit VR Little Endian group 0000, a required element
 * missing or of the wrong length, or a Command Field this package does not know. The message names the command,
 * the element (keyword and tag) and the section of PS3.7 that was not met; the accessors give what an SCP needs
 * to answer the peer, e.g. 0x0211 Unrecognized Operation to the Message ID of an unknown command.
 */
public final class DimseFormatException extends IOException {
    private static final int ABSENT = -1;

    private final int commandField;
    private final int messageId;
    private final int element;
    private final int dataSetType;
    private final boolean unrecognizedCommand;

    /** A format error without further detail. */
    public DimseFormatException(String message) {
        this(message, ABSENT, ABSENT, ABSENT, ABSENT, false);
    }

    DimseFormatException(String message, int commandField, int messageId, int element, int dataSetType,
            boolean unrecognizedCommand) {
        super(message);
        this.commandField = commandField;
        this.messageId = messageId;
        this.element = element;
        this.dataSetType = dataSetType;
        this.unrecognizedCommand = unrecognizedCommand;
    }

    /** The Command Field (0000,0100) when it could be read. */
    public OptionalInt commandField() {
        return commandField == ABSENT ? OptionalInt.empty() : OptionalInt.of(commandField);
    }

    /**
     * The Message ID (0000,0110) of a request, or Message ID Being Responded To (0000,0120) of a response, when it
     * could be read: the value a response to the faulty message must carry.
     */
    public OptionalInt messageId() {
        return messageId == ABSENT ? OptionalInt.empty() : OptionalInt.of(messageId);
    }

    /** The tag of the element in error, when one is to blame (for Offending Element (0000,0901)). */
    public OptionalInt element() {
        return element == ABSENT ? OptionalInt.empty() : OptionalInt.of(element);
    }

    /**
     * True when Command Data Set Type (0000,0800) could be read and says a data set follows (not 0x0101): the
     * receiver still has to take that data set off the association before it answers.
     */
    public boolean dataSetFollows() {
        return dataSetType != ABSENT && dataSetType != 0x0101;
    }

    /**
     * True when the command set was well formed but its Command Field is not one this package decodes (C-MOVE,
     * C-GET, DIMSE-N, or no DIMSE command at all); an SCP answers 0x0211 Unrecognized Operation.
     */
    public boolean unrecognizedCommand() {
        return unrecognizedCommand;
    }
}
