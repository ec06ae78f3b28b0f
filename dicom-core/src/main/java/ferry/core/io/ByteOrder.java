package ferry.core.io;

/** Swaps value bytes between little and big endian in units of 2, 4 or 8 bytes (PS3.5 §7.3). */
public final class ByteOrder {
    private ByteOrder() {
    }

    /** Swaps {@code bytes} in place in units of {@code unit} bytes; unit 0 or 1 leaves them as they are. */
    public static void swap(byte[] bytes, int unit) {
        swap(bytes, 0, bytes.length, unit);
    }

    /** Swaps {@code length} bytes from {@code offset} in place; a trailing partial unit is left as it is. */
    public static void swap(byte[] bytes, int offset, int length, int unit) {
        if (unit < 2) {
            return;
        }
        int end = offset + length - length % unit;
        for (int i = offset; i < end; i += unit) {
            for (int a = i, b = i + unit - 1; a < b; a++, b--) {
                byte t = bytes[a];
                bytes[a] = bytes[b];
                bytes[b] = t;
            }
        }
    }
}
