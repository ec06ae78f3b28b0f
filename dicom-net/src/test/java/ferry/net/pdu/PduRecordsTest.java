package ferry.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records validate what would make them unencodable, compare arrays by content and never print secrets. */
class PduRecordsTest {
    private static final UserInformation USER_INFORMATION = UserInformation.of(0, "1.2.3", null);
    private static final List<PresentationContextRq> CONTEXTS =
            List.of(new PresentationContextRq(1, "1.2.840.10008.1.1", List.of("1.2.840.10008.1.2")));

    private static AAssociateRq rq(String called, String calling) {
        return new AAssociateRq(1, called, calling, AAssociateRq.DICOM_APPLICATION_CONTEXT, CONTEXTS,
                USER_INFORMATION);
    }

    @Test
    void aeTitlesMustBeAtMostSixteenCharactersWithoutBackslashOrControlCharacters() {
        assertThat(rq("SIXTEEN_CHARS_AE", "").calledAeTitle()).isEqualTo("SIXTEEN_CHARS_AE");
        assertThatThrownBy(() -> rq("SEVENTEEN_CHARS_A", "B")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("called AE title 'SEVENTEEN_CHARS_A' is longer than 16 characters");
        assertThatThrownBy(() -> rq("A", "B\\C")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calling AE title 'B\\C' contains a backslash");
        assertThatThrownBy(() -> rq("A\tB", "C")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x09");
        assertThatThrownBy(() -> rq("\u00c9", "C")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the default repertoire");
        assertThatThrownBy(() -> new AAssociateAc(1, "A", "B\\", "1.2", List.of(), USER_INFORMATION))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void presentationContextIdsAreOddFromOneTo255() {
        for (int id : new int[] {0, 2, 256, -1}) {
            assertThatThrownBy(() -> new PresentationContextRq(id, "1.2", List.of("1.2.840.10008.1.2")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ID " + id);
        }
        assertThat(new PresentationContextRq(255, "1.2", List.of("1.2.840.10008.1.2")).id()).isEqualTo(255);
        assertThatThrownBy(() -> new PresentationDataValue(4, true, true, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProposalNeedsATransferSyntaxAndAnAcceptanceNamesOne() {
        assertThatThrownBy(() -> new PresentationContextRq(1, "1.2", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no transfer syntax");
        assertThatThrownBy(() -> new PresentationContextAc(1, PresentationContextAc.Result.ACCEPTANCE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a transfer syntax");
        assertThat(new PresentationContextAc(1, PresentationContextAc.Result.USER_REJECTION, null).accepted())
                .isFalse();
    }

    @Test
    void numericFieldsMustFitTheirWireWidth() {
        assertThatThrownBy(() -> UserInformation.of(0x1_0000_0000L, "1.2", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AsyncOperationsWindow(0x10000, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AAbort(AAbort.Source.SERVICE_USER, 256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AAssociateRq(0x10000, "A", "B", "1.2", CONTEXTS, USER_INFORMATION))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsWithArraysCompareContentsAndCopyThem() {
        byte[] password = "secret".getBytes(StandardCharsets.UTF_8);
        UserIdentityRq identity = new UserIdentityRq(2, false, "alice".getBytes(StandardCharsets.UTF_8), password);
        password[0] = 'X';
        assertThat(identity.secondaryField()).isEqualTo("secret".getBytes(StandardCharsets.UTF_8));
        identity.secondaryField()[0] = 'Y';
        assertThat(identity).isEqualTo(new UserIdentityRq(2, false, "alice".getBytes(StandardCharsets.UTF_8),
                "secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(identity).hasSameHashCodeAs(new UserIdentityRq(2, false,
                "alice".getBytes(StandardCharsets.UTF_8), "secret".getBytes(StandardCharsets.UTF_8)));

        assertThat(new ExtendedNegotiation("1.2", new byte[] {1})).isEqualTo(new ExtendedNegotiation("1.2",
                new byte[] {1}));
        assertThat(new UserIdentityAc(new byte[] {1, 2})).isEqualTo(new UserIdentityAc(new byte[] {1, 2}));
        assertThat(new UnknownSubItem(0x60, new byte[] {3})).isEqualTo(new UnknownSubItem(0x60, new byte[] {3}))
                .isNotEqualTo(new UnknownSubItem(0x61, new byte[] {3}));
        assertThat(new PresentationDataValue(1, true, false, new byte[] {9}))
                .isEqualTo(new PresentationDataValue(1, true, false, new byte[] {9}))
                .hasSameHashCodeAs(new PresentationDataValue(1, true, false, new byte[] {9}))
                .isNotEqualTo(new PresentationDataValue(1, true, true, new byte[] {9}));
    }

    @Test
    void toStringShowsLengthsNotContents() {
        UserIdentityRq identity = new UserIdentityRq(2, true, "alice".getBytes(StandardCharsets.UTF_8),
                "secret".getBytes(StandardCharsets.UTF_8));
        assertThat(identity.toString()).doesNotContain("alice").doesNotContain("secret")
                .contains("primaryField=5 bytes", "secondaryField=6 bytes");
        assertThat(new UserIdentityAc(new byte[3]).toString()).contains("serverResponse=3 bytes");
        assertThat(new ExtendedNegotiation("1.2", new byte[2]).toString()).contains("applicationInformation=2 bytes");
        assertThat(new UnknownSubItem(0x60, new byte[4]).toString())
                .isEqualTo("UnknownSubItem[type=0x60, content=4 bytes]");
        assertThat(new PresentationDataValue(3, false, true, new byte[1000]).toString())
                .isEqualTo("PresentationDataValue[contextId=3, data, last, 1000 bytes]");
    }

    @Test
    void rejectionsAndAbortsDescribeThemselvesInTheStandardsWords() {
        assertThat(new AAssociateRj(AAssociateRj.Result.REJECTED_TRANSIENT,
                AAssociateRj.Source.SERVICE_PROVIDER_PRESENTATION, AAssociateRj.LOCAL_LIMIT_EXCEEDED).describe())
                .isEqualTo("rejected-transient by DICOM UL service-provider (presentation related function):"
                        + " local-limit-exceeded");
        assertThat(new AAssociateRj(AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_PROVIDER_ACSE,
                AAssociateRj.PROTOCOL_VERSION_NOT_SUPPORTED).describe())
                .endsWith("(ACSE related function): protocol-version-not-supported");
        assertThat(new AAssociateRj(AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_USER, 5)
                .describe()).endsWith("service-user: reserved (5)");
        assertThat(new AAbort(AAbort.Source.SERVICE_PROVIDER, AAbort.UNEXPECTED_PDU).describe())
                .isEqualTo("A-ABORT from the DICOM UL service-provider: unexpected-PDU");
        assertThat(new AAbort(AAbort.Source.SERVICE_USER, 0).describe())
                .isEqualTo("A-ABORT from the DICOM UL service-user, reason not specified");
        assertThat(new AAbort(AAbort.Source.SERVICE_USER, 0).name()).isEqualTo("A-ABORT");
        assertThat(new AReleaseRq().name()).isEqualTo("A-RELEASE-RQ");
        assertThat(PresentationContextAc.Result.of(4)).isEqualTo(
                PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED);
        assertThat(PresentationContextAc.Result.of(5)).isNull();
    }

    @Test
    void pduTypesAreTheStandardsCodes() {
        assertThat(List.<Pdu>of(rq("A", "B"), new AAssociateAc(1, "A", "B", "1.2", List.of(), USER_INFORMATION),
                new AAssociateRj(AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_USER, 1),
                new PDataTf(List.of(new PresentationDataValue(1, true, true, new byte[0]))), new AReleaseRq(),
                new AReleaseRp(), new AAbort(AAbort.Source.SERVICE_USER, 0)))
                .extracting(Pdu::type).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }
}
