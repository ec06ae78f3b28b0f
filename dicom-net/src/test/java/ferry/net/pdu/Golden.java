package ferry.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/** Golden PDUs shared by the codec tests, the malformed-input tests and the fuzzer's seeds. */
final class Golden {
    private Golden() {
    }

    /** What dcmtk 3.6.7's echoscu sends (its reserved 0xFF in the presentation context item written as 00). */
    static final String ECHOSCU_RQ = """
            01 00 00 00 00 CD                        // A-ASSOCIATE-RQ, PDU length 205
            00 01 00 00                              // protocol version 1, reserved
            'YOU             '                       // called AE title, space padded to 16
            'ME              '                       // calling AE title
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  // 32 reserved bytes
            10 00 00 15 '1.2.840.10008.3.1.1.1'      // offset 74: application context item, length 21
            20 00 00 2E                              // offset 99: presentation context item, length 46
            01 00 00 00                              //   context ID 1, three reserved bytes
            30 00 00 11 '1.2.840.10008.1.1'          //   abstract syntax sub-item: Verification
            40 00 00 11 '1.2.840.10008.1.2'          //   transfer syntax sub-item: Implicit VR Little Endian
            50 00 00 3A                              // offset 149: user information item, length 58
            51 00 00 04 00 00 40 00                  //   maximum length 16384
            52 00 00 1B '1.2.276.0.7230010.3.0.3.6.7'   // implementation class UID
            55 00 00 0F 'OFFIS_DCMTK_367'            //   implementation version name
            """;

    static final AAssociateRq ECHOSCU_RQ_RECORD = new AAssociateRq(1, "YOU", "ME", "1.2.840.10008.3.1.1.1",
            List.of(new PresentationContextRq(1, "1.2.840.10008.1.1", List.of("1.2.840.10008.1.2"))),
            UserInformation.of(16384, "1.2.276.0.7230010.3.0.3.6.7", "OFFIS_DCMTK_367"));

    /** What dcmtk 3.6.7's storescp answers to three contexts: accepted, unknown SOP class, JPEG only. */
    static final String STORESCP_AC = """
            02 00 00 00 00 F2                        // A-ASSOCIATE-AC, PDU length 242
            00 01 00 00                              // protocol version 1, reserved
            'SCP             '                       // called AE title of the request, echoed
            'ME              '                       // calling AE title of the request, echoed
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  // 32 reserved bytes
            10 00 00 15 '1.2.840.10008.3.1.1.1'      // application context item
            21 00 00 19 01 00 00 00                  // presentation context item: ID 1, result 0 acceptance
            40 00 00 11 '1.2.840.10008.1.2'          //   transfer syntax sub-item: Implicit VR Little Endian
            21 00 00 19 03 00 03 00                  // ID 3, result 3 abstract-syntax-not-supported
            40 00 00 11 '1.2.840.10008.1.2'          //   not significant; dcmtk writes Implicit VR LE
            21 00 00 19 05 00 04 00                  // ID 5, result 4 transfer-syntaxes-not-supported
            40 00 00 11 '1.2.840.10008.1.2'          //   not significant
            50 00 00 3A                              // user information item, length 58
            51 00 00 04 00 00 40 00                  //   maximum length 16384
            52 00 00 1B '1.2.276.0.7230010.3.0.3.6.7'   // implementation class UID
            55 00 00 0F 'OFFIS_DCMTK_367'            //   implementation version name
            """;

    static final String ASSOCIATE_RJ = "03 00 00 00 00 04 00 01 01 07 // A-ASSOCIATE-RJ: permanent, user, 7";

    static final String P_DATA_TF = """
            04 00 00 00 00 14                        // P-DATA-TF, PDU length 20
            00 00 00 06 01 03 'abcd'                 // PDV length 6, context 1, command + last, 4 bytes
            00 00 00 06 03 00 01 02 03 04            // PDV length 6, context 3, data, not last
            """;

    static final String RELEASE_RQ = "05 00 00 00 00 04 00 00 00 00 // A-RELEASE-RQ, 4 reserved bytes";
    static final String RELEASE_RP = "06 00 00 00 00 04 00 00 00 00 // A-RELEASE-RP, 4 reserved bytes";
    static final String ABORT = "07 00 00 00 00 04 00 00 02 06 // A-ABORT: provider, invalid-PDU-parameter value";

    static final String[] ALL = {ECHOSCU_RQ, STORESCP_AC, ASSOCIATE_RJ, P_DATA_TF, RELEASE_RQ, RELEASE_RP, ABORT};

    /** An A-ASSOCIATE-RQ like echoscu's with {@code userInformation} (an item, header included) instead. */
    static byte[] rqWithUserInformation(String userInformation) {
        return withUserInformation(ECHOSCU_RQ, 149, userInformation);
    }

    /** An A-ASSOCIATE-AC like storescp's with {@code userInformation} instead. */
    static byte[] acWithUserInformation(String userInformation) {
        return withUserInformation(STORESCP_AC, 186, userInformation);
    }

    private static byte[] withUserInformation(String pdu, int userInformationOffset, String userInformation) {
        byte[] head = Hex.bytes(pdu);
        byte[] tail = Hex.bytes(userInformation);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head, 0, userInformationOffset);
        out.writeBytes(tail);
        byte[] bytes = out.toByteArray();
        int length = bytes.length - 6;
        bytes[2] = (byte) (length >>> 24);
        bytes[3] = (byte) (length >>> 16);
        bytes[4] = (byte) (length >>> 8);
        bytes[5] = (byte) length;
        return bytes;
    }

    /** Reads the only PDU in {@code bytes}, checking that the stream then ends cleanly. */
    static Pdu read(byte[] bytes) throws IOException {
        PduReader reader = new PduReader(new ByteArrayInputStream(bytes), 16384);
        Pdu pdu = reader.read();
        assertThat(reader.read()).as("after the PDU the stream ends cleanly").isNull();
        return pdu;
    }
}
