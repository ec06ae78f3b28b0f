package ferry.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssociationInfoTest {
    /** {@link InetSocketAddress#toString()} writes {@code /127.0.0.1:51403}, which messages showed as {@code SCP@/…}. */
    @Test
    void peersAreWrittenHostColonPortWithoutASlash() throws Exception {
        InetSocketAddress accepted = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 51403);
        InetSocketAddress named = new InetSocketAddress(InetAddress.getByAddress("pacs.example.org",
                new byte[] {10, 0, 0, 5}), 104);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 11112);

        assertThat(accepted.toString()).isEqualTo("/127.0.0.1:51403");
        assertThat(AssociationInfo.hostAndPort(accepted)).isEqualTo("127.0.0.1:51403");
        assertThat(AssociationInfo.hostAndPort(named)).isEqualTo("pacs.example.org:104");
        assertThat(AssociationInfo.hostAndPort(v6)).isEqualTo("[0:0:0:0:0:0:0:1]:11112");
        assertThat(new AssociationInfo("FERRY", "SCP", accepted, List.of(), 0, null, true).peerAddress())
                .isEqualTo("127.0.0.1:51403");
    }
}
