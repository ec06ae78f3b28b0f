package ferry.router.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * BCrypt password hashes (the {@code password-hash} of a user; {@code ferry user hash} makes one). Only the hash is
 * kept anywhere; checking a password costs about 2^cost BCrypt rounds, which is what makes guessing slow.
 */
public final class PasswordHash {
    /** The cost of new hashes: 2^12 rounds, about a quarter of a second on a small server. */
    public static final int COST = 12;
    /** BCrypt reads at most this many bytes of a password; longer ones are refused rather than cut. */
    public static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern FORMAT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    /** Checked against when the user name is unknown, so that the answer takes as long as for a known one. */
    private static final String DECOY = BCrypt.hashpw("decoy", BCrypt.gensalt(COST, new SecureRandom()));

    private PasswordHash() {
    }

    /**
     * A new hash of {@code password}, with a random salt.
     *
     * @throws IllegalArgumentException when the password is empty or longer than {@value #MAX_PASSWORD_BYTES} bytes
     */
    public static String of(String password) {
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("a password must have 1 to " + MAX_PASSWORD_BYTES
                    + " bytes (BCrypt reads no more), this one has " + bytes);
        }
        return BCrypt.hashpw(password, BCrypt.gensalt(COST, new SecureRandom()));
    }

    /** Whether {@code text} is a BCrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}, cost 4 to 31). */
    public static boolean isHash(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    /** Whether {@code password} matches {@code hash}; a null hash is checked against a decoy and never matches. */
    public static boolean matches(String password, String hash) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            BCrypt.checkpw("x", DECOY);
            return false;
        }
        boolean matched = BCrypt.checkpw(password, hash == null ? DECOY : hash);
        return hash != null && matched;
    }
}
