package ferry.router.rules;

import java.util.List;

/**
 * The sender's IP address lies in one of {@code blocks} (single addresses are blocks of one).
 *
 * @param blocks the accepted addresses and CIDR blocks, IPv4 and IPv6
 */
public record PeerCondition(List<AddressBlock> blocks) implements Condition {
    public PeerCondition {
        blocks = List.copyOf(blocks);
    }

    @Override
    public boolean test(RoutingInput input) {
        if (input.peerAddress() == null) {
            return false;
        }
        byte[] address = input.peerAddress().getAddress();
        long high = AddressBlock.highOf(address);
        long low = AddressBlock.lowOf(address);
        for (AddressBlock block : blocks) {
            if (block.contains(high, low)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int stopBefore() {
        return 0;
    }
}
