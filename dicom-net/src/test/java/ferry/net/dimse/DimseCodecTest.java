package ferry.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden command sets, PS3.7 §9.3 message by message, Implicit VR Little Endian (§6.3.1). */
class DimseCodecTest {
    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    static final String INSTANCE = "1.2.3.4.5.6.7.8.9";

    static final String C_ECHO_RQ = """
            00 00 00 00  04 00 00 00  38 00 00 00                     // (0000,0000) UL CommandGroupLength 56
            00 00 02 00  12 00 00 00  '1.2.840.10008.1.1' 00          // (0000,0002) UI AffectedSOPClassUID, NUL pad
            00 00 00 01  02 00 00 00  30 00                           // (0000,0100) US CommandField C-ECHO-RQ
            00 00 10 01  02 00 00 00  01 00                           // (0000,0110) US MessageID 1
            00 00 00 08  02 00 00 00  01 01                           // (0000,0800) US CommandDataSetType none
            """;

    static final String C_ECHO_RSP = """
            00 00 00 00  04 00 00 00  42 00 00 00                     // (0000,0000) UL CommandGroupLength 66
            00 00 02 00  12 00 00 00  '1.2.840.10008.1.1' 00          // (0000,0002) UI AffectedSOPClassUID
            00 00 00 01  02 00 00 00  30 80                           // (0000,0100) US CommandField C-ECHO-RSP
            00 00 20 01  02 00 00 00  01 00                           // (0000,0120) US MessageIDBeingRespondedTo 1
            00 00 00 08  02 00 00 00  01 01                           // (0000,0800) US CommandDataSetType none
            00 00 00 09  02 00 00 00  00 00                           // (0000,0900) US Status success
            """;

    static final String C_STORE_RQ = """
            00 00 00 00  04 00 00 00  64 00 00 00                     // (0000,0000) UL CommandGroupLength 100
            00 00 02 00  1A 00 00 00  '1.2.840.10008.5.1.4.1.1.2' 00  // (0000,0002) UI AffectedSOPClassUID CT
            00 00 00 01  02 00 00 00  01 00                           // (0000,0100) US CommandField C-STORE-RQ
            00 00 10 01  02 00 00 00  07 00                           // (0000,0110) US MessageID 7
            00 00 00 07  02 00 00 00  00 00                           // (0000,0700) US Priority MEDIUM
            00 00 00 08  02 00 00 00  01 00                           // (0000,0800) US CommandDataSetType present
            00 00 00 10  12 00 00 00  '1.2.3.4.5.6.7.8.9' 00          // (0000,1000) UI AffectedSOPInstanceUID
            """;

    static final String C_STORE_RQ_FROM_MOVE = """
            00 00 00 00  04 00 00 00  7E 00 00 00                     // (0000,0000) UL CommandGroupLength 126
            00 00 02 00  1A 00 00 00  '1.2.840.10008.5.1.4.1.1.2' 00  // (0000,0002) UI AffectedSOPClassUID CT
            00 00 00 01  02 00 00 00  01 00                           // (0000,0100) US CommandField C-STORE-RQ
            00 00 10 01  02 00 00 00  07 00                           // (0000,0110) US MessageID 7
            00 00 00 07  02 00 00 00  01 00                           // (0000,0700) US Priority HIGH
            00 00 00 08  02 00 00 00  01 00                           // (0000,0800) US CommandDataSetType present
            00 00 00 10  12 00 00 00  '1.2.3.4.5.6.7.8.9' 00          // (0000,1000) UI AffectedSOPInstanceUID
            00 00 30 10  08 00 00 00  'MOVESCU '                      // (0000,1030) AE MoveOriginatorAETitle, space pad
            00 00 31 10  02 00 00 00  03 00                           // (0000,1031) US MoveOriginatorMessageID 3
            """;

    static final String C_STORE_RSP = """
            00 00 00 00  04 00 00 00  64 00 00 00                     // (0000,0000) UL CommandGroupLength 100
            00 00 02 00  1A 00 00 00  '1.2.840.10008.5.1.4.1.1.2' 00  // (0000,0002) UI AffectedSOPClassUID CT
            00 00 00 01  02 00 00 00  01 80                           // (0000,0100) US CommandField C-STORE-RSP
            00 00 20 01  02 00 00 00  07 00                           // (0000,0120) US MessageIDBeingRespondedTo 7
            00 00 00 08  02 00 00 00  01 01                           // (0000,0800) US CommandDataSetType none
            00 00 00 09  02 00 00 00  00 00                           // (0000,0900) US Status success
            00 00 00 10  12 00 00 00  '1.2.3.4.5.6.7.8.9' 00          // (0000,1000) UI AffectedSOPInstanceUID
            """;

    static final String C_STORE_RSP_FAILURE = """
            00 00 00 00  04 00 00 00  94 00 00 00                     // (0000,0000) UL CommandGroupLength 148
            00 00 02 00  1A 00 00 00  '1.2.840.10008.5.1.4.1.1.2' 00  // (0000,0002) UI AffectedSOPClassUID CT
            00 00 00 01  02 00 00 00  01 80                           // (0000,0100) US CommandField C-STORE-RSP
            00 00 20 01  02 00 00 00  07 00                           // (0000,0120) US MessageIDBeingRespondedTo 7
            00 00 00 08  02 00 00 00  01 01                           // (0000,0800) US CommandDataSetType none
            00 00 00 09  02 00 00 00  00 A9                           // (0000,0900) US Status 0xA900
            00 00 01 09  04 00 00 00  08 00 16 00                     // (0000,0901) AT OffendingElement (0008,0016)
            00 00 02 09  12 00 00 00  'SOP Class mismatch'            // (0000,0902) LO ErrorComment, 18 chars
            00 00 03 09  02 00 00 00  2A 00                           // (0000,0903) US ErrorID 42
            00 00 00 10  12 00 00 00  '1.2.3.4.5.6.7.8.9' 00          // (0000,1000) UI AffectedSOPInstanceUID
            """;

    static final String C_FIND_RQ = """
            00 00 00 00  04 00 00 00  4C 00 00 00                     // (0000,0000) UL CommandGroupLength 76
            00 00 02 00  1C 00 00 00  '1.2.840.10008.5.1.4.1.2.2.1' 00 // (0000,0002) UI AffectedSOPClassUID
            00 00 00 01  02 00 00 00  20 00                           // (0000,0100) US CommandField C-FIND-RQ
            00 00 10 01  02 00 00 00  05 00                           // (0000,0110) US MessageID 5
            00 00 00 07  02 00 00 00  02 00                           // (0000,0700) US Priority LOW
            00 00 00 08  02 00 00 00  01 00                           // (0000,0800) US CommandDataSetType present
            """;

    static final String C_FIND_RSP_PENDING = """
            00 00 00 00  04 00 00 00  4C 00 00 00                     // (0000,0000) UL CommandGroupLength 76
            00 00 02 00  1C 00 00 00  '1.2.840.10008.5.1.4.1.2.2.1' 00 // (0000,0002) UI AffectedSOPClassUID
            00 00 00 01  02 00 00 00  20 80                           // (0000,0100) US CommandField C-FIND-RSP
            00 00 20 01  02 00 00 00  05 00                           // (0000,0120) US MessageIDBeingRespondedTo 5
            00 00 00 08  02 00 00 00  01 00                           // (0000,0800) US CommandDataSetType present
            00 00 00 09  02 00 00 00  00 FF                           // (0000,0900) US Status 0xFF00 pending
            """;

    static final String C_FIND_RSP_FINAL = """
            00 00 00 00  04 00 00 00  4C 00 00 00                     // (0000,0000) UL CommandGroupLength 76
            00 00 02 00  1C 00 00 00  '1.2.840.10008.5.1.4.1.2.2.1' 00 // (0000,0002) UI AffectedSOPClassUID
            00 00 00 01  02 00 00 00  20 80                           // (0000,0100) US CommandField C-FIND-RSP
            00 00 20 01  02 00 00 00  05 00                           // (0000,0120) US MessageIDBeingRespondedTo 5
            00 00 00 08  02 00 00 00  01 01                           // (0000,0800) US CommandDataSetType none
            00 00 00 09  02 00 00 00  00 00                           // (0000,0900) US Status success
            """;

    static final String C_CANCEL_RQ = """
            00 00 00 00  04 00 00 00  1E 00 00 00                     // (0000,0000) UL CommandGroupLength 30
            00 00 00 01  02 00 00 00  FF 0F                           // (0000,0100) US CommandField C-CANCEL-RQ
            00 00 20 01  02 00 00 00  05 00                           // (0000,0120) US MessageIDBeingRespondedTo 5
            00 00 00 08  02 00 00 00  01 01                           // (0000,0800) US CommandDataSetType none
            """;

    static final String STUDY_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
    static final String STUDY_ROOT_GET = "1.2.840.10008.5.1.4.1.2.2.3";

    static final String C_MOVE_RQ = """
            00 00 00 00  04 00 00 00  5C 00 00 00                     // (0000,0000) UL CommandGroupLength 92
            00 00 02 00  1C 00 00 00  '1.2.840.10008.5.1.4.1.2.2.2' 00 // (0000,0002) UI AffectedSOPClassUID
            00 00 00 01  02 00 00 00  21 00                           // (0000,0100) US CommandField C-MOVE-RQ
            00 00 10 01  02 00 00 00  09 00                           // (0000,0110) US MessageID 9
            00 00 00 06  08 00 00 00  'STORESCP'                      // (0000,0600) AE MoveDestination
            00 00 00 07  02 00 00 00  00 00                           // (0000,0700) US Priority MEDIUM
            00 00 00 08  02 00 00 00  01 00                           // (0000,0800) US CommandDataSetType present
            """;

    static final String C_MOVE_RSP_PENDING = """
            00 00 00 00  04 00 00 00  74 00 00 00                     // (0000,0000) UL CommandGroupLength 116
            00 00 02 00  1C 00 00 00  '1.2.840.10008.5.1.4.1.2.2.2' 00 // (0000,0002) UI AffectedSOPClassUID
            00 00 00 01  02 00 00 00  21 80                           // (0000,0100) US CommandField C-MOVE-RSP
            00 00 20 01  02 00 00 00  09 00                           // (0000,0120) US MessageIDBeingRespondedTo 9
            00 00 00 08  02 00 00 00  01 01                           // (0000,0800) US CommandDataSetType none
            00 00 00 09  02 00 00 00  00 FF                           // (0000,0900) US Status 0xFF00 pending
            00 00 20 10  02 00 00 00  03 00                           // (0000,1020) US NumberOfRemaining 3
            00 00 21 10  02 00 00 00  01 00                           // (0000,1021) US NumberOfCompleted 1
            00 00 22 10  02 00 00 00  00 00                           // (0000,1022) US NumberOfFailed 0
            00 00 23 10  02 00 00 00  00 00                           // (0000,1023) US NumberOfWarning 0
            """;

    static final String C_MOVE_RSP_FAILURES = """
            00 00 00 00  04 00 00 00  6A 00 00 00                     // (0000,0000) UL CommandGroupLength 106
            00 00 02 00  1C 00 00 00  '1.2.840.10008.5.1.4.1.2.2.2' 00 // (0000,0002) UI AffectedSOPClassUID
            00 00 00 01  02 00 00 00  21 80                           // (0000,0100) US CommandField C-MOVE-RSP
            00 00 20 01  02 00 00 00  09 00                           // (0000,0120) US MessageIDBeingRespondedTo 9
            00 00 00 08  02 00 00 00  01 00                           // (0000,0800) US CommandDataSetType present
            00 00 00 09  02 00 00 00  00 B0                           // (0000,0900) US Status 0xB000
            00 00 21 10  02 00 00 00  03 00                           // (0000,1021) US NumberOfCompleted 3
            00 00 22 10  02 00 00 00  01 00                           // (0000,1022) US NumberOfFailed 1
            00 00 23 10  02 00 00 00  00 00                           // (0000,1023) US NumberOfWarning 0
            """;

    static final String C_GET_RQ = """
            00 00 00 00  04 00 00 00  4C 00 00 00                     // (0000,0000) UL CommandGroupLength 76
            00 00 02 00  1C 00 00 00  '1.2.840.10008.5.1.4.1.2.2.3' 00 // (0000,0002) UI AffectedSOPClassUID
            00 00 00 01  02 00 00 00  10 00                           // (0000,0100) US CommandField C-GET-RQ
            00 00 10 01  02 00 00 00  0A 00                           // (0000,0110) US MessageID 10
            00 00 00 07  02 00 00 00  01 00                           // (0000,0700) US Priority HIGH
            00 00 00 08  02 00 00 00  01 00                           // (0000,0800) US CommandDataSetType present
            """;

    static final String C_GET_RSP_CANCEL = """
            00 00 00 00  04 00 00 00  74 00 00 00                     // (0000,0000) UL CommandGroupLength 116
            00 00 02 00  1C 00 00 00  '1.2.840.10008.5.1.4.1.2.2.3' 00 // (0000,0002) UI AffectedSOPClassUID
            00 00 00 01  02 00 00 00  10 80                           // (0000,0100) US CommandField C-GET-RSP
            00 00 20 01  02 00 00 00  0A 00                           // (0000,0120) US MessageIDBeingRespondedTo 10
            00 00 00 08  02 00 00 00  01 01                           // (0000,0800) US CommandDataSetType none
            00 00 00 09  02 00 00 00  00 FE                           // (0000,0900) US Status 0xFE00 cancel
            00 00 20 10  02 00 00 00  05 00                           // (0000,1020) US NumberOfRemaining 5
            00 00 21 10  02 00 00 00  02 00                           // (0000,1021) US NumberOfCompleted 2
            00 00 22 10  02 00 00 00  00 00                           // (0000,1022) US NumberOfFailed 0
            00 00 23 10  02 00 00 00  01 00                           // (0000,1023) US NumberOfWarning 1
            """;

    /** Every golden message with its record; other tests (dcmdump, core reader) reuse them. */
    static final List<Golden> ALL = List.of(
            new Golden("C-ECHO-RQ", new CEchoRq(1, VERIFICATION), C_ECHO_RQ),
            new Golden("C-ECHO-RSP", new CEchoRsp(1, VERIFICATION, Status.SUCCESS), C_ECHO_RSP),
            new Golden("C-STORE-RQ", new CStoreRq(7, CT_IMAGE_STORAGE, INSTANCE, Priority.MEDIUM), C_STORE_RQ),
            new Golden("C-STORE-RQ from C-MOVE",
                    new CStoreRq(7, CT_IMAGE_STORAGE, INSTANCE, Priority.HIGH, "MOVESCU", 3), C_STORE_RQ_FROM_MOVE),
            new Golden("C-STORE-RSP", new CStoreRsp(7, CT_IMAGE_STORAGE, INSTANCE, Status.SUCCESS), C_STORE_RSP),
            new Golden("C-STORE-RSP failure", new CStoreRsp(7, CT_IMAGE_STORAGE, INSTANCE,
                    Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS.withComment("SOP Class mismatch")
                            .withOffendingElements(0x00080016).withErrorId(42)), C_STORE_RSP_FAILURE),
            new Golden("C-FIND-RQ", new CFindRq(5, STUDY_ROOT_FIND, Priority.LOW), C_FIND_RQ),
            new Golden("C-FIND-RSP pending", new CFindRsp(5, STUDY_ROOT_FIND, Status.PENDING, true),
                    C_FIND_RSP_PENDING),
            new Golden("C-FIND-RSP final", new CFindRsp(5, STUDY_ROOT_FIND, Status.SUCCESS, false),
                    C_FIND_RSP_FINAL),
            new Golden("C-CANCEL-RQ", new CCancelRq(5), C_CANCEL_RQ),
            new Golden("C-MOVE-RQ", new CMoveRq(9, STUDY_ROOT_MOVE, Priority.MEDIUM, "STORESCP"), C_MOVE_RQ),
            new Golden("C-MOVE-RSP pending", new CMoveRsp(9, STUDY_ROOT_MOVE, Status.PENDING,
                    new SubOperationCounts(3, 1, 0, 0), false), C_MOVE_RSP_PENDING),
            new Golden("C-MOVE-RSP with failures", new CMoveRsp(9, STUDY_ROOT_MOVE,
                    Status.SUB_OPERATIONS_COMPLETE_WITH_FAILURES, new SubOperationCounts(null, 3, 1, 0), true),
                    C_MOVE_RSP_FAILURES),
            new Golden("C-GET-RQ", new CGetRq(10, STUDY_ROOT_GET, Priority.HIGH), C_GET_RQ),
            new Golden("C-GET-RSP cancel", new CGetRsp(10, STUDY_ROOT_GET, Status.CANCEL,
                    new SubOperationCounts(5, 2, 0, 1), false), C_GET_RSP_CANCEL));

    record Golden(String name, DimseCommand command, String hex) {
        byte[] bytes() {
            return Hex.bytes(hex);
        }
    }

    @Test
    void encodesEveryMessageToItsGoldenBytes() {
        for (Golden golden : ALL) {
            assertThat(DimseCodec.encode(golden.command())).as(golden.name()).isEqualTo(golden.bytes());
        }
    }

    @Test
    void decodesEveryGoldenMessageToItsRecord() throws IOException {
        for (Golden golden : ALL) {
            assertThat(DimseCodec.decode(golden.bytes())).as(golden.name()).isEqualTo(golden.command());
        }
    }

    @Test
    void cStoreRqDecodesWithItsFieldsAndAnswersWithTheSameUids() throws IOException {
        CStoreRq rq = (CStoreRq) DimseCodec.decode(Hex.bytes(C_STORE_RQ_FROM_MOVE));

        assertThat(rq.messageId()).isEqualTo(7);
        assertThat(rq.affectedSopClassUid()).isEqualTo(CT_IMAGE_STORAGE);
        assertThat(rq.affectedSopInstanceUid()).isEqualTo(INSTANCE);
        assertThat(rq.priority()).isEqualTo(Priority.HIGH);
        assertThat(rq.moveOriginatorAeTitle()).isEqualTo("MOVESCU");
        assertThat(rq.moveOriginatorMessageId()).isEqualTo(3);
        assertThat(rq.hasDataSet()).isTrue();
        assertThat(DimseCodec.encode(rq.response(Status.SUCCESS))).isEqualTo(Hex.bytes(C_STORE_RSP));
    }

    @Test
    void dataSetPresenceFollowsTheCommand() throws IOException {
        assertThat(DimseCodec.decode(Hex.bytes(C_ECHO_RQ)).hasDataSet()).isFalse();
        assertThat(DimseCodec.decode(Hex.bytes(C_STORE_RQ)).hasDataSet()).isTrue();
        assertThat(DimseCodec.decode(Hex.bytes(C_STORE_RSP)).hasDataSet()).isFalse();
        assertThat(DimseCodec.decode(Hex.bytes(C_FIND_RQ)).hasDataSet()).isTrue();
        assertThat(DimseCodec.decode(Hex.bytes(C_FIND_RSP_PENDING)).hasDataSet()).isTrue();
        assertThat(DimseCodec.decode(Hex.bytes(C_FIND_RSP_FINAL)).hasDataSet()).isFalse();
        assertThat(DimseCodec.decode(Hex.bytes(C_CANCEL_RQ)).hasDataSet()).isFalse();
    }

    @Test
    void responsesWithoutTheOptionalUidsLeaveThemOut() throws IOException {
        byte[] bytes = DimseCodec.encode(new CStoreRsp(7, null, null, Status.OUT_OF_RESOURCES));

        assertThat(bytes).isEqualTo(Hex.bytes("""
                00 00 00 00  04 00 00 00  28 00 00 00      // (0000,0000) UL CommandGroupLength 40
                00 00 00 01  02 00 00 00  01 80            // (0000,0100) US CommandField C-STORE-RSP
                00 00 20 01  02 00 00 00  07 00            // (0000,0120) US MessageIDBeingRespondedTo 7
                00 00 00 08  02 00 00 00  01 01            // (0000,0800) US CommandDataSetType none
                00 00 00 09  02 00 00 00  00 A7            // (0000,0900) US Status 0xA700
                """));
        assertThat(DimseCodec.decode(bytes)).isEqualTo(new CStoreRsp(7, null, null, Status.OUT_OF_RESOURCES));
    }

    @Test
    void errorCommentIsCutToSixtyFourAsciiCharactersOnTheWire() throws IOException {
        String comment = "Disk full on /spool\\incoming: " + "x".repeat(40) + "\nsecond line é";
        CEchoRsp rsp = new CEchoRsp(1, null, Status.PROCESSING_FAILURE.withComment(comment));

        CEchoRsp decoded = (CEchoRsp) DimseCodec.decode(DimseCodec.encode(rsp));

        assertThat(rsp.status().errorComment()).isEqualTo(comment);
        assertThat(decoded.status().errorComment())
                .hasSize(Status.ERROR_COMMENT_MAX)
                .isEqualTo("Disk full on /spool/incoming: " + "x".repeat(34));
        String controlAndLatin = "a\tb\u00e9c\\d";
        CEchoRsp other = (CEchoRsp) DimseCodec.decode(DimseCodec.encode(
                new CEchoRsp(1, null, Status.PROCESSING_FAILURE.withComment(controlAndLatin))));
        assertThat(other.status().errorComment()).isEqualTo("a b?c/d");
    }

    @Test
    void oddLengthValuesArePaddedToEvenLength() throws IOException {
        byte[] bytes = DimseCodec.encode(new CStoreRq(1, "1.2.3", "1.2.34", Priority.MEDIUM, "AE1", null));

        assertThat(bytes.length % 2).isZero();
        assertThat(new String(bytes, 12 + 8, 6, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("1.2.3\0");
        CStoreRq decoded = (CStoreRq) DimseCodec.decode(bytes);
        assertThat(decoded.affectedSopClassUid()).isEqualTo("1.2.3");
        assertThat(decoded.moveOriginatorAeTitle()).isEqualTo("AE1");
    }

    @Test
    void dicomCoreReadsEveryEncodedCommandSetWithTheDictionaryVrsAndWritesTheSameBytes() throws IOException {
        for (Golden golden : ALL) {
            byte[] bytes = DimseCodec.encode(golden.command());
            DataSet ds = DicomReader.readDataSet(new ByteArrayInputStream(bytes),
                    TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, ReadOptions.IN_MEMORY);

            assertThat(ds.getInt(Tags.CommandGroupLength)).as(golden.name()).isEqualTo(bytes.length - 12);
            assertThat(ds.getInt(Tags.CommandField)).as(golden.name()).isEqualTo(golden.command().commandField());
            assertThat(ds.vr(Tags.CommandField)).isEqualTo(Vr.US);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DicomWriter.writeDataSet(out, ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            assertThat(out.toByteArray()).as(golden.name()).isEqualTo(bytes);
        }
    }

    @Test
    void maximalMessageIdsAndStatusCodesSurviveTheRoundTrip() throws IOException {
        DimseCommand rsp = new CFindRsp(0xFFFF, null, Status.of(0xCFFF).withErrorId(0xFFFF)
                .withOffendingElements(0x7FE00010, 0xFFFEE000), false);

        assertThat(DimseCodec.decode(DimseCodec.encode(rsp))).isEqualTo(rsp);
    }
}
