package ferry.router.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * How {@code ferry status}, {@code stop} and {@code reload} talk to a running Ferry: a loopback TCP port and a
 * random token, written to {@code control} in the data directory (readable by its owner only). A client sends one
 * line, {@code TOKEN COMMAND}, and reads the answer until the server closes the connection; an answer starting with
 * {@link #ERROR} says the command failed or was refused. Requests without the right token are answered with
 * nothing.
 */
public final class ControlChannel implements AutoCloseable {
    /** The file in the data directory that tells clients where to connect. */
    public static final String FILE_NAME = "control";
    /** How an answer starts when the command failed or was refused (the client exits non-zero). */
    public static final String ERROR = "error: ";

    private final ServerSocket server;
    private final Path file;
    private final Thread thread;
    private final byte[] token;

    private ControlChannel(ServerSocket server, Path file, byte[] token, Function<String, String> commands) {
        this.server = server;
        this.file = file;
        this.token = token;
        this.thread = new Thread(() -> serve(commands), "ferry-control");
        this.thread.setDaemon(true);
    }

    /**
     * Opens the channel on a free loopback port, writes the control file into {@code dataDirectory} and answers
     * each command with {@code commands.apply(command)}.
     */
    public static ControlChannel open(Path dataDirectory, Function<String, String> commands) throws IOException {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        Path file = dataDirectory.resolve(FILE_NAME);
        Path temporary = dataDirectory.resolve(FILE_NAME + ".part");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, server.getLocalPort() + " " + token + " " + ProcessHandle.current().pid() + "\n");
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ControlChannel channel = new ControlChannel(server, file, token.getBytes(StandardCharsets.US_ASCII), commands);
        channel.thread.start();
        return channel;
    }

    private void serve(Function<String, String> commands) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = in.readLine();
                if (line == null) {
                    continue;
                }
                int space = line.indexOf(' ');
                String given = space < 0 ? line : line.substring(0, space);
                if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII), token)) {
                    continue;
                }
                String answer;
                try {
                    answer = commands.apply(space < 0 ? "" : line.substring(space + 1).trim());
                } catch (RuntimeException e) {
                    answer = ERROR + e + "\n";
                    LoggerFactory.getLogger(ControlChannel.class).error("control command failed", e);
                }
                Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
                out.write(answer);
                out.flush();
            } catch (IOException | RuntimeException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    /** Stops answering and removes the control file. */
    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the file is rewritten by the next start anyway
        }
    }

    /** Where a running Ferry listens for commands, as read from its control file. */
    public record Address(int port, String token, long pid) {
    }

    /** The address in {@code dataDirectory}'s control file, when there is one. */
    public static Optional<Address> find(Path dataDirectory) {
        try {
            String[] parts = Files.readString(dataDirectory.resolve(FILE_NAME)).trim().split(" ");
            return Optional.of(new Address(Integer.parseInt(parts[0]), parts[1], Long.parseLong(parts[2])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** How long a command waits for an answer by default: a Ferry that takes longer is not answering. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Sends {@code command} to the Ferry at {@code address} and returns its answer, waiting for it at most
     * {@code timeout} (a {@link java.net.SocketTimeoutException} then: a stopped or hung process still accepts the
     * connection, its kernel does, but never answers).
     */
    public static String send(Address address, String command, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), address.port()), 2_000);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            out.write(address.token() + " " + command + "\n");
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
