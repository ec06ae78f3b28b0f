package ferry.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The limits of connections awaiting their association, with the times of their arrival given. */
class PendingConnectionsTest {
    private static final long HALF_SECOND = Duration.ofMillis(PendingConnections.EVICTABLE_AFTER_MILLIS).toNanos();

    private ServerSocket server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
    }

    @Test
    void aBurstFromOneAddressOverItsLimitIsAdmittedWhileItsConnectionsAreYoung() throws IOException {
        PendingConnections pending = new PendingConnections();
        AcceptorLimits limits = limits(64, 2);
        for (int i = 0; i < 32; i++) {
            assertThat(pending.admit(socket(), i * 1_000_000L, limits).admitted()).as("connection %d", i).isTrue();
        }
        assertThat(pending.count()).isEqualTo(32);
    }

    @Test
    void slowConnectionsFromOneAddressHoldItToItsLimit() throws IOException {
        PendingConnections pending = new PendingConnections();
        AcceptorLimits limits = limits(64, 2);
        assertThat(pending.admit(socket(), 0, limits).admitted()).isTrue();
        assertThat(pending.admit(socket(), 0, limits).admitted()).isTrue();

        PendingConnections.Admission late = pending.admit(socket(), HALF_SECOND, limits);

        assertThat(late.admitted()).isFalse();
        assertThat(late.why()).isEqualTo("2 connections from 127.0.0.1 are awaiting their association for half a "
                + "second or more, the most allowed from one address");
    }

    @Test
    void oneSlowConnectionAmongYoungOnesLeavesRoomUnderTheLimit() throws IOException {
        PendingConnections pending = new PendingConnections();
        AcceptorLimits limits = limits(64, 2);
        Socket slow = socket();
        assertThat(pending.admit(slow, 0, limits).admitted()).isTrue();
        assertThat(pending.admit(socket(), HALF_SECOND, limits).admitted()).isTrue();
        assertThat(pending.admit(socket(), HALF_SECOND + 1, limits).admitted()).as("one of three is slow").isTrue();

        pending.release(slow); // it sent its request at last
        assertThat(pending.admit(socket(), 2 * HALF_SECOND, limits).admitted()).isTrue();
        assertThat(pending.count()).isEqualTo(3);
    }

    @Test
    void theTotalStillBoundsABurst() throws IOException {
        PendingConnections pending = new PendingConnections();
        AcceptorLimits limits = limits(3, 16);
        for (int i = 0; i < 3; i++) {
            assertThat(pending.admit(socket(), 0, limits).admitted()).isTrue();
        }

        PendingConnections.Admission fourth = pending.admit(socket(), 1, limits);

        assertThat(fourth.admitted()).isFalse();
        assertThat(fourth.why()).isEqualTo("3 connections are awaiting their association, the most allowed");
    }

    private Socket socket() throws IOException {
        Socket socket = new Socket(server.getInetAddress(), server.getLocalPort());
        sockets.add(socket);
        sockets.add(server.accept());
        return socket;
    }

    private static AcceptorLimits limits(int pending, int perAddress) {
        return new AcceptorLimits(Duration.ofSeconds(10), Duration.ofSeconds(10), 8192, Duration.ofSeconds(30),
                pending, perAddress);
    }
}
