package ferry.router.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The JSON of the web server's answers: records as objects (their components as fields), times as ISO-8601 text
 * ({@code 2025-03-01T10:15:30Z}), durations in seconds where a field says so; errors as {@code {"error": "..."}}.
 * {@code ferry status --json} and {@code ferry queue --json} print the same JSON.
 */
public final class Json {
    /** The mapper shared by the server, its parts and the command line. */
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    private static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** {@code value} as indented JSON text, ending with a line break. */
    public static String text(Object value) {
        try {
            return PRETTY.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers with {@code value} as JSON. */
    public static void answer(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text from a request, safe to repeat in an answer or the log: control characters replaced, at most 100. */
    public static String clean(String text) {
        if (text == null) {
            return "(none)";
        }
        String cleaned = text.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) + "…" : cleaned;
    }

    /** Answers {@code status} with {@code {"error": message}}. */
    public static void error(Context ctx, int status, String message) {
        answer(ctx, status, Map.of("error", message));
    }
}
