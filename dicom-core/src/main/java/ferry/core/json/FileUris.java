package ferry.core.json;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The {@code file:} bulk data URI form Ferry writes and reads: {@code file:///path?offset=N&length=M}. */
final class FileUris {
    private FileUris() {
    }

    static String format(Path file, long offset, long length) {
        return file.toAbsolutePath().toUri() + "?offset=" + offset + "&length=" + length;
    }

    /** A parsed file URI; {@code offset} 0 and {@code length} -1 when the URI does not say. */
    record Place(Path file, long offset, long length) {
    }

    /** Parses a {@code file:} URI, or returns {@code null} for any other scheme. */
    static Place parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URI: " + e.getMessage(), e);
        }
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            return null;
        }
        if (uri.isOpaque() || uri.getPath() == null || uri.getPath().isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not an absolute file URI");
        }
        long offset = 0;
        long length = -1;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String number = eq < 0 ? "" : pair.substring(eq + 1);
                switch (name) {
                    case "offset" -> offset = parseNonNegative(number, text);
                    case "length" -> length = parseNonNegative(number, text);
                    default -> throw new IllegalArgumentException("'" + text + "' has an unknown query parameter '"
                            + name + "' (expected offset and length)");
                }
            }
        }
        try {
            return new Place(Path.of(new URI("file", null, uri.getPath(), null)), offset, length);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a usable file URI", e);
        }
    }

    private static long parseNonNegative(String number, String uri) {
        try {
            long value = Long.parseLong(number);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + uri + "': '" + number + "' is not a non-negative integer");
    }
}
