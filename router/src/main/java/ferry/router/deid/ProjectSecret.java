package ferry.router.deid;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-project secret every replacement is derived from with HMAC-SHA256, so the same original gets the same
 * replacement in every object, after restarts and on every node that has the secret, and nobody without it can
 * compute (or test guesses against) the mapping. Thread-safe.
 */
public final class ProjectSecret {
    private static final String ALGORITHM = "HmacSHA256";
    /** The root of UIDs derived from a 128-bit number (PS3.5 §B.2). */
    public static final String UUID_ROOT = "2.25.";

    private final Mac prototype;

    /** A secret of these bytes (the environment variable's value in UTF-8). */
    public ProjectSecret(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("the secret is empty");
        }
        try {
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no " + ALGORITHM, e);
        }
    }

    /** HMAC-SHA256 of {@code text} in UTF-8. */
    public byte[] mac(String text) {
        try {
            Mac mac = (Mac) prototype.clone();
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            synchronized (prototype) {
                return prototype.doFinal(text.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * The replacement of {@code uid}: {@code 2.25.} followed by the first 128 bits of HMAC-SHA256(secret, uid) as an
     * unsigned decimal integer (PS3.5 §B.2); at most 44 characters, so within the 64 a UID may have.
     */
    public String uid(String uid) {
        byte[] first128 = Arrays.copyOf(mac(uid), 16);
        return UUID_ROOT + new BigInteger(1, first128);
    }

    /** The first {@code digits} hexadecimal digits (lower case) of HMAC-SHA256(secret, text). */
    public String hex(String text, int digits) {
        return HexFormat.of().formatHex(mac(text)).substring(0, digits);
    }

    /** A number from 0 to {@code bound - 1} drawn from HMAC-SHA256(secret, text). */
    public int below(String text, int bound) {
        byte[] mac = mac(text);
        long value = ((mac[0] & 0xFFL) << 24) | ((mac[1] & 0xFFL) << 16) | ((mac[2] & 0xFFL) << 8) | (mac[3] & 0xFFL);
        return (int) (value % bound);
    }
}
