package ferry.router.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One HTTP request: its method, its target (the path and query, already percent-encoded where it needs to be;
 * characters outside ASCII are encoded as UTF-8 when sent), headers and body. {@code Host}, {@code Content-Length} and
 * the connection's headers are added when it is sent. Immutable: {@link #header} gives a new request.
 *
 * @param method  {@code GET}, {@code POST}, ...
 * @param target  {@code /instances?expand}; no spaces or control characters
 * @param headers header names and values, neither with CR, LF or NUL
 * @param body    what is sent
 */
public record Request(String method, String target, Map<String, String> headers, RequestBody body) {
    private static final Pattern METHOD = Pattern.compile("[A-Z]+");
    private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public Request {
        if (!METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("not an HTTP method: " + method);
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("a request target with a space or control character: "
                        + target.replaceAll("\\p{Cntrl}", "?"));
            }
        }
        headers.forEach((name, value) -> {
            if (!NAME.matcher(name).matches() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0
                    || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a header that cannot be sent: " + name);
            }
        });
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** {@code GET target}. */
    public static Request get(String target) {
        return new Request("GET", target, Map.of(), RequestBody.none());
    }

    /** {@code POST target} with {@code body}. */
    public static Request post(String target, RequestBody body) {
        return new Request("POST", target, Map.of(), body);
    }

    /** This request with header {@code name} set to {@code value} (replacing one of the same name, in any case). */
    public Request header(String name, String value) {
        return headers(Map.of(name, value));
    }

    /** This request with {@code more} headers (replacing those of the same names, in any case). */
    public Request headers(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>();
        headers.forEach((n, v) -> {
            if (more.keySet().stream().noneMatch(n::equalsIgnoreCase)) {
                all.put(n, v);
            }
        });
        all.putAll(more);
        return new Request(method, target, all, body);
    }

    /** This request with {@code prefix} before its target (a base URL's path). */
    public Request under(String prefix) {
        return new Request(method, prefix + target, headers, body);
    }

    /** The value of header {@code name} (any case), or null. */
    public String headerValue(String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
