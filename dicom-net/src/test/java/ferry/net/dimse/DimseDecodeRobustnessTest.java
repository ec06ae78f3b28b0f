package ferry.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.tag.Tags;
import ferry.core.testing.Hex;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What real peers send and what they should not: tolerated quirks, and clear errors for the rest. */
class DimseDecodeRobustnessTest {
    static DimseFormatException decodeFailure(String hex) {
        return decodeFailure(Hex.bytes(hex));
    }

    static DimseFormatException decodeFailure(byte[] bytes) {
        try {
            DimseCommand command = DimseCodec.decode(bytes);
            throw new AssertionError("decoded " + command + " instead of failing");
        } catch (DimseFormatException e) {
            return e;
        }
    }

    @Test
    void acceptsACommandSetWithoutGroupLengthWithRetiredElementsAndSpacePaddedUids() throws IOException {
        DimseCommand command = DimseCodec.decode(Hex.bytes("""
                00 00 01 00  04 00 00 00  00 00 00 00      // (0000,0001) UL CommandLengthToEnd (retired), skipped
                00 00 02 00  12 00 00 00  '1.2.840.10008.1.1 ' // (0000,0002) UI padded with a space, not NUL
                00 00 00 01  02 00 00 00  30 00            // (0000,0100) US CommandField C-ECHO-RQ
                00 00 10 01  02 00 00 00  09 00            // (0000,0110) US MessageID 9
                00 00 10 00  00 00 00 00                   // (0000,0010) CommandRecognitionCode (retired), empty
                00 00 00 08  02 00 00 00  01 01            // (0000,0800) US CommandDataSetType none
                """));

        assertThat(command).isEqualTo(new CEchoRq(9, "1.2.840.10008.1.1"));
    }

    @Test
    void acceptsElementsOutOfOrderOddLengthsAndTrailingZeroPadding() throws IOException {
        DimseCommand command = DimseCodec.decode(Hex.bytes("""
                00 00 00 01  02 00 00 00  01 80            // (0000,0100) US CommandField C-STORE-RSP
                00 00 00 10  05 00 00 00  '1.2.3'          // (0000,1000) UI odd length, unpadded
                00 00 20 01  02 00 00 00  07 00            // (0000,0120) US MessageIDBeingRespondedTo 7
                00 00 00 09  02 00 00 00  00 00            // (0000,0900) US Status success
                00 00 00 08  02 00 00 00  01 01            // (0000,0800) US CommandDataSetType none
                00                                         // one byte of padding
                """));

        assertThat(command).isEqualTo(new CStoreRsp(7, null, "1.2.3", Status.SUCCESS));
    }

    @Test
    void acceptsAnyCommandDataSetTypeOtherThan0101AsPresent() throws IOException {
        byte[] bytes = Hex.bytes(DimseCodecTest.C_FIND_RSP_PENDING);
        bytes[bytes.length - 12] = 0x02;
        bytes[bytes.length - 11] = 0x01;   // CommandDataSetType 0x0102, as some peers write

        assertThat(((CFindRsp) DimseCodec.decode(bytes)).hasIdentifier()).isTrue();
    }

    @Test
    void anUnknownCommandFieldIsReportedWithItsValueAndMessageIdForAnUnrecognizedOperationAnswer() {
        DimseFormatException e = decodeFailure("""
                00 00 00 00  04 00 00 00  42 00 00 00      // (0000,0000) UL CommandGroupLength 66
                00 00 02 00  1C 00 00 00  '1.2.840.10008.5.1.4.1.2.2.2' 00 // (0000,0002) UI a SOP class
                00 00 00 01  02 00 00 00  30 01            // (0000,0100) US CommandField N-ACTION-RQ
                00 00 10 01  02 00 00 00  0B 00            // (0000,0110) US MessageID 11
                00 00 00 08  02 00 00 00  01 00            // (0000,0800) US CommandDataSetType present
                """);

        assertThat(e.unrecognizedCommand()).isTrue();
        assertThat(e.commandField()).hasValue(CommandField.N_ACTION_RQ);
        assertThat(e.messageId()).hasValue(11);
        assertThat(e.dataSetFollows()).isTrue();
        assertThat(e.getMessage()).contains("0x0130", "N-ACTION-RQ", "Message ID 11");
        assertThat(Status.UNRECOGNIZED_OPERATION.code()).isEqualTo(0x0211);
    }

    @Test
    void aCommandFieldNoStandardDefinesIsUnrecognizedToo() {
        DimseFormatException e = decodeFailure("""
                00 00 00 01  02 00 00 00  34 12            // (0000,0100) US CommandField 0x1234
                """);

        assertThat(e.unrecognizedCommand()).isTrue();
        assertThat(e.commandField()).hasValue(0x1234);
        assertThat(e.messageId()).isEmpty();
        assertThat(e.getMessage()).contains("unknown command 0x1234");
    }

    @Test
    void aMissingMessageIdNamesTheElementTheCommandAndTheSection() {
        DimseFormatException e = decodeFailure("""
                00 00 02 00  12 00 00 00  '1.2.840.10008.1.1' 00 // (0000,0002) UI AffectedSOPClassUID
                00 00 00 01  02 00 00 00  30 00            // (0000,0100) US CommandField C-ECHO-RQ
                00 00 00 08  02 00 00 00  01 01            // (0000,0800) US CommandDataSetType none
                """);

        assertThat(e.getMessage()).isEqualTo("C-ECHO-RQ: missing MessageID (0000,0110), mandatory in C-ECHO-RQ"
                + " (PS3.7 §9.3.5.1)");
        assertThat(e.unrecognizedCommand()).isFalse();
        assertThat(e.dataSetFollows()).isFalse();
        assertThat(e.element()).hasValue(Tags.MessageID);
        assertThat(e.commandField()).hasValue(CommandField.C_ECHO_RQ);
        assertThat(e.messageId()).isEmpty();
    }

    @Test
    void aMissingSopInstanceUidInACStoreRqNamesTheMessageId() {
        byte[] golden = Hex.bytes(DimseCodecTest.C_STORE_RQ);
        byte[] withoutInstance = Arrays.copyOfRange(golden, 12, golden.length - 26); // and without group length

        DimseFormatException e = decodeFailure(withoutInstance);

        assertThat(e.getMessage()).startsWith("C-STORE-RQ (Message ID 7): missing AffectedSOPInstanceUID (0000,1000)");
        assertThat(e.messageId()).hasValue(7);
        assertThat(e.element()).hasValue(Tags.AffectedSOPInstanceUID);
    }

    @Test
    void aMissingCommandFieldIsAnError() {
        DimseFormatException e = decodeFailure("""
                00 00 10 01  02 00 00 00  01 00            // (0000,0110) US MessageID 1
                """);

        assertThat(e.getMessage()).contains("missing CommandField (0000,0100)");
        assertThat(e.commandField()).isEmpty();
    }

    @Test
    void aCommandSetCutInsideAnElementIsTruncated() {
        byte[] golden = Hex.bytes(DimseCodecTest.C_STORE_RQ);

        DimseFormatException e = decodeFailure(Arrays.copyOf(golden, golden.length - 3));

        assertThat(e.getMessage()).isEqualTo("command set: truncated: AffectedSOPInstanceUID (0000,1000) at offset 86"
                + " declares 18 bytes but 15 remain");
    }

    @Test
    void aCommandSetCutBetweenElementsIsCaughtByTheGroupLength() {
        byte[] golden = Hex.bytes(DimseCodecTest.C_STORE_RSP);

        DimseFormatException e = decodeFailure(Arrays.copyOf(golden, golden.length - 26));

        assertThat(e.getMessage()).contains("truncated: CommandGroupLength (0000,0000) says 100 bytes follow but 74 do");
    }

    @Test
    void aCommandSetCutInsideAnElementHeaderIsTruncated() {
        byte[] golden = Hex.bytes(DimseCodecTest.C_ECHO_RQ);
        byte[] cut = Arrays.copyOf(golden, golden.length - 5);

        assertThat(decodeFailure(cut).getMessage()).contains("truncated: 5 bytes at offset 58");
    }

    @Test
    void emptyInputHasNoCommandField() {
        assertThat(decodeFailure(new byte[0]).getMessage()).contains("missing CommandField (0000,0100)");
    }

    @Test
    void aDataSetElementInTheCommandSetIsRejected() {
        DimseFormatException e = decodeFailure("""
                00 00 00 01  02 00 00 00  30 00            // (0000,0100) US CommandField C-ECHO-RQ
                08 00 16 00  02 00 00 00  '1 '             // (0008,0016) SOPClassUID: data set, not command
                """);

        assertThat(e.getMessage()).contains("(0008,0016)", "group 0000", "§6.3.1");
        assertThat(e.element()).hasValue(0x00080016);
    }

    @Test
    void explicitVrBytesAreNotMistakenForACommandSet() {
        DimseFormatException e = decodeFailure("""
                00 00 00 00 'UL' 04 00  38 00 00 00        // explicit VR: length read as 0x00044C55
                """);

        assertThat(e.getMessage()).contains("truncated", "CommandGroupLength (0000,0000)");
    }

    @Test
    void undefinedLengthIsRejected() {
        assertThat(decodeFailure("00 00 02 00  FF FF FF FF").getMessage()).contains("undefined length");
    }

    @Test
    void aRepeatedElementIsRejected() {
        DimseFormatException e = decodeFailure("""
                00 00 00 01  02 00 00 00  30 00            // (0000,0100) US CommandField C-ECHO-RQ
                00 00 00 01  02 00 00 00  01 00            // (0000,0100) again, C-STORE-RQ
                """);

        assertThat(e.getMessage()).contains("CommandField (0000,0100) appears twice");
    }

    @Test
    void aUsElementOfTheWrongLengthIsRejected() {
        DimseFormatException e = decodeFailure("""
                00 00 00 01  04 00 00 00  30 00 00 00      // (0000,0100) CommandField as 4 bytes
                """);

        assertThat(e.getMessage()).contains("CommandField (0000,0100) has 4 bytes; it is US, 2 bytes");
    }

    @Test
    void anUnknownPriorityIsRejectedWithTheAllowedValues() {
        byte[] bytes = Hex.bytes(DimseCodecTest.C_FIND_RQ);
        bytes[bytes.length - 12] = 0x07;   // Priority 7

        DimseFormatException e = decodeFailure(bytes);

        assertThat(e.getMessage()).contains("C-FIND-RQ (Message ID 5)", "Priority 0x0007", "LOW");
        assertThat(e.element()).hasValue(Tags.Priority);
        assertThat(e.dataSetFollows()).as("the identifier still has to be read off the association").isTrue();
    }

    @Test
    void aCStoreRqClaimingNoDataSetIsRejected() {
        byte[] bytes = Hex.bytes(DimseCodecTest.C_STORE_RQ);
        bytes[bytes.length - 28] = 0x01;
        bytes[bytes.length - 27] = 0x01;   // CommandDataSetType 0x0101

        DimseFormatException e = decodeFailure(bytes);

        assertThat(e.getMessage()).isEqualTo("C-STORE-RQ (Message ID 7): CommandDataSetType (0000,0800) is 0x0101"
                + " (no data set), but C-STORE-RQ carries a data set (PS3.7 §9.3.1.1, §E.1)");
    }

    @Test
    void aResponseErrorNamesTheMessageItAnswers() {
        DimseFormatException e = decodeFailure("""
                00 00 00 01  02 00 00 00  01 80            // (0000,0100) US CommandField C-STORE-RSP
                00 00 20 01  02 00 00 00  07 00            // (0000,0120) US MessageIDBeingRespondedTo 7
                00 00 00 08  02 00 00 00  01 01            // (0000,0800) US CommandDataSetType none
                """);

        assertThat(e.getMessage()).isEqualTo("C-STORE-RSP to Message ID 7: missing Status (0000,0900), mandatory in"
                + " C-STORE-RSP (PS3.7 §9.3.1.2)");
        assertThat(e.messageId()).hasValue(7);
    }

    @Test
    void aBadOffendingElementLengthIsRejected() {
        DimseFormatException e = decodeFailure("""
                00 00 00 01  02 00 00 00  30 80            // (0000,0100) US CommandField C-ECHO-RSP
                00 00 20 01  02 00 00 00  01 00            // (0000,0120) US MessageIDBeingRespondedTo 1
                00 00 00 08  02 00 00 00  01 01            // (0000,0800) US CommandDataSetType none
                00 00 00 09  02 00 00 00  10 01            // (0000,0900) US Status 0x0110
                00 00 01 09  02 00 00 00  10 00            // (0000,0901) AT with 2 bytes
                """);

        assertThat(e.getMessage()).contains("OffendingElement (0000,0901) has 2 bytes; it is AT");
    }

    @Test
    void theExceptionIsAnIoExceptionWithEmptyDetailsWhenBuiltByHand() {
        DimseFormatException e = new DimseFormatException("bad");

        assertThat(e).isInstanceOf(IOException.class);
        assertThat(e.commandField()).isEqualTo(OptionalInt.empty());
        assertThat(e.dataSetFollows()).isFalse();
        assertThat(e.unrecognizedCommand()).isFalse();
    }

    @Test
    void recordsRejectValuesOutsideTheirFields() {
        assertThatThrownBy(() -> new CEchoRq(65536, "1.2")).hasMessageContaining("MessageID (0000,0110)");
        assertThatThrownBy(() -> new CEchoRq(1, "")).hasMessageContaining("AffectedSOPClassUID");
        assertThatThrownBy(() -> new CStoreRq(1, "1.2", "1.3", null)).hasMessageContaining("Priority");
        assertThatThrownBy(() -> new CStoreRsp(1, null, null, null)).hasMessageContaining("Status (0000,0900)");
        assertThatThrownBy(() -> Status.of(0x10000)).hasMessageContaining("0x0000 to 0xFFFF");
        assertThatThrownBy(() -> new CCancelRq(-1)).hasMessageContaining("MessageIDBeingRespondedTo");
    }
}
