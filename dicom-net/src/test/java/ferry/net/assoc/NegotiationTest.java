package ferry.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.tag.Uids;
import ferry.net.pdu.AAssociateRj;
import ferry.net.pdu.AAssociateRq;
import ferry.net.pdu.PresentationContextAc;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.pdu.RoleSelection;
import ferry.net.pdu.UserInformation;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NegotiationTest {
    static final String EXPLICIT = "1.2.840.10008.1.2.1";
    static final String IMPLICIT = "1.2.840.10008.1.2";
    static final String JPEG = "1.2.840.10008.1.2.4.50";
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final InetAddress HOST = InetAddress.getLoopbackAddress();
    static final UserInformation OURS = UserInformation.of(65536, "1.2.3", "OURS");

    static AcceptorPolicy policy(List<String> syntaxes, boolean anyStorage, List<CallerRule> callers) {
        return new AcceptorPolicy(Set.of("FERRY"), callers, Set.of(Uids.Verification), anyStorage, syntaxes, 2, 65536);
    }

    static AAssociateRq rq(String called, String calling, PresentationContextRq... contexts) {
        return new AAssociateRq(1, called, calling, Negotiation.APPLICATION_CONTEXT, List.of(contexts),
                UserInformation.of(16384, "1.2.4", "THEIRS"));
    }

    @Test
    void acceptsTheFirstTransferSyntaxOfThePolicyThatWasProposed() {
        Negotiation.Outcome outcome = Negotiation.accept(
                rq("FERRY", "SCU", new PresentationContextRq(1, MR, List.of(IMPLICIT, EXPLICIT))),
                policy(List.of(EXPLICIT, IMPLICIT), true, List.of()), HOST, 0, OURS);

        Negotiation.Accepted accepted = (Negotiation.Accepted) outcome;
        assertThat(accepted.contexts()).containsExactly(new PresentationContext(1, MR, EXPLICIT));
        assertThat(accepted.ac().userInformation().maxPduLength()).isEqualTo(65536);
        assertThat(accepted.ac().presentationContexts().get(0).result())
                .isEqualTo(PresentationContextAc.Result.ACCEPTANCE);
    }

    @Test
    void theScpRoleOfAStorageClassIsGrantedOnlyByAPolicyServingCGet() {
        AAssociateRq request = new AAssociateRq(1, "FERRY", "GETSCU", Negotiation.APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, MR, List.of(EXPLICIT)),
                        new PresentationContextRq(3, Uids.Verification, List.of(EXPLICIT))),
                new UserInformation(16384, "1.2.4", "THEIRS", null, List.of(new RoleSelection(MR, false, true),
                        new RoleSelection(Uids.Verification, true, true)), List.of(), List.of(), null, null,
                        List.of()));
        AcceptorPolicy plain = policy(List.of(EXPLICIT), true, List.of());
        AcceptorPolicy get = new AcceptorPolicy(Set.of("FERRY"), List.of(), Set.of(Uids.Verification), true,
                List.of(EXPLICIT), 2, 65536, true);

        Negotiation.Accepted refused = (Negotiation.Accepted) Negotiation.accept(request, plain, HOST, 0, OURS);
        Negotiation.Accepted granted = (Negotiation.Accepted) Negotiation.accept(request, get, HOST, 0, OURS);

        assertThat(refused.ac().userInformation().roleSelections()).containsExactly(
                new RoleSelection(MR, false, false), new RoleSelection(Uids.Verification, true, false));
        assertThat(granted.ac().userInformation().roleSelections()).as("PS3.7 D.3.3.4: only storage classes")
                .containsExactly(new RoleSelection(MR, false, true), new RoleSelection(Uids.Verification, true, false));
    }

    @Test
    void answersEachContextWithItsOwnResult() {
        Negotiation.Accepted accepted = (Negotiation.Accepted) Negotiation.accept(rq("FERRY", "SCU",
                        new PresentationContextRq(1, Uids.Verification, List.of(IMPLICIT)),
                        new PresentationContextRq(3, MR, List.of(JPEG)),
                        new PresentationContextRq(5, MR, List.of(EXPLICIT))),
                policy(List.of(EXPLICIT, IMPLICIT), false, List.of()), HOST, 0, OURS);

        assertThat(accepted.ac().presentationContexts()).extracting(PresentationContextAc::result).containsExactly(
                PresentationContextAc.Result.ACCEPTANCE,
                PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        assertThat(accepted.contexts()).containsExactly(new PresentationContext(1, Uids.Verification, IMPLICIT));
    }

    @Test
    void refusesATransferSyntaxItDoesNotKnowUnlessTheListEndsWithAny() {
        AAssociateRq request = rq("FERRY", "SCU", new PresentationContextRq(1, MR, List.of(JPEG)));

        Negotiation.Accepted strict = (Negotiation.Accepted) Negotiation.accept(request,
                policy(List.of(EXPLICIT, IMPLICIT), true, List.of()), HOST, 0, OURS);
        Negotiation.Accepted open = (Negotiation.Accepted) Negotiation.accept(request,
                policy(List.of(EXPLICIT, Negotiation.ANY_TRANSFER_SYNTAX), true, List.of()), HOST, 0, OURS);

        assertThat(strict.ac().presentationContexts().get(0).result())
                .isEqualTo(PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED);
        assertThat(open.contexts()).containsExactly(new PresentationContext(1, MR, JPEG));
    }

    @Test
    void rejectsAnUnknownCalledAeTitlePermanently() {
        Negotiation.Rejected rejected = (Negotiation.Rejected) Negotiation.accept(
                rq("OTHER", "SCU", new PresentationContextRq(1, MR, List.of(EXPLICIT))),
                policy(List.of(EXPLICIT), true, List.of()), HOST, 0, OURS);

        assertThat(rejected.rj()).isEqualTo(new AAssociateRj(AAssociateRj.Result.REJECTED_PERMANENT,
                AAssociateRj.Source.SERVICE_USER, AAssociateRj.CALLED_AE_NOT_RECOGNIZED));
    }

    @Test
    void rejectsCallersNotAllowedByTitleOrAddress() throws Exception {
        List<CallerRule> callers = List.of(new CallerRule("MODALITY", InetAddress.getByName("10.0.0.5")),
                new CallerRule("PACS", null));
        AcceptorPolicy policy = policy(List.of(EXPLICIT), true, callers);
        PresentationContextRq pc = new PresentationContextRq(1, MR, List.of(EXPLICIT));

        assertThat(Negotiation.accept(rq("FERRY", "PACS", pc), policy, HOST, 0, OURS))
                .isInstanceOf(Negotiation.Accepted.class);
        assertThat(Negotiation.accept(rq("FERRY", "MODALITY", pc), policy, InetAddress.getByName("10.0.0.5"), 0,
                OURS)).isInstanceOf(Negotiation.Accepted.class);
        Negotiation.Rejected wrongAddress = (Negotiation.Rejected) Negotiation.accept(rq("FERRY", "MODALITY", pc),
                policy, HOST, 0, OURS);
        assertThat(wrongAddress.rj().reason()).isEqualTo(AAssociateRj.CALLING_AE_NOT_RECOGNIZED);
        assertThat(wrongAddress.why()).contains("MODALITY").contains("127.0.0.1");
    }

    @Test
    void rejectsTransientlyOverTheAssociationLimit() {
        Negotiation.Rejected rejected = (Negotiation.Rejected) Negotiation.accept(
                rq("FERRY", "SCU", new PresentationContextRq(1, MR, List.of(EXPLICIT))),
                policy(List.of(EXPLICIT), true, List.of()), HOST, 2, OURS);

        assertThat(rejected.rj()).isEqualTo(new AAssociateRj(AAssociateRj.Result.REJECTED_TRANSIENT,
                AAssociateRj.Source.SERVICE_PROVIDER_PRESENTATION, AAssociateRj.LOCAL_LIMIT_EXCEEDED));
    }

    @Test
    void rejectsAnotherApplicationContext() {
        AAssociateRq request = new AAssociateRq(1, "FERRY", "SCU", "1.2.3.4",
                List.of(new PresentationContextRq(1, MR, List.of(EXPLICIT))), UserInformation.of(0, "1.2", "X"));

        Negotiation.Rejected rejected = (Negotiation.Rejected) Negotiation.accept(request,
                policy(List.of(EXPLICIT), true, List.of()), HOST, 0, OURS);

        assertThat(rejected.rj().reason()).isEqualTo(AAssociateRj.APPLICATION_CONTEXT_NOT_SUPPORTED);
    }

    @Test
    void aRequestorWhoseMaximumPduLengthLeavesNoRoomForDataIsRejected() {
        AAssociateRq rq = new AAssociateRq(1, "FERRY", "TINY", Negotiation.APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, MR, List.of(EXPLICIT))), UserInformation.of(6, "1.2.4", "TINY"));

        Negotiation.Outcome outcome = Negotiation.accept(rq, policy(List.of(EXPLICIT), true, List.of()), HOST, 0,
                OURS);

        Negotiation.Rejected rejected = (Negotiation.Rejected) outcome;
        assertThat(rejected.rj().reason()).isEqualTo(AAssociateRj.NO_REASON);
        assertThat(rejected.why()).contains("maximum PDU length 6");
    }

    @Test
    void aMadeUpTransferSyntaxIsRefusedAndTheFirstKnownOneProposedIsTaken() {
        AcceptorPolicy any = policy(List.of(Negotiation.ANY_TRANSFER_SYNTAX), true, List.of());

        Negotiation.Accepted accepted = (Negotiation.Accepted) Negotiation.accept(rq("FERRY", "SCU",
                        new PresentationContextRq(1, MR, List.of("1.2.3.99")),
                        new PresentationContextRq(3, MR, List.of("1.2.3.99", JPEG, EXPLICIT)),
                        new PresentationContextRq(5, MR, List.of("1.2.840.10008.1.2.6.2", IMPLICIT))),
                any, HOST, 0, OURS);

        assertThat(accepted.ac().presentationContexts()).extracting(PresentationContextAc::result).containsExactly(
                PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED,
                PresentationContextAc.Result.ACCEPTANCE, PresentationContextAc.Result.ACCEPTANCE);
        assertThat(accepted.contexts()).containsExactly(new PresentationContext(3, MR, JPEG),
                new PresentationContext(5, MR, IMPLICIT));
    }

    @Test
    void contextsOfServicesWithoutAnScpOrWithoutAnAbstractSyntaxAreRefusedWhileEveryStorageClassIsTaken() {
        String privateClass = "1.3.6.1.4.1.9590.100.1.2.1";
        List<String> refused = List.of(Uids.StudyRootQueryRetrieveInformationModelFind,
                Uids.StudyRootQueryRetrieveInformationModelMove, Uids.PatientRootQueryRetrieveInformationModelGet,
                Uids.ModalityWorklistInformationModelFind, Uids.StorageCommitmentPushModel,
                Uids.ModalityPerformedProcedureStep, EXPLICIT, "");
        List<String> taken = List.of(Uids.Verification, MR, "1.2.840.10008.5.1.4.1.1.88.22", privateClass);
        List<PresentationContextRq> proposed = new java.util.ArrayList<>();
        for (String abstractSyntax : refused) {
            proposed.add(new PresentationContextRq(proposed.size() * 2 + 1, abstractSyntax, List.of(EXPLICIT)));
        }
        for (String abstractSyntax : taken) {
            proposed.add(new PresentationContextRq(proposed.size() * 2 + 1, abstractSyntax, List.of(EXPLICIT)));
        }

        Negotiation.Accepted accepted = (Negotiation.Accepted) Negotiation.accept(rq("FERRY", "SCU",
                proposed.toArray(PresentationContextRq[]::new)), policy(List.of(EXPLICIT), true, List.of()), HOST,
                0, OURS);

        assertThat(accepted.ac().presentationContexts().subList(0, refused.size()))
                .extracting(PresentationContextAc::result)
                .containsOnly(PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        assertThat(accepted.contexts()).extracting(PresentationContext::abstractSyntax)
                .containsExactlyElementsOf(taken);
    }

    @Test
    void aRequestWithoutPresentationContextsIsRejected() {
        Negotiation.Rejected rejected = (Negotiation.Rejected) Negotiation.accept(rq("FERRY", "SCU"),
                policy(List.of(EXPLICIT), true, List.of()), HOST, 0, OURS);

        assertThat(rejected.rj()).isEqualTo(new AAssociateRj(AAssociateRj.Result.REJECTED_PERMANENT,
                AAssociateRj.Source.SERVICE_PROVIDER_ACSE, AAssociateRj.NO_REASON));
        assertThat(rejected.why()).contains("no presentation context").contains("PS3.8 §9.3.2");
    }

    @Test
    void moreThan128PresentationContextsOrOneIdTwiceAreRejected() {
        PresentationContextRq[] many = new PresentationContextRq[200];
        for (int i = 0; i < many.length; i++) {
            many[i] = new PresentationContextRq((i * 2) % 256 + 1, MR, List.of(EXPLICIT));
        }
        AcceptorPolicy policy = policy(List.of(EXPLICIT), true, List.of());

        Negotiation.Rejected tooMany = (Negotiation.Rejected) Negotiation.accept(rq("FERRY", "SCU", many), policy,
                HOST, 0, OURS);
        Negotiation.Rejected twice = (Negotiation.Rejected) Negotiation.accept(rq("FERRY", "SCU",
                new PresentationContextRq(3, MR, List.of(EXPLICIT)),
                new PresentationContextRq(3, Uids.Verification, List.of(EXPLICIT))), policy, HOST, 0, OURS);

        assertThat(tooMany.rj()).isEqualTo(new AAssociateRj(AAssociateRj.Result.REJECTED_PERMANENT,
                AAssociateRj.Source.SERVICE_PROVIDER_ACSE, AAssociateRj.NO_REASON));
        assertThat(tooMany.why()).contains("200 presentation contexts").contains("at most 128");
        assertThat(twice.rj()).isEqualTo(tooMany.rj());
        assertThat(twice.why()).contains("presentation context ID 3 proposed twice");
    }
}
