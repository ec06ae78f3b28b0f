package ferry.net.pdu;

import java.util.Objects;

/**
 * The answer to one proposed presentation context: the presentation context item of an A-ASSOCIATE-AC
 * (PS3.8 §9.3.3.2).
 *
 * <p>When the result is not {@link Result#ACCEPTANCE} the transfer syntax is not significant and is not tested
 * (PS3.8 §9.3.3.2). It may then be null or empty; {@link PduWriter} still writes a transfer syntax sub-item, with
 * Implicit VR Little Endian ({@value #REJECTED_TRANSFER_SYNTAX}) when none is given, which is what dcmtk's
 * storescp writes for a rejected context. {@link PduReader} returns whatever the peer sent (null when it sent no
 * sub-item).
 *
 * @param id the presentation context ID of the proposal answered (odd, 1 to 255)
 * @param result the result/reason field
 * @param transferSyntax the accepted transfer syntax UID; required when accepted
 */
public record PresentationContextAc(int id, Result result, String transferSyntax) {

    /** The transfer syntax written for a context that is not accepted and names none (as dcmtk does). */
    public static final String REJECTED_TRANSFER_SYNTAX = "1.2.840.10008.1.2";

    public PresentationContextAc {
        PresentationContextRq.checkId(id);
        Objects.requireNonNull(result, "result");
        if (result == Result.ACCEPTANCE && (transferSyntax == null || transferSyntax.isEmpty())) {
            throw new IllegalArgumentException("presentation context " + id + " is accepted without a transfer syntax");
        }
    }

    /** True when the context was accepted. */
    public boolean accepted() {
        return result == Result.ACCEPTANCE;
    }

    /** The result/reason field of the presentation context item (PS3.8 Table 9-18). */
    public enum Result {
        ACCEPTANCE(0, "acceptance"),
        USER_REJECTION(1, "user-rejection"),
        NO_REASON(2, "no-reason (provider rejection)"),
        ABSTRACT_SYNTAX_NOT_SUPPORTED(3, "abstract-syntax-not-supported (provider rejection)"),
        TRANSFER_SYNTAXES_NOT_SUPPORTED(4, "transfer-syntaxes-not-supported (provider rejection)");

        private final int code;
        private final String wording;

        Result(int code, String wording) {
            this.code = code;
            this.wording = wording;
        }

        /** The value on the wire. */
        public int code() {
            return code;
        }

        /** The standard's wording, e.g. {@code "abstract-syntax-not-supported (provider rejection)"}. */
        public String describe() {
            return wording;
        }

        /** The result with this code, or null when the code is not defined. */
        public static Result of(int code) {
            for (Result result : values()) {
                if (result.code == code) {
                    return result;
                }
            }
            return null;
        }
    }
}
