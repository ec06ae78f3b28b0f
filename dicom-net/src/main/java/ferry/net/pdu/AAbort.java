package ferry.net.pdu;

import java.util.Objects;

/**
 * A-ABORT (PS3.8 §9.3.8): the association is aborted by the service user or the service provider.
 *
 * <p>The reason is significant only when the source is the service provider (PS3.8 Table 9-26); for a service-user
 * abort it is sent as 0 and not tested, and the reader keeps whatever was sent.
 *
 * @param source who aborts
 * @param reason the reason/diag. field, 0 to 255; one of the constants below for a provider abort
 */
public record AAbort(Source source, int reason) implements Pdu {

    /** Reason 0: reason-not-specified. */
    public static final int REASON_NOT_SPECIFIED = 0;
    /** Reason 1: unrecognized-PDU. */
    public static final int UNRECOGNIZED_PDU = 1;
    /** Reason 2: unexpected-PDU. */
    public static final int UNEXPECTED_PDU = 2;
    /** Reason 4: unrecognized-PDU parameter. */
    public static final int UNRECOGNIZED_PDU_PARAMETER = 4;
    /** Reason 5: unexpected-PDU parameter. */
    public static final int UNEXPECTED_PDU_PARAMETER = 5;
    /** Reason 6: invalid-PDU-parameter value. */
    public static final int INVALID_PDU_PARAMETER_VALUE = 6;

    public AAbort {
        Objects.requireNonNull(source, "source");
        if (reason < 0 || reason > 255) {
            throw new IllegalArgumentException("abort reason " + reason + " does not fit 8 bits");
        }
    }

    @Override
    public int type() {
        return PduType.A_ABORT;
    }

    /**
     * The abort in the standard's words (PS3.8 §9.3.8, Table 9-26), for messages: {@code "A-ABORT from the DICOM UL
     * service-user, reason not specified"} (the peer's application gave up; its reason field is not significant) or
     * {@code "A-ABORT from the DICOM UL service-provider: unexpected-PDU"} (its protocol layer found an error).
     */
    public String describe() {
        if (source == Source.SERVICE_USER) {
            return "A-ABORT from the DICOM UL service-user, reason not specified";
        }
        return "A-ABORT from the DICOM UL service-provider: " + describeReason(reason);
    }

    /** The standard's wording for a provider abort reason. */
    public static String describeReason(int reason) {
        return switch (reason) {
            case REASON_NOT_SPECIFIED -> "reason-not-specified";
            case UNRECOGNIZED_PDU -> "unrecognized-PDU";
            case UNEXPECTED_PDU -> "unexpected-PDU";
            case UNRECOGNIZED_PDU_PARAMETER -> "unrecognized-PDU parameter";
            case UNEXPECTED_PDU_PARAMETER -> "unexpected-PDU parameter";
            case INVALID_PDU_PARAMETER_VALUE -> "invalid-PDU-parameter value";
            default -> "reserved (" + reason + ")";
        };
    }

    /** The source field (PS3.8 Table 9-26); value 1 is reserved. */
    public enum Source {
        SERVICE_USER(0),
        SERVICE_PROVIDER(2);

        private final int code;

        Source(int code) {
            this.code = code;
        }

        /** The value on the wire. */
        public int code() {
            return code;
        }

        /** The source with this code, or null when the code is not defined. */
        public static Source of(int code) {
            for (Source source : values()) {
                if (source.code == code) {
                    return source;
                }
            }
            return null;
        }
    }
}
