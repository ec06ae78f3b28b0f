package ferry.router.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and headers of an answer.
 *
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param status  the status code
 * @param headers header values by lower-case name, in the order they came
 */
public record ResponseHead(String version, int status, Map<String, List<String>> headers) {
    public ResponseHead {
        headers = Map.copyOf(headers);
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether the server keeps the connection open after this answer (RFC 9112 §9.3). */
    boolean keepsAlive() {
        String connection = String.join(",", headers.getOrDefault("connection", List.of())).toLowerCase(Locale.ROOT);
        if (connection.contains("close")) {
            return false;
        }
        return !version.equals("HTTP/1.0") || connection.contains("keep-alive");
    }
}
