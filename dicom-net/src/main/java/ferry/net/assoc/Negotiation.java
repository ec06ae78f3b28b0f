package ferry.net.assoc;

import ferry.core.io.TransferSyntax;
import ferry.net.pdu.AAssociateAc;
import ferry.net.pdu.AAssociateRj;
import ferry.net.pdu.AAssociateRq;
import ferry.net.pdu.AsyncOperationsWindow;
import ferry.net.pdu.PresentationContextAc;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.pdu.RoleSelection;
import ferry.net.pdu.UserInformation;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Association negotiation as pure functions (PS3.8 §7.1, PS3.7 Annex D): the acceptor's answer to an
 * A-ASSOCIATE-RQ under an {@link AcceptorPolicy}, and the requestor's reading of the A-ASSOCIATE-AC.
 */
public final class Negotiation {
    /** The DICOM application context name (PS3.7 §A.2.1). */
    public static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    /**
     * In a policy's transfer syntax list: accept the first one the requestor proposes that Ferry reads
     * ({@link TransferSyntax#isKnown}); a made-up or private one is never accepted.
     */
    public static final String ANY_TRANSFER_SYNTAX = "*";
    /** The most presentation contexts of an association: one per odd ID from 1 to 255 (PS3.8 §9.3.2.2). */
    public static final int MAX_PRESENTATION_CONTEXTS = 128;
    /** Operations a requestor may leave outstanding on Ferry's acceptor (PS3.7 §D.3.3.3). */
    public static final int MAX_OPERATIONS_INVOKED = 16;

    private Negotiation() {
    }

    /** The outcome of negotiation on the acceptor side. */
    public sealed interface Outcome permits Accepted, Rejected {
    }

    /** Accepted: the A-ASSOCIATE-AC to send and the contexts it accepted. */
    public record Accepted(AAssociateAc ac, List<PresentationContext> contexts) implements Outcome {
    }

    /** Rejected: the A-ASSOCIATE-RJ to send and why, for the log. */
    public record Rejected(AAssociateRj rj, String why) implements Outcome {
    }

    /**
     * The acceptor's answer to {@code rq} from {@code from}, while {@code active} associations are being served.
     * Rejections carry the result, source and reason of PS3.8 §9.3.4.
     */
    public static Outcome accept(AAssociateRq rq, AcceptorPolicy policy, InetAddress from, int active,
                                 UserInformation ours) {
        if ((rq.protocolVersion() & 1) == 0) {
            return reject(AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_PROVIDER_ACSE,
                    AAssociateRj.PROTOCOL_VERSION_NOT_SUPPORTED, "protocol version " + rq.protocolVersion());
        }
        if (!APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            return reject(AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_USER,
                    AAssociateRj.APPLICATION_CONTEXT_NOT_SUPPORTED,
                    "application context " + rq.applicationContext());
        }
        String contexts = contextListProblem(rq.presentationContexts());
        if (contexts != null) {
            // an A-ASSOCIATE-RQ the service provider cannot accept: AE-6 of PS3.8 §9.2 answers with an A-ASSOCIATE-RJ
            return reject(AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_PROVIDER_ACSE,
                    AAssociateRj.NO_REASON, contexts);
        }
        if (!policy.serves(rq.calledAeTitle())) {
            return reject(AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_USER,
                    AAssociateRj.CALLED_AE_NOT_RECOGNIZED, "called AE title '" + rq.calledAeTitle() + "' not served");
        }
        if (!policy.admits(rq.callingAeTitle(), from)) {
            return reject(AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_USER,
                    AAssociateRj.CALLING_AE_NOT_RECOGNIZED,
                    "calling AE title '" + rq.callingAeTitle() + "' from " + from.getHostAddress() + " not allowed");
        }
        long theirMax = rq.userInformation().maxPduLength();
        if (theirMax != 0 && theirMax < Association.MIN_PEER_MAX_PDU_LENGTH) {
            return reject(AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Source.SERVICE_USER,
                    AAssociateRj.NO_REASON, "its maximum PDU length " + theirMax + " leaves no room for data "
                            + "(PS3.8 §D.1)");
        }
        if (active >= policy.maxAssociations()) {
            return reject(AAssociateRj.Result.REJECTED_TRANSIENT, AAssociateRj.Source.SERVICE_PROVIDER_PRESENTATION,
                    AAssociateRj.LOCAL_LIMIT_EXCEEDED, active + " associations active, the limit is "
                            + policy.maxAssociations());
        }
        List<PresentationContextAc> answers = new ArrayList<>();
        List<PresentationContext> accepted = new ArrayList<>();
        for (PresentationContextRq pc : rq.presentationContexts()) {
            PresentationContextAc answer = answer(pc, policy);
            answers.add(answer);
            if (answer.result() == PresentationContextAc.Result.ACCEPTANCE) {
                accepted.add(new PresentationContext(pc.id(), pc.abstractSyntax(), answer.transferSyntax()));
            }
        }
        UserInformation theirs = rq.userInformation();
        List<RoleSelection> roles = new ArrayList<>();
        for (RoleSelection proposed : theirs.roleSelections()) {
            // Ferry serves as SCP; the requestor keeps the SCU role it asks for, and gets the SCP role only of the
            // storage classes a policy serving C-GET grants (PS3.7 §D.3.3.4: the acceptor may only narrow a proposal).
            roles.add(new RoleSelection(proposed.sopClassUid(), proposed.scuRole(),
                    proposed.scpRole() && policy.grantsScpRole(proposed.sopClassUid())));
        }
        AsyncOperationsWindow window = theirs.asyncOperationsWindow() == null ? null
                : new AsyncOperationsWindow(Math.min(nonZero(theirs.asyncOperationsWindow().maxInvoked()),
                        MAX_OPERATIONS_INVOKED), 1);
        UserInformation answerInfo = new UserInformation(ours.maxPduLength(), ours.implementationClassUid(),
                ours.implementationVersionName(), window, roles, List.of(), List.of(), null, null, List.of());
        AAssociateAc ac = new AAssociateAc(1, rq.calledAeTitle(), rq.callingAeTitle(), APPLICATION_CONTEXT, answers,
                answerInfo);
        return new Accepted(ac, accepted);
    }

    private static int nonZero(int operations) {
        return operations == 0 ? MAX_OPERATIONS_INVOKED : operations; // 0 means unlimited (PS3.7 §D.3.3.3.1)
    }

    /**
     * Why the presentation context definition list cannot be negotiated, or null: it must hold one or more contexts
     * (PS3.8 §9.3.2, Table 9-11), each with its own ID, an odd number from 1 to 255 (§9.3.2.2), so at most
     * {@value #MAX_PRESENTATION_CONTEXTS}. Even IDs are refused when the PDU is read.
     */
    private static String contextListProblem(List<PresentationContextRq> proposed) {
        if (proposed.isEmpty()) {
            return "no presentation context proposed (PS3.8 §9.3.2 asks for one or more)";
        }
        if (proposed.size() > MAX_PRESENTATION_CONTEXTS) {
            return proposed.size() + " presentation contexts proposed; at most " + MAX_PRESENTATION_CONTEXTS
                    + " fit, one per odd ID from 1 to 255 (PS3.8 §9.3.2.2)";
        }
        boolean[] seen = new boolean[256];
        for (PresentationContextRq pc : proposed) {
            if (seen[pc.id()]) {
                return "presentation context ID " + pc.id() + " proposed twice (PS3.8 §9.3.2.2: one ID per context)";
            }
            seen[pc.id()] = true;
        }
        return null;
    }

    /**
     * The answer to one proposed context (PS3.8 §9.3.3.2): abstract-syntax-not-supported (3) for a SOP class no
     * service here provides, transfer-syntaxes-not-supported (4) when none of the proposed syntaxes is acceptable.
     */
    private static PresentationContextAc answer(PresentationContextRq pc, AcceptorPolicy policy) {
        String first = pc.transferSyntaxes().isEmpty() ? "" : pc.transferSyntaxes().get(0);
        // an empty abstract syntax names no SOP class (PS3.8 §9.3.2.2.1 requires one): nothing here provides it
        if (pc.abstractSyntax().isBlank() || !policy.accepts(pc.abstractSyntax())) {
            return new PresentationContextAc(pc.id(), PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                    first);
        }
        for (String preferred : policy.transferSyntaxes()) {
            if (preferred.equals(ANY_TRANSFER_SYNTAX)) {
                for (String proposed : pc.transferSyntaxes()) {
                    if (TransferSyntax.isKnown(proposed)) {
                        return new PresentationContextAc(pc.id(), PresentationContextAc.Result.ACCEPTANCE, proposed);
                    }
                }
            } else if (pc.transferSyntaxes().contains(preferred)) {
                return new PresentationContextAc(pc.id(), PresentationContextAc.Result.ACCEPTANCE, preferred);
            }
        }
        return new PresentationContextAc(pc.id(), PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED, first);
    }

    private static Rejected reject(AAssociateRj.Result result, AAssociateRj.Source source, int reason, String why) {
        return new Rejected(new AAssociateRj(result, source, reason), why);
    }

    /**
     * The requestor's view of an A-ASSOCIATE-AC: the contexts the acceptor accepted, with the abstract syntax
     * taken from the request (the AC does not repeat it).
     */
    public static List<PresentationContext> accepted(AAssociateRq rq, AAssociateAc ac) {
        List<PresentationContext> contexts = new ArrayList<>();
        for (PresentationContextAc answer : ac.presentationContexts()) {
            if (answer.result() != PresentationContextAc.Result.ACCEPTANCE) {
                continue;
            }
            for (PresentationContextRq proposed : rq.presentationContexts()) {
                if (proposed.id() == answer.id()) {
                    contexts.add(new PresentationContext(answer.id(), proposed.abstractSyntax(),
                            answer.transferSyntax()));
                }
            }
        }
        return contexts;
    }
}
