package ferry.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.tag.Uids;
import ferry.net.service.DimseScp;
import ferry.net.service.EchoScu;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DicomServerPolicyTest {
    static final String EXPLICIT = "1.2.840.10008.1.2.1";

    final List<String> log = new CopyOnWriteArrayList<>();
    DicomServer server;

    static AcceptorPolicy policy(String aeTitle, int maxAssociations) {
        return new AcceptorPolicy(Set.of(aeTitle), List.of(), Set.of(Uids.Verification), false, List.of(EXPLICIT),
                maxAssociations, 16384);
    }

    @BeforeEach
    void start() throws IOException {
        server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0, policy("OLD", 2),
                AcceptorLimits.DEFAULT, null), new DimseScp(null, log::add), log::add);
    }

    @AfterEach
    void stop() {
        server.close(Duration.ofSeconds(2));
    }

    Association connect(String calledAeTitle) throws IOException {
        return Requestor.connect(new RequestorSettings("CALLER", calledAeTitle, "127.0.0.1", server.port(),
                List.of(EchoScu.context(1)), 0, null, Timeouts.DEFAULT, null));
    }

    @Test
    void anUpdatedPolicyDecidesNewAssociationsWhileARunningOneGoesOn() throws IOException {
        try (Association running = connect("OLD")) {
            server.updatePolicy(policy("NEW", 2));

            assertThat(server.policy().calledAeTitles()).containsExactly("NEW");
            assertThatThrownBy(() -> connect("OLD")).isInstanceOf(AssociationRejectedException.class);
            try (Association fresh = connect("NEW")) {
                assertThat(EchoScu.echo(fresh).code()).isZero();
            }
            assertThat(EchoScu.echo(running).code()).isZero();
        }
    }

    @Test
    void aLargerAssociationLimitTakesEffectAtOnce() throws IOException {
        server.updatePolicy(policy("OLD", 5));
        List<Association> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                open.add(connect("OLD"));
            }
            for (Association association : open) {
                assertThat(EchoScu.echo(association).code()).isZero();
            }
            assertThatThrownBy(() -> connect("OLD")).isInstanceOf(AssociationRejectedException.class);
        } finally {
            for (Association association : open) {
                association.close();
            }
        }
    }
}
