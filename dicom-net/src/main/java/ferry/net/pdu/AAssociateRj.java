package ferry.net.pdu;

import java.util.Objects;

/**
 * A-ASSOCIATE-RJ (PS3.8 §9.3.4): the association request is rejected.
 *
 * <p>The reason's meaning depends on the source (PS3.8 Table 9-21); the constants below name the defined values
 * and {@link #describe()} gives the standard's wording.
 *
 * @param result permanent or transient rejection
 * @param source who rejects: the service user, or the ACSE or presentation related service provider
 * @param reason the reason/diag. field, 0 to 255, interpreted per source
 */
public record AAssociateRj(Result result, Source source, int reason) implements Pdu {

    /** Service-user and ACSE provider reason 1: no-reason-given. */
    public static final int NO_REASON = 1;
    /** Service-user reason 2: application-context-name-not-supported. */
    public static final int APPLICATION_CONTEXT_NOT_SUPPORTED = 2;
    /** Service-user reason 3: calling-AE-title-not-recognized. */
    public static final int CALLING_AE_NOT_RECOGNIZED = 3;
    /** Service-user reason 7: called-AE-title-not-recognized. */
    public static final int CALLED_AE_NOT_RECOGNIZED = 7;
    /** ACSE provider reason 2: protocol-version-not-supported. */
    public static final int PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    /** Presentation provider reason 1: temporary-congestion. */
    public static final int TEMPORARY_CONGESTION = 1;
    /** Presentation provider reason 2: local-limit-exceeded. */
    public static final int LOCAL_LIMIT_EXCEEDED = 2;

    public AAssociateRj {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(source, "source");
        if (reason < 0 || reason > 255) {
            throw new IllegalArgumentException("reject reason " + reason + " does not fit 8 bits");
        }
    }

    @Override
    public int type() {
        return PduType.A_ASSOCIATE_RJ;
    }

    /**
     * The rejection in the standard's words, e.g.
     * {@code "rejected-permanent by DICOM UL service-user: called-AE-title-not-recognized"}.
     */
    public String describe() {
        return result.wording + " by " + source.wording + ": " + reasonWording();
    }

    private String reasonWording() {
        return switch (source) {
            case SERVICE_USER -> switch (reason) {
                case NO_REASON -> "no-reason-given";
                case APPLICATION_CONTEXT_NOT_SUPPORTED -> "application-context-name-not-supported";
                case CALLING_AE_NOT_RECOGNIZED -> "calling-AE-title-not-recognized";
                case CALLED_AE_NOT_RECOGNIZED -> "called-AE-title-not-recognized";
                default -> "reserved (" + reason + ")";
            };
            case SERVICE_PROVIDER_ACSE -> switch (reason) {
                case NO_REASON -> "no-reason-given";
                case PROTOCOL_VERSION_NOT_SUPPORTED -> "protocol-version-not-supported";
                default -> "reserved (" + reason + ")";
            };
            case SERVICE_PROVIDER_PRESENTATION -> switch (reason) {
                case TEMPORARY_CONGESTION -> "temporary-congestion";
                case LOCAL_LIMIT_EXCEEDED -> "local-limit-exceeded";
                default -> "reserved (" + reason + ")";
            };
        };
    }

    /** The result field (PS3.8 Table 9-21). */
    public enum Result {
        REJECTED_PERMANENT(1, "rejected-permanent"),
        REJECTED_TRANSIENT(2, "rejected-transient");

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

    /** The source field (PS3.8 Table 9-21). */
    public enum Source {
        SERVICE_USER(1, "DICOM UL service-user"),
        SERVICE_PROVIDER_ACSE(2, "DICOM UL service-provider (ACSE related function)"),
        SERVICE_PROVIDER_PRESENTATION(3, "DICOM UL service-provider (presentation related function)");

        private final int code;
        private final String wording;

        Source(int code, String wording) {
            this.code = code;
            this.wording = wording;
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
