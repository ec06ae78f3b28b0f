package ferry.net.assoc;

/**
 * A negotiated presentation context (PS3.8 §7.1.1.13): the abstract syntax (SOP class) and the one transfer
 * syntax both sides agreed on for it. DIMSE code looks only at these.
 */
public record PresentationContext(int id, String abstractSyntax, String transferSyntax) {
}
