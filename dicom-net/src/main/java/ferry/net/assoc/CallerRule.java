package ferry.net.assoc;

import java.net.InetAddress;

/**
 * A calling AE title allowed to associate, optionally only from one address. {@code "*"} as AE title allows any
 * title (from that address).
 */
public record CallerRule(String aeTitle, InetAddress address) {

    /** Whether a caller with this AE title, connecting from this address, is allowed. */
    public boolean allows(String callingAeTitle, InetAddress from) {
        boolean titleMatches = aeTitle.equals("*") || aeTitle.equals(callingAeTitle);
        return titleMatches && (address == null || address.equals(from));
    }
}
