package ferry.router.rules;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A block of IP addresses: one address ({@code 10.1.2.3}, {@code fd00::7}) or a CIDR block ({@code 10.0.0.0/8},
 * {@code 2001:db8::/32}). IPv4 addresses are held as IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}, RFC 4291
 * §2.5.5.2), so a sender reaching a dual-stack socket from IPv4 matches its IPv4 block either way.
 *
 * @param high         the first 64 bits of the block's first address
 * @param low          the last 64 bits of the block's first address
 * @param prefixLength how many leading bits of an address must equal the block's (0–128)
 * @param text         the block as written in the configuration
 */
public record AddressBlock(long high, long low, int prefixLength, String text) {
    private static final long IPV4_MAPPED = 0x0000FFFF_00000000L;

    public AddressBlock {
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length must be 0–128, not " + prefixLength);
        }
        high &= highMask(prefixLength);
        low &= lowMask(prefixLength);
    }

    /**
     * Reads an address or a CIDR block. Host bits under the prefix are ignored ({@code 10.1.2.3/8} is
     * {@code 10.0.0.0/8}). Never looks a name up: only numeric addresses are accepted.
     *
     * @throws IllegalArgumentException with a message for the administrator when {@code text} is neither
     */
    public static AddressBlock parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        boolean v4 = addressText.indexOf(':') < 0;
        long[] address = v4 ? ipv4(addressText) : ipv6(addressText);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block"
                    + " (such as 192.168.1.20, 10.0.0.0/8 or 2001:db8::/32)");
        }
        int max = v4 ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String prefixText = trimmed.substring(slash + 1);
            prefix = prefixText.matches("[0-9]{1,3}") ? Integer.parseInt(prefixText) : -1;
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + text + "' has a bad prefix length '" + prefixText
                        + "' (0–" + max + " for an IPv" + (v4 ? "4" : "6") + " block)");
            }
        }
        return new AddressBlock(address[0], address[1], v4 ? prefix + 96 : prefix, trimmed);
    }

    /**
     * Whether an address lies in this block, the address given as the two 64-bit halves of its IPv6 form
     * ({@link #highOf}, {@link #lowOf}).
     */
    public boolean contains(long addressHigh, long addressLow) {
        return (addressHigh & highMask(prefixLength)) == high && (addressLow & lowMask(prefixLength)) == low;
    }

    /** The first 64 bits of an address's IPv6 form, given its 4 or 16 bytes ({@link InetAddress#getAddress()}). */
    public static long highOf(byte[] address) {
        return address.length == 4 ? 0 : toLong(address, 0, 8);
    }

    /** The last 64 bits of an address's IPv6 form (IPv4 mapped for 4 bytes). */
    public static long lowOf(byte[] address) {
        return address.length == 4 ? IPV4_MAPPED | toLong(address, 0, 4) : toLong(address, 8, 8);
    }

    private static long[] halves(byte[] bytes) {
        return new long[] {highOf(bytes), lowOf(bytes)};
    }

    private static long toLong(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            value = value << 8 | (bytes[i] & 0xFF);
        }
        return value;
    }

    private static long highMask(int prefix) {
        return prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
    }

    private static long lowMask(int prefix) {
        return prefix <= 64 ? 0 : -1L << (128 - prefix);
    }

    /** A dotted quad of four decimal numbers 0–255, or null. */
    private static long[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
                return null;
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return halves(bytes);
    }

    /** An IPv6 literal (hexadecimal groups, {@code ::}, an optional trailing dotted quad), or null. */
    private static long[] ipv6(String text) {
        // Only hex digits, ':' and '.' reach InetAddress, which parses such a literal without any name lookup.
        if (!text.matches("[0-9A-Fa-f:][0-9A-Fa-f:.]*")) {
            return null;
        }
        try {
            return halves(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
