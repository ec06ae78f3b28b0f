package ferry.router.make;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Where everything random in a synthetic study comes from: a number, from which each value is derived by name
 * ({@code "patient/3"}, {@code "study/3/1/uid"}), so the same seed gives the same objects byte for byte whatever
 * is made before or after them. UIDs are UUID-derived under the {@code 2.25} root (PS3.5 §B.2): the first 128 bits
 * of SHA-256(seed, name), marked as an RFC 9562 version 8 (custom) UUID.
 */
public record Seed(long value) {

    /**
     * A seed from the system's secure random source, for runs that need not be repeated; never negative, so that
     * {@code --seed N} repeats it without a number that looks like an option.
     */
    public static Seed random() {
        return new Seed(new SecureRandom().nextLong() & Long.MAX_VALUE);
    }

    /** 64 bits derived from this seed and {@code name}. */
    public long derive(String name) {
        return ByteBuffer.wrap(digest(name)).getLong();
    }

    /** A random generator for {@code name}: the same sequence for the same seed and name. */
    public SplittableRandom random(String name) {
        return new SplittableRandom(derive(name));
    }

    /** The UID for {@code name}: {@code 2.25.} and a decimal number of at most 39 digits. */
    public String uid(String name) {
        byte[] uuid = new byte[16];
        System.arraycopy(digest("uid:" + name), 0, uuid, 0, 16);
        uuid[6] = (byte) (uuid[6] & 0x0F | 0x80); // version 8
        uuid[8] = (byte) (uuid[8] & 0x3F | 0x80); // variant 10
        return "2.25." + new BigInteger(1, uuid);
    }

    private byte[] digest(String name) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
