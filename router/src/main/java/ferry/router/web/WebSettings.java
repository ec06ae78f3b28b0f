package ferry.router.web;

import ferry.net.assoc.Tls;
import ferry.router.web.auth.Users;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What the web server needs to start: where it listens, TLS, its users and how long their sessions last.
 *
 * @param address        the local address to listen on
 * @param port           the TCP port, 0 for any free one
 * @param tls            HTTPS with this key (and, when it requires them, client certificates), or null for HTTP
 * @param users          who may log in; none: the server must listen on a loopback address, and whoever
 *                       connects is an administrator
 * @param sessionTimeout a login session ends when unused this long
 */
public record WebSettings(InetAddress address, int port, Tls tls, Users users, Duration sessionTimeout) {
    public WebSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        if (users.isEmpty() && !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("serving " + address.getHostAddress() + " needs users (docs/web.md)");
        }
    }
}
