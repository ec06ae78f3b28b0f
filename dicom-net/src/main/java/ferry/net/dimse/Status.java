package ferry.net.dimse;

import ferry.core.tag.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Status (0000,0900) of a DIMSE response with its related fields (PS3.7 Annex C, §9.1.1.1.9).
 *
 * <p>Codes are service specific (PS3.4); {@link #category()} follows the general rules of PS3.7 Annex C and the
 * ranges used by the Storage, Query/Retrieve and Verification services, and {@link #name()} gives the standard's
 * name where there is one. Where services name a code differently, the Storage Service Class names win (PS3.4
 * B.2.3: 0xB000 is "Coercion of Data Elements", not C-MOVE's "Sub-operations Complete - One or More Failures").
 *
 * @param code Status (0000,0900), 0x0000 to 0xFFFF
 * @param errorComment Error Comment (0000,0902), or null. It is LO in the default character repertoire:
 *     {@link DimseCodec#encode} writes at most {@value #ERROR_COMMENT_MAX} characters, with characters outside
 *     printable ASCII replaced by {@code ?} and backslashes by {@code /}; the record keeps the full text for logs
 * @param offendingElements Offending Element (0000,0901): tags of the elements in error, possibly empty
 * @param errorId Error ID (0000,0903), an application-specific code, or null
 */
public record Status(int code, String errorComment, List<Integer> offendingElements, Integer errorId) {
    /** The most characters {@link DimseCodec} writes for Error Comment (LO, PS3.5 Table 6.2-1). */
    public static final int ERROR_COMMENT_MAX = 64;

    public static final Status SUCCESS = of(0x0000);
    public static final Status PENDING = of(0xFF00);
    public static final Status PENDING_OPTIONAL_KEYS_NOT_SUPPORTED = of(0xFF01);
    public static final Status CANCEL = of(0xFE00);

    public static final Status COERCION_OF_DATA_ELEMENTS = of(0xB000);
    public static final Status ELEMENTS_DISCARDED = of(0xB006);
    public static final Status DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING = of(0xB007);
    public static final Status ATTRIBUTE_LIST_ERROR = of(0x0107);
    public static final Status ATTRIBUTE_VALUE_OUT_OF_RANGE = of(0x0116);

    public static final Status OUT_OF_RESOURCES = of(0xA700);
    public static final Status DATA_SET_DOES_NOT_MATCH_SOP_CLASS = of(0xA900);
    public static final Status CANNOT_UNDERSTAND = of(0xC000);
    /**
     * 0xC000, the C-FIND failure "Unable to process" of the Query/Retrieve service (PS3.4 C.4.1.1.4, any 0xCxxx);
     * the same code as {@link #CANNOT_UNDERSTAND}, whose Storage name {@link #name()} gives.
     */
    public static final Status UNABLE_TO_PROCESS = CANNOT_UNDERSTAND;
    public static final Status PROCESSING_FAILURE = of(0x0110);
    public static final Status DUPLICATE_SOP_INSTANCE = of(0x0111);
    public static final Status NO_SUCH_SOP_CLASS = of(0x0118);
    public static final Status SOP_CLASS_NOT_SUPPORTED = of(0x0122);
    public static final Status NOT_AUTHORIZED = of(0x0124);
    public static final Status DUPLICATE_INVOCATION = of(0x0210);
    public static final Status UNRECOGNIZED_OPERATION = of(0x0211);
    public static final Status MISTYPED_ARGUMENT = of(0x0212);
    public static final Status RESOURCE_LIMITATION = of(0x0213);

    /** C-MOVE, C-GET (PS3.4 C.4.2.1, C.4.3.1): the number of matches could not be calculated. */
    public static final Status UNABLE_TO_CALCULATE_MATCHES = of(0xA701);
    /** C-MOVE, C-GET: the sub-operations could not be performed (the move destination could not be reached). */
    public static final Status UNABLE_TO_PERFORM_SUB_OPERATIONS = of(0xA702);
    /** C-MOVE: the Move Destination is an AE title the SCP does not know (PS3.4 C.4.2.1). */
    public static final Status MOVE_DESTINATION_UNKNOWN = of(0xA801);
    /**
     * C-MOVE, C-GET: sub-operations complete, one or more failures or warnings; the same code as
     * {@link #COERCION_OF_DATA_ELEMENTS}, whose Storage name {@link #name()} gives.
     */
    public static final Status SUB_OPERATIONS_COMPLETE_WITH_FAILURES = of(0xB000);

    /** The status classes of PS3.7 Annex C. */
    public enum Category {
        SUCCESS,
        WARNING,
        FAILURE,
        CANCEL,
        PENDING
    }

    public Status {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("Status (0000,0900) must be 0x0000 to 0xFFFF (US), was " + code);
        }
        offendingElements = offendingElements == null ? List.of() : List.copyOf(offendingElements);
        Fields.optionalUs("ErrorID (0000,0903)", errorId);
    }

    /** The status {@code code} without related fields. */
    public static Status of(int code) {
        return new Status(code, null, List.of(), null);
    }

    /** This status with Error Comment {@code comment} (null removes it). */
    public Status withComment(String comment) {
        return new Status(code, comment, offendingElements, errorId);
    }

    /** This status with Offending Element set to {@code tags}. */
    public Status withOffendingElements(int... tags) {
        List<Integer> list = new ArrayList<>(tags.length);
        for (int tag : tags) {
            list.add(tag);
        }
        return new Status(code, errorComment, list, errorId);
    }

    /** This status with Error ID {@code id} (null removes it). */
    public Status withErrorId(Integer id) {
        return new Status(code, errorComment, offendingElements, id);
    }

    /**
     * The status class, PS3.7 Annex C: 0x0000 success; 0xFF00 and 0xFF01 pending; 0xFE00 cancel; 0x0001, 0x0107,
     * 0x0116 and 0xB000 to 0xBFFF warning; every other code failure (0xA000 to 0xAFFF, 0xC000 to 0xCFFF, the
     * general failures 0x0105 to 0x0124 and 0x0210 to 0x0213, and codes no standard defines).
     */
    public Category category() {
        if (code == 0x0000) {
            return Category.SUCCESS;
        }
        if (code == 0xFF00 || code == 0xFF01) {
            return Category.PENDING;
        }
        if (code == 0xFE00) {
            return Category.CANCEL;
        }
        if (code == 0x0001 || code == 0x0107 || code == 0x0116 || (code & 0xF000) == 0xB000) {
            return Category.WARNING;
        }
        return Category.FAILURE;
    }

    /** True for success and warning: the operation was performed. */
    public boolean isSuccessOrWarning() {
        Category category = category();
        return category == Category.SUCCESS || category == Category.WARNING;
    }

    /**
     * The standard's name for this code, e.g. {@code Refused: Out of Resources} for 0xA700 or any 0xA7xx; for a
     * code without a name, the category ({@code Warning}, {@code Failure}).
     */
    public String name() {
        String exact = switch (code) {
            case 0x0000 -> "Success";
            case 0x0001 -> "Requested Optional Attributes Not Supported";
            case 0x0105 -> "No Such Attribute";
            case 0x0106 -> "Invalid Attribute Value";
            case 0x0107 -> "Attribute List Error";
            case 0x0110 -> "Processing Failure";
            case 0x0111 -> "Duplicate SOP Instance";
            case 0x0112 -> "No Such SOP Instance";
            case 0x0113 -> "No Such Event Type";
            case 0x0114 -> "No Such Argument";
            case 0x0115 -> "Invalid Argument Value";
            case 0x0116 -> "Attribute Value Out of Range";
            case 0x0117 -> "Invalid SOP Instance";
            case 0x0118 -> "No Such SOP Class";
            case 0x0119 -> "Class-Instance Conflict";
            case 0x0120 -> "Missing Attribute";
            case 0x0121 -> "Missing Attribute Value";
            case 0x0122 -> "SOP Class Not Supported";
            case 0x0123 -> "No Such Action";
            case 0x0124 -> "Refused: Not Authorized";
            case 0x0210 -> "Duplicate Invocation";
            case 0x0211 -> "Unrecognized Operation";
            case 0x0212 -> "Mistyped Argument";
            case 0x0213 -> "Resource Limitation";
            case 0xA701 -> "Refused: Out of Resources - Unable to Calculate Number of Matches";
            case 0xA702 -> "Refused: Out of Resources - Unable to Perform Sub-operations";
            case 0xA801 -> "Refused: Move Destination Unknown";
            case 0xB000 -> "Coercion of Data Elements";
            case 0xB006 -> "Elements Discarded";
            case 0xB007 -> "Data Set Does Not Match SOP Class";
            case 0xFE00 -> "Cancel";
            case 0xFF00 -> "Pending";
            case 0xFF01 -> "Pending (Optional Keys Not Supported)";
            default -> null;
        };
        if (exact != null) {
            return exact;
        }
        return switch (code & 0xFF00) {
            case 0xA700 -> "Refused: Out of Resources";
            case 0xA900 -> "Error: Data Set Does Not Match SOP Class";
            default -> (code & 0xF000) == 0xC000 ? "Error: Cannot Understand" : categoryName();
        };
    }

    private String categoryName() {
        String lower = category().name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    /** E.g. {@code 0xA700 Refused: Out of Resources, comment "disk full", offending (0010,0020)}. */
    @Override
    public String toString() {
        // no String.format: every delivery's detail is made with this
        String hex = Integer.toHexString(0x10000 | code).toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder("0x").append(hex, hex.length() - 4, hex.length()).append(' ')
                .append(name());
        if (errorComment != null) {
            out.append(", comment \"").append(errorComment).append('"');
        }
        if (!offendingElements.isEmpty()) {
            out.append(", offending");
            for (int tag : offendingElements) {
                out.append(' ').append(Tag.toString(tag));
            }
        }
        if (errorId != null) {
            out.append(", error ID ").append(errorId);
        }
        return out.toString();
    }
}
