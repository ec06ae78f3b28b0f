package ferry.net.dimse;

import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the elements of a command set (Implicit VR Little Endian, group 0000) once, remembers where the elements
 * DIMSE-C needs are, and reads their values on demand. Other group 0000 elements (retired ones such as
 * (0000,0001) Command Length to End, or those of commands not modelled) are skipped. Errors are
 * {@link DimseFormatException}s naming the command (once known), the element and PS3.7's section.
 */
final class CommandSetReader {
    private static final int ABSENT = -1;
    private static final int SLOTS = 19;

    private final byte[] bytes;
    /** Value offset + 1 of each known element; 0 when absent (so a new array needs no fill). */
    private final int[] offsets = new int[SLOTS];
    private final int[] lengths = new int[SLOTS];
    private int commandField = ABSENT;
    private int messageId = ABSENT;

    private CommandSetReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The index of {@code tag} among the elements DIMSE-C uses, or -1. */
    private static int slot(int tag) {
        return switch (tag) {
            case Tags.CommandGroupLength -> 0;
            case Tags.AffectedSOPClassUID -> 1;
            case Tags.CommandField -> 2;
            case Tags.MessageID -> 3;
            case Tags.MessageIDBeingRespondedTo -> 4;
            case Tags.Priority -> 5;
            case Tags.CommandDataSetType -> 6;
            case Tags.Status -> 7;
            case Tags.OffendingElement -> 8;
            case Tags.ErrorComment -> 9;
            case Tags.ErrorID -> 10;
            case Tags.AffectedSOPInstanceUID -> 11;
            case Tags.MoveOriginatorApplicationEntityTitle -> 12;
            case Tags.MoveOriginatorMessageID -> 13;
            case Tags.MoveDestination -> 14;
            case Tags.NumberOfRemainingSuboperations -> 15;
            case Tags.NumberOfCompletedSuboperations -> 16;
            case Tags.NumberOfFailedSuboperations -> 17;
            case Tags.NumberOfWarningSuboperations -> 18;
            default -> ABSENT;
        };
    }

    /**
     * Indexes {@code bytes}. Tolerates a missing or too small Command Group Length, elements in any order, and up
     * to 7 trailing zero bytes of padding; rejects truncation, undefined lengths, elements outside group 0000 and
     * repeated elements.
     */
    static CommandSetReader read(byte[] bytes) throws DimseFormatException {
        CommandSetReader reader = new CommandSetReader(bytes);
        int n = bytes.length;
        int pos = 0;
        while (pos < n) {
            int left = n - pos;
            if (left < 8) {
                if (allZero(bytes, pos, n)) {
                    break;
                }
                throw reader.fail(String.format("truncated: %d bytes at offset %d are too few for an element header",
                        left, pos), ABSENT);
            }
            int tag = (u16(bytes, pos) << 16) | u16(bytes, pos + 2);
            long length = u32(bytes, pos + 4);
            if (Tag.group(tag) != 0x0000) {
                throw reader.fail(String.format("element %s at offset %d is not a command element: a command set holds"
                        + " group 0000 only, in Implicit VR Little Endian (PS3.7 §6.3.1)", Tag.toString(tag), pos),
                        tag);
            }
            if (length == 0xFFFFFFFFL) {
                throw reader.fail(String.format("%s at offset %d has undefined length", describe(tag), pos), tag);
            }
            if (length > left - 8) {
                throw reader.fail(String.format("truncated: %s at offset %d declares %d bytes but %d remain",
                        describe(tag), pos, length, left - 8), tag);
            }
            int slot = slot(tag);
            if (slot >= 0) {
                if (reader.offsets[slot] != 0) {
                    throw reader.fail(String.format("%s appears twice (again at offset %d)", describe(tag), pos), tag);
                }
                reader.offsets[slot] = pos + 8 + 1;
                reader.lengths[slot] = (int) length;
            }
            pos += 8 + (int) length;
        }
        reader.checkGroupLength();
        return reader;
    }

    private void checkGroupLength() throws DimseFormatException {
        int slot = slot(Tags.CommandGroupLength);
        if (offsets[slot] == 0) {
            return;
        }
        int offset = offsets[slot] - 1;
        if (lengths[slot] != 4) {
            throw fail(String.format("%s has %d bytes; it is UL, 4 bytes", describe(Tags.CommandGroupLength),
                    lengths[slot]), Tags.CommandGroupLength);
        }
        long declared = u32(bytes, offset);
        int actual = bytes.length - (offset + 4);
        if (declared > actual) {
            throw fail(String.format("truncated: %s says %d bytes follow but %d do",
                    describe(Tags.CommandGroupLength), declared, actual), Tags.CommandGroupLength);
        }
    }

    /** Names the command and its Message ID in later error messages. */
    void context(int commandField, int messageId) {
        this.commandField = commandField;
        this.messageId = messageId;
    }

    /** The Command Field given to {@link #context}, or -1. */
    int commandField() {
        return commandField;
    }

    /** The US value of a mandatory element. */
    int us(int tag) throws DimseFormatException {
        int slot = slot(tag);
        if (offsets[slot] == 0 || lengths[slot] == 0) {
            throw missing(tag);
        }
        if (lengths[slot] != 2) {
            throw fail(String.format("%s has %d bytes; it is US, 2 bytes", describe(tag), lengths[slot]), tag);
        }
        return u16(bytes, offsets[slot] - 1);
    }

    /** The US value of an optional element, or null when absent or empty. */
    Integer optionalUs(int tag) throws DimseFormatException {
        int slot = slot(tag);
        return offsets[slot] == 0 || lengths[slot] == 0 ? null : us(tag);
    }

    /** The US value when present and well formed, else -1; for error context only, never throws. */
    int usOrAbsent(int tag) {
        int slot = slot(tag);
        return offsets[slot] == 0 || lengths[slot] != 2 ? ABSENT : u16(bytes, offsets[slot] - 1);
    }

    /** The text of a mandatory UI, AE or LO element without its padding. */
    String text(int tag) throws DimseFormatException {
        String value = optionalText(tag);
        if (value == null) {
            throw missing(tag);
        }
        return value;
    }

    /**
     * The text of an optional UI, AE or LO element without leading and trailing spaces and NULs (UI pads with
     * NUL, the others with spaces; peers mix them up), or null when absent or empty.
     */
    String optionalText(int tag) {
        int slot = slot(tag);
        if (offsets[slot] == 0) {
            return null;
        }
        int start = offsets[slot] - 1;
        int end = start + lengths[slot];
        while (end > start && isPadding(bytes[end - 1])) {
            end--;
        }
        while (start < end && isPadding(bytes[start])) {
            start++;
        }
        return start == end ? null : new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** The tags of an AT element (VM 1-n), empty when absent. */
    List<Integer> tags(int tag) throws DimseFormatException {
        int slot = slot(tag);
        if (offsets[slot] == 0) {
            return List.of();
        }
        if (lengths[slot] % 4 != 0) {
            throw fail(String.format("%s has %d bytes; it is AT, 4 bytes per tag", describe(tag), lengths[slot]),
                    tag);
        }
        List<Integer> out = new ArrayList<>(lengths[slot] / 4);
        for (int p = offsets[slot] - 1, end = p + lengths[slot]; p < end; p += 4) {
            out.add((u16(bytes, p) << 16) | u16(bytes, p + 2));
        }
        return out;
    }

    DimseFormatException missing(int tag) {
        String where = commandField == ABSENT ? "every command set (PS3.7 §E.1)"
                : CommandField.name(commandField) + " (PS3.7 " + section(commandField) + ")";
        return fail("missing " + describe(tag) + ", mandatory in " + where, tag);
    }

    DimseFormatException fail(String reason, int tag) {
        return new DimseFormatException(prefix() + reason, commandField, messageId, tag,
                usOrAbsent(Tags.CommandDataSetType), false);
    }

    DimseFormatException unrecognized() {
        String message = String.format("%sCommand Field 0x%04X (%s) is not a command this implementation decodes"
                + " (C-ECHO, C-STORE, C-FIND, C-CANCEL); PS3.7 §E.1", prefix(), commandField,
                CommandField.name(commandField));
        return new DimseFormatException(message, commandField, messageId, Tags.CommandField,
                usOrAbsent(Tags.CommandDataSetType), true);
    }

    private String prefix() {
        if (commandField == ABSENT) {
            return "command set: ";
        }
        String name = CommandField.name(commandField);
        if (messageId == ABSENT) {
            return name + ": ";
        }
        boolean answering = CommandField.isResponse(commandField) || commandField == CommandField.C_CANCEL_RQ;
        return name + (answering ? " to Message ID " : " (Message ID ") + messageId + (answering ? ": " : "): ");
    }

    /** The section of PS3.7 that defines the message structure of {@code commandField}. */
    static String section(int commandField) {
        return switch (commandField) {
            case CommandField.C_STORE_RQ -> "§9.3.1.1";
            case CommandField.C_STORE_RSP -> "§9.3.1.2";
            case CommandField.C_FIND_RQ -> "§9.3.2.1";
            case CommandField.C_FIND_RSP -> "§9.3.2.2";
            case CommandField.C_CANCEL_RQ -> "§9.3.2.3";
            case CommandField.C_GET_RQ -> "§9.3.3.1";
            case CommandField.C_GET_RSP -> "§9.3.3.2";
            case CommandField.C_MOVE_RQ -> "§9.3.4.1";
            case CommandField.C_MOVE_RSP -> "§9.3.4.2";
            case CommandField.C_ECHO_RQ -> "§9.3.5.1";
            case CommandField.C_ECHO_RSP -> "§9.3.5.2";
            default -> "§9.3, §E.1";
        };
    }

    /** E.g. {@code MessageID (0000,0110)}. */
    static String describe(int tag) {
        String keyword = StandardDictionary.keywordOf(tag);
        return keyword.isEmpty() ? Tag.toString(tag) : keyword + " " + Tag.toString(tag);
    }

    private static boolean isPadding(byte b) {
        return b == 0 || b == ' ';
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int p) {
        return (u16(b, p) | (long) u16(b, p + 2) << 16);
    }
}
