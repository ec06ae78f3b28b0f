package ferry.net.pdu;

import java.util.List;
import java.util.Objects;

/**
 * A proposed presentation context: the presentation context item of an A-ASSOCIATE-RQ (PS3.8 §9.3.2.2) with its
 * abstract syntax sub-item (§9.3.2.2.1) and one or more transfer syntax sub-items (§9.3.2.2.2).
 *
 * @param id the presentation context ID, an odd number from 1 to 255 (PS3.8 §9.3.2.2)
 * @param abstractSyntax the abstract syntax name, a SOP class or meta SOP class UID
 * @param transferSyntaxes the proposed transfer syntax UIDs, at least one, in the order proposed
 */
public record PresentationContextRq(int id, String abstractSyntax, List<String> transferSyntaxes) {

    public PresentationContextRq {
        checkId(id);
        Objects.requireNonNull(abstractSyntax, "abstractSyntax");
        transferSyntaxes = List.copyOf(transferSyntaxes);
        if (transferSyntaxes.isEmpty()) {
            throw new IllegalArgumentException("presentation context " + id
                    + " proposes no transfer syntax (PS3.8 9.3.2.2 asks for one or more)");
        }
    }

    static void checkId(int id) {
        if (id < 1 || id > 255 || id % 2 == 0) {
            throw new IllegalArgumentException(
                    "presentation context ID " + id + " is not an odd number from 1 to 255 (PS3.8 9.3.2.2)");
        }
    }
}
