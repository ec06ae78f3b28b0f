package ferry.router.replicate.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.router.forward.HttpEndpoint;
import ferry.router.http.Request;
import ferry.router.http.RequestBody;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.InstanceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A replication's source or destination over HTTP (an Orthanc's REST API, a DICOMweb service): its requests, through
 * the kept-alive {@link HttpEndpoint} of the forwarding destinations, and what their failures mean for the
 * replication. No answer, credentials refused (401, 403) or an answer that makes no sense is an
 * {@link EndpointException} naming which end, the configured name and the URL (never a secret) and why.
 */
final class HttpPeer {
    /** The most of a JSON answer read: a page of 1,000 expanded Orthanc instances is about 500 KiB. */
    static final int JSON_LIMIT = 64 * 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpEndpoint endpoint;
    private final EndpointException.Side side;
    private final String name;
    private final String kind;
    private final String credentials;

    /**
     * @param name        the configured name
     * @param kind        what it is, for messages: "Orthanc", "DICOMweb QIDO-RS"
     * @param credentials the settings to check when credentials are refused: "user and password-variable"
     */
    HttpPeer(HttpEndpoint endpoint, EndpointException.Side side, String name, String kind, String credentials) {
        this.endpoint = endpoint;
        this.side = side;
        this.name = name;
        this.kind = kind;
        this.credentials = credentials;
    }

    /** {@code Orthanc http://pacs:8042}: the kind and the URL without credentials. */
    String describe() {
        return kind + " " + endpoint.describe();
    }

    /** {@code the source pacs (Orthanc http://pacs:8042)}, to begin a message. */
    String who() {
        return "the " + side.name().toLowerCase(Locale.ROOT) + " " + name + " (" + describe() + ")";
    }

    /** A failure of the whole end: {@link #who} and {@code why}. */
    EndpointException unusable(String why) {
        return new EndpointException(side, who() + " " + why);
    }

    /** GET of a JSON answer; null when the server answers 404. */
    JsonNode get(String path, String accept) throws IOException, InterruptedException {
        return json("GET " + path, exchange(Request.get(path).header("Accept", accept)));
    }

    /** POST of a JSON body, for a JSON answer; null when the server answers 404. */
    JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        Request request = Request.post(path, RequestBody.text(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        return json("POST " + path, exchange(request));
    }

    private HttpEndpoint.Answer exchange(Request request) throws IOException, InterruptedException {
        try {
            return endpoint.read(request, JSON_LIMIT);
        } catch (IOException e) {
            throw new EndpointException(side, who() + ": " + endpoint.why(e), e);
        }
    }

    /**
     * GET of {@code path} into {@code target} (created or replaced) when the answer is 2xx; the answer (with an empty
     * body then). Credentials refused is an {@link EndpointException}, as is a connection that cannot be made; a
     * timeout or an answer broken off is an {@link InstanceException} saying so; a failure to write {@code target}
     * a {@link FileSystemException}.
     */
    HttpEndpoint.Answer download(String path, Path target) throws IOException, InterruptedException {
        HttpEndpoint.Answer answer;
        try {
            answer = endpoint.download(Request.get(path), target);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new EndpointException(side, who() + ": " + endpoint.why(e), e);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new InstanceException(who() + ": GET " + path + ": " + endpoint.why(e), e);
        }
        refused(answer);
        return answer;
    }

    /** Closes the kept connections. */
    void close() {
        endpoint.close();
    }

    /** An answer's JSON: null for 404; an {@link EndpointException} for any other failure. */
    private JsonNode json(String what, HttpEndpoint.Answer answer) throws EndpointException {
        refused(answer);
        if (answer.status() == 404) {
            return null;
        }
        if (!answer.ok()) {
            throw unusable("answered " + what + " with " + detail(answer));
        }
        JsonNode json = answer.body().isEmpty() ? HttpPeer.JSON.createArrayNode() : answer.json();
        if (json == null) {
            throw unusable("answered " + what + " with something that is not JSON: " + answer.quote());
        }
        return json;
    }

    /** HTTP 401 and 403 as an {@link EndpointException} saying which settings to check. */
    void refused(HttpEndpoint.Answer answer) throws EndpointException {
        if (answer.status() == 401) {
            throw unusable("refused the credentials (HTTP 401): check " + credentials);
        }
        if (answer.status() == 403) {
            throw unusable("refused access (HTTP 403): check " + credentials + ", and the rights of that user");
        }
    }

    /** An error answer in words: Orthanc's {@code Message} and {@code Details} when it has them, else its start. */
    static String detail(HttpEndpoint.Answer answer) {
        JsonNode json = answer.json();
        String message = json == null ? "" : json.path("Message").asText("");
        if (message.isEmpty()) {
            return answer.quote();
        }
        String details = json.path("Details").asText("");
        return "HTTP " + answer.status() + ": " + message + (details.isEmpty() ? "" : ": " + details);
    }
}
