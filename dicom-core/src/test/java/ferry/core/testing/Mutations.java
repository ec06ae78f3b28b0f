package ferry.core.testing;

import java.util.Arrays;
import java.util.Random;

/**
 * The mutations of Ferry's seeded fuzz tests: bit flips, random bytes, hostile 32- and 16-bit lengths written
 * where a length may be, truncation and splices (a chunk repeated). Deterministic for a given {@link Random}.
 *
 * @param hostileLengths the 32-bit lengths worth trying (undefined length, 2 GiB, 0, odd …)
 * @param bigEndian      whether lengths are written big endian (PDUs) or little endian (data sets)
 */
public record Mutations(int[] hostileLengths, boolean bigEndian) {

    /** One to four mutations of {@code seed} (which is not changed). */
    public byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed.clone();
        int operations = 1 + random.nextInt(4);
        for (int op = 0; op < operations && out.length > 8; op++) {
            int at = random.nextInt(out.length - 4);
            switch (random.nextInt(6)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) random.nextInt(256);
                case 2 -> { // a hostile 32-bit length where a length may be
                    int length = hostileLengths[random.nextInt(hostileLengths.length)];
                    for (int b = 0; b < 4; b++) {
                        out[at + b] = (byte) (length >>> (bigEndian ? 24 - 8 * b : 8 * b));
                    }
                }
                case 3 -> { // a hostile 16-bit length: large, or (big endian) small in the high byte
                    out[at + (bigEndian ? 0 : 1)] = (byte) (random.nextBoolean() ? 0xFF : random.nextInt(4));
                    out[at + (bigEndian ? 1 : 0)] = (byte) random.nextInt(256);
                }
                case 4 -> out = Arrays.copyOf(out, random.nextInt(out.length)); // truncate
                default -> { // splice: repeat a chunk
                    int length = Math.min(random.nextInt(64) + 1, out.length - at);
                    byte[] longer = new byte[out.length + length];
                    System.arraycopy(out, 0, longer, 0, at + length);
                    System.arraycopy(out, at, longer, at + length, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }
}
