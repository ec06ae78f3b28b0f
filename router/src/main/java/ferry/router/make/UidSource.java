package ferry.router.make;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * New UIDs for the objects {@code ferry make} makes: {@code 2.25.} followed by a UUID (RFC 4122 version 4) as an
 * unsigned decimal integer, the root PS3.5 §B.2 gives for UIDs made without a registered root of one's own; at most
 * 44 characters. Random, or {@link #seeded repeatable} for test data that must come out the same every time.
 * Thread-safe.
 */
public final class UidSource {
    private static final String ROOT = "2.25.";

    /** Draws 64 random bits. */
    private interface Bits {
        long next();
    }

    private final Bits bits;

    private UidSource(Bits bits) {
        this.bits = bits;
    }

    /** UIDs from random UUIDs (SecureRandom): a new one every time. */
    public static UidSource random() {
        SecureRandom random = new SecureRandom();
        return new UidSource(random::nextLong);
    }

    /**
     * UIDs drawn from {@code seed}: the same seed gives the same UIDs in the same order, in every run. For test data
     * only: objects made twice with one seed have the same UIDs, which is what a repeatable test wants and what
     * real objects must never do.
     */
    public static UidSource seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new UidSource(random::nextLong);
    }

    /** The next UID. */
    public synchronized String next() {
        long high = bits.next();
        long low = bits.next();
        high = (high & ~0xF000L) | 0x4000L; // version 4
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // variant 10xx
        BigInteger value = new BigInteger(1, new byte[] {
            (byte) (high >>> 56), (byte) (high >>> 48), (byte) (high >>> 40), (byte) (high >>> 32),
            (byte) (high >>> 24), (byte) (high >>> 16), (byte) (high >>> 8), (byte) high,
            (byte) (low >>> 56), (byte) (low >>> 48), (byte) (low >>> 40), (byte) (low >>> 32),
            (byte) (low >>> 24), (byte) (low >>> 16), (byte) (low >>> 8), (byte) low});
        return ROOT + value;
    }
}
