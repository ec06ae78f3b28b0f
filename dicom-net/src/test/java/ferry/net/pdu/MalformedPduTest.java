package ferry.net.pdu;

import static ferry.net.pdu.Golden.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.testing.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Malformed PDUs end in a PduFormatException with the A-ABORT reason to send and a message naming the PDU, the
 * item and the offset; a stream that ends inside a PDU in an EOFException; a clean end in null.
 */
@Timeout(30)
class MalformedPduTest {
    // Offsets in Golden.ECHOSCU_RQ: application context item 74, presentation context item 99 (context ID at 103,
    // abstract syntax sub-item 107, transfer syntax sub-item 128), user information item 149.

    private static byte[] echoRq() {
        return Hex.bytes(Golden.ECHOSCU_RQ);
    }

    private static void assertRejected(byte[] bytes, int reason, String... messageParts) {
        assertThatThrownBy(() -> read(bytes))
                .isInstanceOfSatisfying(PduFormatException.class, e -> {
                    assertThat(e.abortReason()).as(e.getMessage()).isEqualTo(reason);
                    assertThat(e.abort()).isEqualTo(new AAbort(AAbort.Source.SERVICE_PROVIDER, reason));
                })
                .message().contains(messageParts);
    }

    /** {@code parts} of the golden RQ in a new order, with the PDU length fixed. */
    private static byte[] rearranged(int[]... ranges) {
        byte[] rq = echoRq();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(rq, 0, 74);
        for (int[] range : ranges) {
            out.write(rq, range[0], range[1] - range[0]);
        }
        return withPduLength(out.toByteArray());
    }

    private static byte[] withPduLength(byte[] bytes) {
        int length = bytes.length - 6;
        bytes[2] = (byte) (length >>> 24);
        bytes[3] = (byte) (length >>> 16);
        bytes[4] = (byte) (length >>> 8);
        bytes[5] = (byte) length;
        return bytes;
    }

    private static final int[] APPLICATION_CONTEXT = {74, 99};
    private static final int[] PRESENTATION_CONTEXT = {99, 149};
    private static final int[] USER_INFORMATION = {149, 211};

    @Test
    void anItemLongerThanWhatIsLeftOfThePduIsAnInvalidParameterNamingItemAndOffset() {
        byte[] bytes = echoRq();
        bytes[101] = 0x03;
        bytes[102] = (byte) 0x84; // presentation context item length 900

        assertRejected(bytes, AAbort.INVALID_PDU_PARAMETER_VALUE, "A-ASSOCIATE-RQ: presentation context item (0x20)"
                + " at offset 99: length 900 runs past the end of the PDU (108 bytes left)");
    }

    @Test
    void aSubItemLongerThanItsItemIsAnInvalidParameterNamingTheItem() {
        byte[] bytes = echoRq();
        bytes[130] = 0x01;
        bytes[131] = 0x00; // transfer syntax sub-item length 256

        assertRejected(bytes, AAbort.INVALID_PDU_PARAMETER_VALUE, "A-ASSOCIATE-RQ: transfer syntax sub-item (0x40)"
                + " at offset 128: length 256 runs past the end of the presentation context item (17 bytes left)");
    }

    @Test
    void itemsOutOfTheirOrderAreUnexpectedParameters() {
        assertRejected(rearranged(PRESENTATION_CONTEXT, APPLICATION_CONTEXT, USER_INFORMATION),
                AAbort.UNEXPECTED_PDU_PARAMETER,
                "presentation context item (0x20) at offset 74: unexpected before the application context item");
        assertRejected(rearranged(APPLICATION_CONTEXT, USER_INFORMATION, PRESENTATION_CONTEXT),
                AAbort.UNEXPECTED_PDU_PARAMETER,
                "presentation context item (0x20) at offset 161: unexpected after the user information item");
        assertRejected(rearranged(APPLICATION_CONTEXT, PRESENTATION_CONTEXT, APPLICATION_CONTEXT, USER_INFORMATION),
                AAbort.UNEXPECTED_PDU_PARAMETER,
                "application context item (0x10) at offset 149: unexpected second application context item");
        assertRejected(rearranged(APPLICATION_CONTEXT, USER_INFORMATION, USER_INFORMATION),
                AAbort.UNEXPECTED_PDU_PARAMETER, "user information item (0x50) at offset 161");
    }

    @Test
    void aMissingUserInformationItemIsAnInvalidParameter() {
        assertRejected(rearranged(APPLICATION_CONTEXT, PRESENTATION_CONTEXT), AAbort.INVALID_PDU_PARAMETER_VALUE,
                "A-ASSOCIATE-RQ: at offset 149: the PDU ends without a user information item");
        assertRejected(rearranged(),
                AAbort.INVALID_PDU_PARAMETER_VALUE, "without an application context item");
    }

    @Test
    void anAcceptItemInARequestIsUnexpectedAndAnUnknownItemUnrecognized() {
        byte[] accept = echoRq();
        accept[99] = 0x21;
        assertRejected(accept, AAbort.UNEXPECTED_PDU_PARAMETER, "presentation context item (0x21) at offset 99: does"
                + " not belong in the variable field of an A-ASSOCIATE-RQ");

        byte[] unknown = echoRq();
        unknown[99] = 0x77;
        assertRejected(unknown, AAbort.UNRECOGNIZED_PDU_PARAMETER, "unknown item (0x77) at offset 99");
    }

    @Test
    void anEvenPresentationContextIdIsAnInvalidParameter() {
        byte[] bytes = echoRq();
        bytes[103] = 2;
        assertRejected(bytes, AAbort.INVALID_PDU_PARAMETER_VALUE,
                "presentation context item (0x20) at offset 99: presentation context ID 2 is not an odd number");
    }

    @Test
    void aTransferSyntaxBeforeTheAbstractSyntaxIsUnexpected() {
        byte[] bytes = echoRq();
        byte[] abstractSyntax = Arrays.copyOfRange(bytes, 107, 128);
        System.arraycopy(bytes, 128, bytes, 107, 21);
        System.arraycopy(abstractSyntax, 0, bytes, 128, 21);
        assertRejected(bytes, AAbort.UNEXPECTED_PDU_PARAMETER,
                "transfer syntax sub-item (0x40) at offset 107: unexpected in presentation context 1");
    }

    @Test
    void aPresentationContextWithoutTransferSyntaxIsAnInvalidParameter() {
        byte[] rq = echoRq();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(rq, 0, 128);
        out.write(rq, 149, 62);
        byte[] bytes = withPduLength(out.toByteArray());
        bytes[102] -= 21; // the presentation context item loses its transfer syntax sub-item
        assertRejected(bytes, AAbort.INVALID_PDU_PARAMETER_VALUE,
                "presentation context item (0x20) at offset 99: presentation context 1 has no transfer syntax");
    }

    @Test
    void aeTitlesWithBackslashesOrControlCharactersAreInvalidParameters() {
        byte[] backslash = echoRq();
        backslash[11] = '\\';
        assertRejected(backslash, AAbort.INVALID_PDU_PARAMETER_VALUE,
                "A-ASSOCIATE-RQ: called AE title at offset 10: called AE title 'Y\\U' contains a backslash");
        byte[] control = echoRq();
        control[27] = 0x07;
        assertRejected(control, AAbort.INVALID_PDU_PARAMETER_VALUE, "calling AE title at offset 26",
                "character 0x07");
    }

    @Test
    void anAssociatePduShorterThanItsFixedFieldsOrLongerThanTheCapIsRejectedFromItsHeader() {
        assertRejected(Hex.bytes("01 00 00 00 00 0A 00 01 00 00 'YOU   ' // only 10 bytes"),
                AAbort.INVALID_PDU_PARAMETER_VALUE, "A-ASSOCIATE-RQ: at offset 2: PDU length 10 is shorter than the"
                        + " 68 bytes of fixed fields");
        // Nothing follows the header: the length alone is rejected, nothing is read or allocated for the body.
        assertRejected(Hex.bytes("02 00 00 10 00 01 // A-ASSOCIATE-AC of 1 MiB + 1"),
                AAbort.INVALID_PDU_PARAMETER_VALUE, "A-ASSOCIATE-AC: at offset 2: PDU length 1048577 exceeds the"
                        + " limit of 1048576 bytes for association PDUs");
    }

    @Test
    void anUnknownPduTypeIsUnrecognizedAndTlsOrHttpIsNamed() {
        assertRejected(Hex.bytes("08 00 00 00 00 04 00 00 00 00"), AAbort.UNRECOGNIZED_PDU,
                "PDU type 0x08: at offset 0: not a DICOM PDU type (PS3.8 9.3.1)");
        assertRejected(Hex.bytes("16 03 01 02 00 01 // a TLS ClientHello"), AAbort.UNRECOGNIZED_PDU,
                "looks like a TLS handshake");
        assertRejected("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), AAbort.UNRECOGNIZED_PDU,
                "looks like an HTTP request");
    }

    @Test
    void aPDataTfLongerThanTheAnnouncedMaximumIsRejectedFromItsHeader() {
        assertRejected(Hex.bytes("04 00 00 00 40 01 // P-DATA-TF of 16385 bytes, 16384 announced"),
                AAbort.INVALID_PDU_PARAMETER_VALUE,
                "P-DATA-TF: at offset 2: PDU length 16385 exceeds the maximum length 16384 announced");
    }

    @Test
    void aHostileLengthWithoutALimitEndsInEofBeforeALargeAllocation() {
        byte[] bytes = Hex.bytes("04 00 7F FF FF F0 00 00 00 06 01 03 'abcd' // declares 2 GiB, holds 10 bytes");
        assertThatThrownBy(() -> new PduReader(new ByteArrayInputStream(bytes), 0).read())
                .isInstanceOf(EOFException.class)
                .hasMessage("P-DATA-TF: the stream ends inside the PDU body, after 10 of 2147483632 bytes");
        byte[] beyondArrays = Hex.bytes("04 00 FF FF FF F0 00 00 00 06 01 03 'abcd'");
        assertThatThrownBy(() -> new PduReader(new ByteArrayInputStream(beyondArrays), 0).read())
                .isInstanceOfSatisfying(PduFormatException.class, e -> assertThat(e.abortReason())
                        .isEqualTo(AAbort.INVALID_PDU_PARAMETER_VALUE))
                .hasMessageContaining("PDU length 4294967280 exceeds the largest PDU this reader can hold");
    }

    @Test
    void presentationDataValueItemsMustHoldTheirHeaderAndFitThePdu() {
        assertRejected(Hex.bytes("04 00 00 00 00 06 00 00 00 01 01 03 // PDV item length 1"),
                AAbort.INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF: presentation data value item at offset 6: item"
                        + " length 1 leaves no room for the context ID and message control header");
        assertRejected(Hex.bytes("04 00 00 00 00 08 00 00 00 10 01 03 00 00 // PDV item length 16"),
                AAbort.INVALID_PDU_PARAMETER_VALUE, "presentation data value item at offset 6: length 16 runs past"
                        + " the end of the PDU (4 bytes left)");
        assertRejected(Hex.bytes("04 00 00 00 00 07 00 00 00 03 02 03 41 // context ID 2"),
                AAbort.INVALID_PDU_PARAMETER_VALUE, "presentation context ID 2 is not an odd number");
        assertRejected(Hex.bytes("04 00 00 00 00 00 // no PDV at all"), AAbort.INVALID_PDU_PARAMETER_VALUE,
                "P-DATA-TF: at offset 2: holds no presentation data value item");
        assertRejected(Hex.bytes("04 00 00 00 00 0B 00 00 00 03 01 03 41 00 00 00 02 // 4 bytes after one PDV"),
                AAbort.INVALID_PDU_PARAMETER_VALUE, "presentation data value item at offset 13: 4 bytes left");
    }

    @Test
    void anUndefinedAcceptResultOrAnAcceptedContextWithoutSyntaxIsInvalid() {
        byte[] result = Hex.bytes(Golden.STORESCP_AC);
        result[105] = 9; // result/reason of context 1
        assertRejected(result, AAbort.INVALID_PDU_PARAMETER_VALUE,
                "A-ASSOCIATE-AC: presentation context item (0x21) at offset 99: presentation context 1:"
                        + " result/reason 9 is not defined");
        byte[] empty = Hex.bytes(Golden.STORESCP_AC);
        empty[107] = 0x55; // the transfer syntax sub-item becomes an unknown one
        assertRejected(empty, AAbort.UNEXPECTED_PDU_PARAMETER,
                "implementation version name sub-item (0x55) at offset 107: does not belong in presentation context 1");
    }

    @Test
    void theTransferSyntaxOfARejectedContextIsNotTested() throws IOException {
        byte[] bytes = Hex.bytes(Golden.STORESCP_AC);
        bytes[136] = 0x77; // context 3's sub-item becomes an unknown type
        AAssociateAc ac = (AAssociateAc) read(bytes);
        assertThat(ac.presentationContexts().get(1).transferSyntax()).isNull();
        assertThat(ac.presentationContexts().get(1).result())
                .isEqualTo(PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED);
    }

    @Test
    void brokenUserInformationSubItemsAreRejectedWithTheirOffset() {
        assertRejected(Golden.rqWithUserInformation("""
                50 00 00 09 51 00 00 03 00 40 00 00 00  // maximum length sub-item of 3 bytes
                """), AAbort.INVALID_PDU_PARAMETER_VALUE,
                "maximum length sub-item (0x51) at offset 153: item length 3 is not 4");
        assertRejected(Golden.rqWithUserInformation("""
                50 00 00 10 51 00 00 04 00 00 40 00 51 00 00 04 00 00 40 00   // twice
                """), AAbort.UNEXPECTED_PDU_PARAMETER,
                "maximum length sub-item (0x51) at offset 161: unexpected second copy");
        assertRejected(Golden.rqWithUserInformation("""
                50 00 00 0B 54 00 00 07 00 03 '1.2' 02 00   // SCU-role 2
                """), AAbort.INVALID_PDU_PARAMETER_VALUE,
                "SCP/SCU role selection sub-item (0x54) at offset 153: SCU-role 2 at offset 162 is neither 0 nor 1");
        assertRejected(Golden.rqWithUserInformation("""
                50 00 00 0A 54 00 00 06 00 07 '1.2' 00   // UID length 7 of 3
                """), AAbort.INVALID_PDU_PARAMETER_VALUE,
                "SCP/SCU role selection sub-item (0x54) at offset 153: SOP class UID of 7 bytes runs past the end"
                        + " of the SCP/SCU role selection sub-item (4 bytes left)");
        assertRejected(Golden.rqWithUserInformation("""
                50 00 00 06 59 00 00 02 00 00   // a server response in a request
                """), AAbort.UNEXPECTED_PDU_PARAMETER,
                "user identity server response sub-item (0x59) at offset 153: does not belong in an A-ASSOCIATE-RQ");
        assertRejected(Golden.rqWithUserInformation("""
                50 00 00 0D 58 00 00 09 01 00 00 09 'bob' 00 00   // primary field length 9 of 3
                """), AAbort.INVALID_PDU_PARAMETER_VALUE,
                "user identity sub-item (0x58) at offset 153: primary field of 9 bytes runs past the end of the user"
                        + " identity sub-item (5 bytes left)");
        assertRejected(Golden.rqWithUserInformation("50 00 00 03 51 00 00 // 3 bytes"),
                AAbort.INVALID_PDU_PARAMETER_VALUE, "A-ASSOCIATE-RQ: at offset 153: 3 bytes left in the user"
                        + " information item, too few for an item header");
        assertRejected(Golden.acWithUserInformation("""
                50 00 00 0A 58 00 00 06 01 00 00 00 00 00   // a user identity request in an accept
                """), AAbort.UNEXPECTED_PDU_PARAMETER, "user identity sub-item (0x58) at offset 190: does not belong"
                        + " in an A-ASSOCIATE-AC");
    }

    @Test
    void fixedLengthPdusWithUndefinedFieldsOrLengthsAreInvalid() {
        assertRejected(Hex.bytes("03 00 00 00 00 04 00 03 01 01 // result 3"), AAbort.INVALID_PDU_PARAMETER_VALUE,
                "A-ASSOCIATE-RJ: result at offset 7: 3 is not defined");
        assertRejected(Hex.bytes("03 00 00 00 00 04 00 01 00 01 // source 0"), AAbort.INVALID_PDU_PARAMETER_VALUE,
                "A-ASSOCIATE-RJ: source at offset 8: 0 is not defined");
        assertRejected(Hex.bytes("07 00 00 00 00 04 00 00 01 00 // source 1, reserved"),
                AAbort.INVALID_PDU_PARAMETER_VALUE, "A-ABORT: source at offset 8: 1 is not defined");
        assertRejected(Hex.bytes("05 00 00 00 00 05 00 00 00 00 00 // length 5"), AAbort.INVALID_PDU_PARAMETER_VALUE,
                "A-RELEASE-RQ: at offset 2: PDU length 5 is not 4");
    }

    @Test
    void reservedFieldsAreNotTested() throws IOException {
        byte[] bytes = echoRq();
        bytes[1] = (byte) 0xFF; // PDU header
        bytes[8] = (byte) 0xFF; // after the protocol version
        Arrays.fill(bytes, 42, 74, (byte) 0xFF);
        bytes[105] = (byte) 0xFF; // what dcmtk puts in the presentation context item
        bytes[75] = (byte) 0xFF; // application context item header
        assertThat(read(bytes)).isEqualTo(Golden.ECHOSCU_RQ_RECORD);

        byte[] data = Hex.bytes("04 FF 00 00 00 07 00 00 00 03 01 FE 41 // control header with reserved bits set");
        assertThat(read(data)).isEqualTo(new PDataTf(List.of(
                new PresentationDataValue(1, false, true, new byte[] {0x41}))));
    }

    @Test
    void aStreamCutInsideAnyPduEndsInEofAndACleanEndInNull() throws IOException {
        for (String golden : Golden.ALL) {
            byte[] whole = Hex.bytes(golden);
            assertThat(new PduReader(new ByteArrayInputStream(new byte[0]), 16384).read()).isNull();
            for (int cut = 1; cut < whole.length; cut++) {
                byte[] part = Arrays.copyOf(whole, cut);
                int at = cut;
                assertThatThrownBy(() -> read(part)).as("%s cut at %d", golden, at)
                        .isInstanceOf(EOFException.class)
                        .hasMessageContaining(PduType.name(whole[0]) + ": the stream ends inside the PDU");
            }
        }
    }

    @Test
    void pdusFollowingEachOtherAreReadOneByOne() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (String golden : Golden.ALL) {
            stream.writeBytes(Hex.bytes(golden));
        }
        PduReader reader = new PduReader(new ByteArrayInputStream(stream.toByteArray()), 16384);
        for (String golden : Golden.ALL) {
            assertThat(PduWriter.encode(reader.read())).isEqualTo(Hex.bytes(golden));
        }
        assertThat(reader.read()).isNull();
    }
}
