package ferry.router.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a request sends: nothing, bytes, a file (read as it is sent, never whole in memory), or a sequence of these (a
 * multipart body: its boundaries as bytes around a file). Its length is always known, so it goes with a
 * {@code Content-Length}.
 */
public sealed interface RequestBody {
    /** No body. */
    record None() implements RequestBody {
    }

    /** {@code length} bytes of {@code bytes} from {@code offset}; the array is not copied. */
    record Bytes(byte[] bytes, int offset, int length) implements RequestBody {
        public Bytes {
            Objects.checkFromIndexSize(offset, length, bytes.length);
        }
    }

    /** The whole of a file, as it is when sent. */
    record File(Path path) implements RequestBody {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Its parts one after the other. */
    record Sequence(List<RequestBody> parts) implements RequestBody {
        public Sequence {
            parts = List.copyOf(parts);
        }
    }

    /** No body. */
    static RequestBody none() {
        return new None();
    }

    /** All of {@code bytes}. */
    static RequestBody bytes(byte[] bytes) {
        return new Bytes(bytes, 0, bytes.length);
    }

    /** {@code text} in UTF-8. */
    static RequestBody text(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The file at {@code path}. */
    static RequestBody file(Path path) {
        return new File(path);
    }

    /** {@code parts} one after the other. */
    static RequestBody sequence(RequestBody... parts) {
        return new Sequence(List.of(parts));
    }
}
