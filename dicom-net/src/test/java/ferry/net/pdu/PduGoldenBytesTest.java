package ferry.net.pdu;

import static ferry.net.pdu.Golden.read;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each PDU type and each user information sub-item: golden bytes decode to the record and encode back. */
class PduGoldenBytesTest {

    private static void assertCodec(byte[] bytes, Pdu expected) throws IOException {
        assertThat(read(bytes)).isEqualTo(expected);
        assertThat(PduWriter.encode(expected)).isEqualTo(bytes);
    }

    private static UserInformation dcmtkUserInformation(AsyncOperationsWindow window, List<RoleSelection> roles,
            List<ExtendedNegotiation> extended, List<CommonExtendedNegotiation> common, UserIdentityRq identityRq,
            UserIdentityAc identityAc, List<UnknownSubItem> unknown) {
        return new UserInformation(16384, "1.2.276.0.7230010.3.0.3.6.7", "OFFIS_DCMTK_367", window, roles, extended,
                common, identityRq, identityAc, unknown);
    }

    private static AAssociateRq echoRqWith(UserInformation userInformation) {
        AAssociateRq rq = Golden.ECHOSCU_RQ_RECORD;
        return new AAssociateRq(1, "YOU", "ME", rq.applicationContext(), rq.presentationContexts(), userInformation);
    }

    @Test
    void anAssociateRqAsEchoscuSendsItDecodesAndEncodesBack() throws IOException {
        assertCodec(Hex.bytes(Golden.ECHOSCU_RQ), Golden.ECHOSCU_RQ_RECORD);
    }

    @Test
    void anAssociateAcWithAcceptedAndRejectedContextsDecodesAndEncodesBack() throws IOException {
        AAssociateAc ac = new AAssociateAc(1, "SCP", "ME", "1.2.840.10008.3.1.1.1", List.of(
                new PresentationContextAc(1, PresentationContextAc.Result.ACCEPTANCE, "1.2.840.10008.1.2"),
                new PresentationContextAc(3, PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                        "1.2.840.10008.1.2"),
                new PresentationContextAc(5, PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED,
                        "1.2.840.10008.1.2")),
                UserInformation.of(16384, "1.2.276.0.7230010.3.0.3.6.7", "OFFIS_DCMTK_367"));

        assertCodec(Hex.bytes(Golden.STORESCP_AC), ac);
    }

    @Test
    void aRejectedContextWithoutTransferSyntaxIsWrittenWithImplicitLittleEndianAsDcmtkDoes() throws IOException {
        AAssociateAc ac = (AAssociateAc) read(Hex.bytes(Golden.STORESCP_AC));
        AAssociateAc withoutSyntaxes = new AAssociateAc(1, "SCP", "ME", ac.applicationContext(), List.of(
                ac.presentationContexts().get(0),
                new PresentationContextAc(3, PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED, null),
                new PresentationContextAc(5, PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED, "")),
                ac.userInformation());

        assertThat(PduWriter.encode(withoutSyntaxes)).isEqualTo(Hex.bytes(Golden.STORESCP_AC));
    }

    @Test
    void anAsynchronousOperationsWindowSubItemDecodesAndEncodesBack() throws IOException {
        byte[] bytes = Golden.rqWithUserInformation("""
                50 00 00 42                              // user information item, length 66
                51 00 00 04 00 00 40 00                  //   maximum length 16384
                52 00 00 1B '1.2.276.0.7230010.3.0.3.6.7'
                53 00 00 04 00 05 00 01                  //   async window: 5 invoked, 1 performed
                55 00 00 0F 'OFFIS_DCMTK_367'
                """);
        assertCodec(bytes, echoRqWith(dcmtkUserInformation(new AsyncOperationsWindow(5, 1), List.of(), List.of(),
                List.of(), null, null, List.of())));
    }

    @Test
    void roleSelectionSubItemsDecodeAndEncodeBack() throws IOException {
        byte[] bytes = Golden.rqWithUserInformation("""
                50 00 00 7C                              // user information item, length 124
                51 00 00 04 00 00 40 00
                52 00 00 1B '1.2.276.0.7230010.3.0.3.6.7'
                54 00 00 1D 00 19 '1.2.840.10008.5.1.4.1.1.4' 00 01   // MR: SCU-role 0, SCP-role 1
                54 00 00 1D 00 19 '1.2.840.10008.5.1.4.1.1.2' 01 01   // CT: SCU-role 1, SCP-role 1
                55 00 00 0F 'OFFIS_DCMTK_367'
                """);
        assertCodec(bytes, echoRqWith(dcmtkUserInformation(null, List.of(
                new RoleSelection("1.2.840.10008.5.1.4.1.1.4", false, true),
                new RoleSelection("1.2.840.10008.5.1.4.1.1.2", true, true)), List.of(), List.of(), null, null,
                List.of())));
    }

    @Test
    void anExtendedNegotiationSubItemDecodesAndEncodesBack() throws IOException {
        byte[] bytes = Golden.rqWithUserInformation("""
                50 00 00 5E                              // user information item, length 94
                51 00 00 04 00 00 40 00
                52 00 00 1B '1.2.276.0.7230010.3.0.3.6.7'
                55 00 00 0F 'OFFIS_DCMTK_367'
                56 00 00 20 00 1B '1.2.840.10008.5.1.4.1.2.2.1'  // Study Root FIND, UID length 27
                01 01 00                                 //   application information: relational, date-time
                """);
        assertCodec(bytes, echoRqWith(dcmtkUserInformation(null, List.of(), List.of(new ExtendedNegotiation(
                "1.2.840.10008.5.1.4.1.2.2.1", new byte[] {1, 1, 0})), List.of(), null, null, List.of())));
    }

    @Test
    void aCommonExtendedNegotiationSubItemDecodesAndEncodesBack() throws IOException {
        byte[] bytes = Golden.rqWithUserInformation("""
                50 00 00 91                              // user information item, length 145
                51 00 00 04 00 00 40 00
                52 00 00 1B '1.2.276.0.7230010.3.0.3.6.7'
                55 00 00 0F 'OFFIS_DCMTK_367'
                57 00 00 53                              // common extended negotiation, version 0, length 83
                00 1D '1.2.840.10008.5.1.4.1.1.88.22'    //   SOP class: Enhanced SR
                00 11 '1.2.840.10008.4.2'                //   service class: Storage
                00 1F                                    //   related general SOP class identification, 31
                00 1D '1.2.840.10008.5.1.4.1.1.88.11'    //     Basic Text SR
                """);
        assertCodec(bytes, echoRqWith(dcmtkUserInformation(null, List.of(), List.of(), List.of(
                new CommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.88.22", "1.2.840.10008.4.2",
                        List.of("1.2.840.10008.5.1.4.1.1.88.11"))), null, null, List.of())));
    }

    @Test
    void aUserIdentitySubItemDecodesAndEncodesBack() throws IOException {
        byte[] bytes = Golden.rqWithUserInformation("""
                50 00 00 4F                              // user information item, length 79
                51 00 00 04 00 00 40 00
                52 00 00 1B '1.2.276.0.7230010.3.0.3.6.7'
                55 00 00 0F 'OFFIS_DCMTK_367'
                58 00 00 11                              // user identity sub-item, length 17
                02 01                                    //   type 2 user name and passcode, response wanted
                00 05 'alice'                            //   primary field
                00 06 'secret'                           //   secondary field
                """);
        UserIdentityRq identity = new UserIdentityRq(UserIdentityRq.USERNAME_AND_PASSCODE, true,
                "alice".getBytes(StandardCharsets.UTF_8), "secret".getBytes(StandardCharsets.UTF_8));
        assertCodec(bytes, echoRqWith(dcmtkUserInformation(null, List.of(), List.of(), List.of(), identity, null,
                List.of())));
    }

    @Test
    void aUserIdentityServerResponseSubItemDecodesAndEncodesBackInAnAccept() throws IOException {
        byte[] bytes = Golden.acWithUserInformation("""
                50 00 00 44                              // user information item, length 68
                51 00 00 04 00 00 40 00
                52 00 00 1B '1.2.276.0.7230010.3.0.3.6.7'
                55 00 00 0F 'OFFIS_DCMTK_367'
                59 00 00 06 00 04 'tick'                 // server response, length 4
                """);
        AAssociateAc golden = (AAssociateAc) read(Hex.bytes(Golden.STORESCP_AC));
        AAssociateAc expected = new AAssociateAc(1, "SCP", "ME", golden.applicationContext(),
                golden.presentationContexts(), dcmtkUserInformation(null, List.of(), List.of(), List.of(), null,
                        new UserIdentityAc("tick".getBytes(StandardCharsets.US_ASCII)), List.of()));
        assertCodec(bytes, expected);
    }

    @Test
    void anUnknownUserInformationSubItemIsKeptAndEncodedBack() throws IOException {
        byte[] bytes = Golden.rqWithUserInformation("""
                50 00 00 41                              // user information item, length 65
                51 00 00 04 00 00 40 00
                52 00 00 1B '1.2.276.0.7230010.3.0.3.6.7'
                55 00 00 0F 'OFFIS_DCMTK_367'
                5F 00 00 03 01 02 03                     // sub-item type 0x5F, unknown to PS3.7 D.3.3
                """);
        assertCodec(bytes, echoRqWith(dcmtkUserInformation(null, List.of(), List.of(), List.of(), null, null,
                List.of(new UnknownSubItem(0x5F, new byte[] {1, 2, 3})))));
    }

    @Test
    void anAssociateRjDecodesAndEncodesBack() throws IOException {
        AAssociateRj rj = new AAssociateRj(AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_USER,
                AAssociateRj.CALLED_AE_NOT_RECOGNIZED);
        assertCodec(Hex.bytes(Golden.ASSOCIATE_RJ), rj);
        assertThat(rj.describe())
                .isEqualTo("rejected-permanent by DICOM UL service-user: called-AE-title-not-recognized");
    }

    @Test
    void aPDataTfWithTwoValuesDecodesAndEncodesBack() throws IOException {
        assertCodec(Hex.bytes(Golden.P_DATA_TF), new PDataTf(List.of(
                new PresentationDataValue(1, true, true, "abcd".getBytes(StandardCharsets.US_ASCII)),
                new PresentationDataValue(3, false, false, new byte[] {1, 2, 3, 4}))));
    }

    @Test
    void releaseRequestAndResponseDecodeAndEncodeBack() throws IOException {
        assertCodec(Hex.bytes(Golden.RELEASE_RQ), new AReleaseRq());
        assertCodec(Hex.bytes(Golden.RELEASE_RP), new AReleaseRp());
    }

    @Test
    void anAbortDecodesAndEncodesBack() throws IOException {
        AAbort abort = new AAbort(AAbort.Source.SERVICE_PROVIDER, AAbort.INVALID_PDU_PARAMETER_VALUE);
        assertCodec(Hex.bytes(Golden.ABORT), abort);
        assertThat(abort.describe())
                .isEqualTo("A-ABORT from the DICOM UL service-provider: invalid-PDU-parameter value");
    }

    @Test
    void paddingOfUidsAndAeTitlesIsTrimmedOnRead() throws IOException {
        byte[] bytes = Hex.bytes(Golden.ECHOSCU_RQ);
        bytes[10] = ' '; // called AE title "YOU" becomes " OU", leading space not significant
        byte[] padded = Golden.rqWithUserInformation("""
                50 00 00 3B
                51 00 00 04 00 00 40 00
                52 00 00 1C '1.2.276.0.7230010.3.0.3.6.7' 00   // a NUL-padded UID, as some old peers send
                55 00 00 0F 'OFFIS_DCMTK_367'
                """);
        padded[10] = ' ';

        AAssociateRq rq = (AAssociateRq) read(padded);

        assertThat(rq.calledAeTitle()).isEqualTo("OU");
        assertThat(rq.userInformation().implementationClassUid()).isEqualTo("1.2.276.0.7230010.3.0.3.6.7");
        assertThat(((AAssociateRq) read(bytes)).calledAeTitle()).isEqualTo("OU");
    }

    @Test
    void aUserInformationItemWithoutMaximumLengthReadsAsUnlimited() throws IOException {
        byte[] bytes = Golden.rqWithUserInformation("""
                50 00 00 32
                52 00 00 1B '1.2.276.0.7230010.3.0.3.6.7'
                55 00 00 0F 'OFFIS_DCMTK_367'
                """);
        assertThat(((AAssociateRq) read(bytes)).userInformation().maxPduLength()).isZero();
    }
}
