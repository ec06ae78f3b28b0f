package ferry.router.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import ferry.router.web.Json;
import ferry.router.web.auth.Role;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.0 document of the REST API ({@code GET /api/openapi.json}), made from the {@link Operation}s the
 * routes are registered from: paths with their parameters, request bodies and answers, and a schema per record type
 * of a body, read from the record's components (strings, numbers, booleans, times as date-time strings, lists,
 * maps, nested records). Every operation also answers 400 for a bad request, 401 to a caller who must log in, 403
 * for a missing role or CSRF token, with {@code {"error": "..."}}.
 */
final class OpenApi {
    /** The login routes of the web server ({@code ferry.router.web.LoginRoutes}), described here. */
    static final List<Operation> LOGIN_OPERATIONS = List.of(
            new Operation("POST", "/api/login", Role.ANYONE, "Logs in: a session cookie, and the CSRF token its "
                    + "changes carry in X-CSRF-Token (429 after too many failed logins from one address)", List.of(),
                    new Operation.One(Requests.Login.class), new Operation.One(Requests.Session.class)),
            new Operation("POST", "/api/logout", Role.VIEWER, "Ends the session", List.of(), null,
                    new Operation.One(Requests.LoggedOut.class)),
            new Operation("GET", "/api/session", Role.VIEWER, "Who is logged in, with the session's CSRF token",
                    List.of(), null, new Operation.One(Requests.Session.class)));

    private OpenApi() {
    }

    /** The document, as JSON. */
    static byte[] document(List<Operation> operations, String version) {
        Map<String, Object> schemas = new TreeMap<>();
        Map<String, Object> paths = new TreeMap<>();
        for (Operation operation : operations) {
            @SuppressWarnings("unchecked")
            Map<String, Object> path = (Map<String, Object>) paths.computeIfAbsent(operation.path(),
                    p -> new LinkedHashMap<String, Object>());
            path.put(operation.method().toLowerCase(Locale.ROOT), operation(operation, schemas));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.0.3");
        document.put("info", Map.of("title", "Ferry", "version", version,
                "description", "The REST API of a running Ferry (docs/api.md). Log in with POST /api/login (a "
                        + "session cookie; changes carry its CSRF token in X-CSRF-Token) or send HTTP Basic "
                        + "credentials with each request; without users, the server serves this machine only and "
                        + "needs neither."));
        document.put("paths", paths);
        document.put("components", Map.of("schemas", schemas, "securitySchemes", Map.of(
                "session", Map.of("type", "apiKey", "in", "cookie", "name", "ferry_session"),
                "basic", Map.of("type", "http", "scheme", "basic"))));
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> operation(Operation operation, Map<String, Object> schemas) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("summary", operation.summary());
        described.put("x-ferry-role", operation.role().written());
        if (operation.role() == Role.ANYONE) {
            described.put("security", List.of());
        } else {
            described.put("security", List.of(Map.of("session", List.of()), Map.of("basic", List.of())));
        }
        if (!operation.parameters().isEmpty()) {
            described.put("parameters", operation.parameters().stream().map(p -> {
                Map<String, Object> parameter = new LinkedHashMap<>();
                parameter.put("name", p.name());
                parameter.put("in", p.in());
                parameter.put("required", p.in().equals("path"));
                parameter.put("description", p.description());
                parameter.put("schema", Map.of("type", p.type()));
                return parameter;
            }).toList());
        }
        if (operation.request() != null) {
            described.put("requestBody", Map.of("required", false, "content", content(operation.request(), schemas)));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Map.of("description", "done", "content", content(operation.response(), schemas)));
        Map<String, Object> error = Map.of("application/json", Map.of("schema", Map.of("type", "object",
                "properties", Map.of("error", Map.of("type", "string")))));
        if (operation.role() != Role.ANYONE) {
            responses.put("401", Map.of("description", "log in first", "content", error));
            responses.put("403", Map.of("description", "the role is too low, or the CSRF token is missing",
                    "content", error));
        }
        responses.put("400", Map.of("description", "a bad request", "content", error));
        described.put("responses", responses);
        return described;
    }

    private static Map<String, Object> content(Operation.Body body, Map<String, Object> schemas) {
        if (body instanceof Operation.One one) {
            return Map.of("application/json", Map.of("schema", schema(one.type(), schemas)));
        }
        if (body instanceof Operation.Many many) {
            return Map.of("application/json", Map.of("schema", Map.of("type", "array", "items",
                    schema(many.type(), schemas))));
        }
        Operation.Raw raw = (Operation.Raw) body;
        return Map.of(raw.contentType(), Map.of("schema", Map.of("type", "object", "description",
                raw.description())));
    }

    /** The schema of {@code type}: inline for simple types, a reference for a record (added to {@code schemas}). */
    static Map<String, Object> schema(Type type, Map<String, Object> schemas) {
        if (type instanceof ParameterizedType parameterized) {
            Type raw = parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == List.class) {
                return Map.of("type", "array", "items", schema(arguments[0], schemas));
            }
            if (raw == Map.class) {
                return Map.of("type", "object", "additionalProperties", schema(arguments[1], schemas));
            }
        }
        if (type == String.class || type == Path.class) {
            return Map.of("type", "string");
        }
        if (type == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (type == int.class || type == Integer.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (type == long.class || type == Long.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (type == boolean.class || type == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (type == double.class || type == Double.class) {
            return Map.of("type", "number");
        }
        if (type instanceof Class<?> record && record.isRecord()) {
            String name = name(record);
            if (!schemas.containsKey(name)) {
                schemas.put(name, Map.of());
                Map<String, Object> properties = new LinkedHashMap<>();
                for (RecordComponent component : record.getRecordComponents()) {
                    properties.put(component.getName(), schema(component.getGenericType(), schemas));
                }
                schemas.put(name, Map.of("type", "object", "properties", properties));
            }
            return Map.of("$ref", "#/components/schemas/" + name);
        }
        if (type == JsonNode.class || type == Object.class) {
            return Map.of("type", "object", "description", "DICOM JSON (PS3.18 F.2) or free JSON");
        }
        throw new IllegalArgumentException("no schema for " + type);
    }

    /** A record's schema name: its simple name, with the enclosing type's for a nested one. */
    private static String name(Class<?> record) {
        return record.getEnclosingClass() == null || record.getEnclosingClass() == Requests.class
                ? record.getSimpleName() : record.getEnclosingClass().getSimpleName() + record.getSimpleName();
    }
}
