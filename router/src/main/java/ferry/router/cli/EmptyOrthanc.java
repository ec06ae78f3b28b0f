package ferry.router.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * For {@link StartupTraining} only: an HTTP server on the loopback interface that answers as an Orthanc holding no
 * instance ({@code /statistics} counts none, listings and finds are empty), one connection at a time, so that a
 * training replication from it to it loads the classes of the HTTP client, the JSON reading and the Orthanc ends.
 */
final class EmptyOrthanc implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    EmptyOrthanc() throws IOException {
        socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "ferry-training-orthanc");
        thread.setDaemon(true);
        thread.start();
    }

    /** Its URL: {@code http://127.0.0.1:PORT}. */
    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                String head;
                while ((head = head(in)) != null) {
                    in.readNBytes(contentLength(head));
                    String path = head.substring(head.indexOf(' ') + 1, head.indexOf(" HTTP/"));
                    byte[] body = (path.startsWith("/statistics") ? "{\"CountInstances\": 0}" : "[]")
                            .getBytes(StandardCharsets.US_ASCII);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                // closed, or a request it does not understand: the next connection is served
            }
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            int n = head.size();
            if (n >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
