package ferry.router.cli;

import ferry.router.config.ListenerConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code ferry check} finds on this machine, beyond the file: whether Ferry could write into a folder (making it
 * when missing, as it does) and listen on a port.
 */
final class PlaceCheck {
    private PlaceCheck() {
    }

    /** Why Ferry could not write into {@code folder} (or create it, with its missing parents), or empty. */
    static Optional<String> writable(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                return Optional.of(absolute + " is not a directory");
            }
            return Files.isWritable(absolute) && Files.isExecutable(absolute) ? Optional.empty()
                    : Optional.of(absolute + " is not writable for " + System.getProperty("user.name"));
        }
        Path existing = absolute.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return Optional.of(absolute + " cannot be created: " + existing + " is not a directory");
        }
        return Files.isWritable(existing) && Files.isExecutable(existing) ? Optional.empty()
                : Optional.of(absolute + " cannot be created: " + existing + " is not writable for "
                        + System.getProperty("user.name"));
    }

    /** Why Ferry could not listen on the listener's address and port now, or empty (the port is free). */
    static Optional<String> listenable(ListenerConfig listener) {
        return listenable(listener.bindAddress(), listener.port());
    }

    /** Why Ferry could not listen on {@code port} of {@code address} (all addresses when null) now, if so. */
    static Optional<String> listenable(InetAddress address, int port) {
        String where = "port " + port + (address == null ? "" : " of " + address.getHostAddress());
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the listener does
            socket.bind(new InetSocketAddress(address, port));
            return Optional.empty();
        } catch (BindException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.startsWith("Address already in use")) {
                return Optional.of(where + " is in use by another program");
            }
            if (reason.startsWith("Permission denied") && port < 1024) {
                return Optional.of("cannot listen on " + where + ": ports below 1024 need root or the capability "
                        + "CAP_NET_BIND_SERVICE");
            }
            return Optional.of("cannot listen on " + where + ": " + reason);
        } catch (IOException e) {
            return Optional.of("cannot listen on " + where + ": " + e.getMessage());
        }
    }
}
