package ferry.router.web.api;

import ferry.router.web.auth.Role;
import java.util.List;

/**
 * One route of the REST API as its OpenAPI document describes it ({@link OpenApi}); {@link ApiRoutes} and
 * {@link IndexRoutes} register each route from one of these, so the document lists exactly what is served.
 *
 * @param method     GET or POST
 * @param path       the path, in Javalin's syntax ({@code /api/queue/{destination}/jobs})
 * @param role       what a caller needs
 * @param summary    what it does, in a line
 * @param parameters its path and query parameters
 * @param request    its request body, or null
 * @param response   its answer (200)
 */
record Operation(String method, String path, Role role, String summary, List<Parameter> parameters, Body request,
                 Body response) {

    Operation {
        parameters = List.copyOf(parameters);
    }

    /**
     * A path or query parameter.
     *
     * @param name        its name
     * @param in          {@code path} or {@code query}
     * @param type        {@code string} or {@code integer}
     * @param description what it means
     */
    record Parameter(String name, String in, String type, String description) {
        static Parameter path(String name, String description) {
            return new Parameter(name, "path", "string", description);
        }

        static Parameter query(String name, String type, String description) {
            return new Parameter(name, "query", type, description);
        }
    }

    /** A body: JSON of a record type, an array of one, or something else described in words. */
    sealed interface Body {
    }

    /** JSON of {@code type} (a record, or a map of strings). */
    record One(Class<?> type) implements Body {
    }

    /** A JSON array of {@code type}. */
    record Many(Class<?> type) implements Body {
    }

    /** Another content type, described. */
    record Raw(String contentType, String description) implements Body {
    }
}
