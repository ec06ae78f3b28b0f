package ferry.core.data;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A value held in memory as its encoded bytes, always in little endian order (values read from a big endian
 * file are swapped on reading). Text is kept undecoded: decoding happens on access, with the data set's
 * character set. The array is not copied; callers must not change it.
 */
public record Bytes(byte[] bytes) implements Value {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        int shown = Math.min(bytes.length, 16);
        return "Bytes[" + bytes.length + ": " + HexFormat.of().formatHex(bytes, 0, shown)
                + (shown < bytes.length ? "…" : "") + "]";
    }
}
