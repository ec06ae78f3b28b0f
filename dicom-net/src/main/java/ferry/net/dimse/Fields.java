package ferry.net.dimse;

/** Argument checks shared by the command records; the messages name the field and its tag. */
final class Fields {
    private Fields() {
    }

    /** {@code value} when it fits an unsigned 16-bit US field. */
    static int us(String field, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(field + " must be 0 to 65535 (US), was " + value);
        }
        return value;
    }

    /** {@code value} when it is null or fits an unsigned 16-bit US field. */
    static Integer optionalUs(String field, Integer value) {
        if (value != null) {
            us(field, value);
        }
        return value;
    }

    /** {@code value} when it is neither null nor empty. */
    static String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** {@code value} when it is not null. */
    static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
