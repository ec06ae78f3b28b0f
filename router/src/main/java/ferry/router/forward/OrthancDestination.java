package ferry.router.forward;

import ferry.router.http.Request;
import ferry.router.http.RequestBody;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileSystemException;
import javax.net.ssl.SSLContext;

/**
 * An Orthanc server, sent to through its REST API: {@code POST {url}/instances} with the Part 10 file as the body
 * (streamed from disk), HTTP basic authentication when a user is configured.
 *
 * <p>With {@code skip-existing} (the default, as seed 003's CopyDICOM does) each object is first looked up by its
 * SOP Instance UID ({@code POST {url}/tools/lookup}) and not sent when Orthanc has an instance with that UID: one
 * small request per object, which saves the upload of everything Orthanc already holds (a study sent again, a
 * relay restarted) and costs a round trip for what is new. Without it, Orthanc's own answer still tells a
 * duplicate apart, after the upload.
 *
 * <p>Outcomes: Orthanc's answer {@code "Status": "Success"} is {@code DELIVERED}, {@code "AlreadyStored"}
 * {@code ALREADY_THERE}; another status (such as {@code "FilteredOut"} by a Lua filter) is {@code REJECTED}; an
 * error answer as {@link HttpEndpoint#byStatus} says (400 "Bad file format" {@code REJECTED}, 5xx {@code FAILED}),
 * with Orthanc's message; no answer {@code FAILED}.
 */
public final class OrthancDestination implements Destination {
    private final String name;
    private final DestinationConfig.Orthanc config;
    private final HttpEndpoint endpoint;

    /**
     * @param password the password read from the configured variable, or null without a user
     * @param ssl      TLS from the configured stores, or null for Java's defaults
     */
    public OrthancDestination(String name, DestinationConfig.Orthanc config, String password, SSLContext ssl) {
        this.name = name;
        this.config = config;
        this.endpoint = HttpEndpoint.orthanc(config, password, ssl);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "Orthanc " + endpoint.describe();
    }

    @Override
    public int maxParallel() {
        return config.maxParallel();
    }

    @Override
    public Delivery deliver(OutgoingObject object) throws InterruptedException {
        try {
            if (config.skipExisting()) {
                HttpEndpoint.Answer found = endpoint.send(Request.post("/tools/lookup",
                        RequestBody.text(object.sopInstanceUid())).header("Content-Type", "text/plain"));
                if (!found.ok()) {
                    return endpoint.byStatus(withMessage(found));
                }
                String id = instanceId(found);
                if (id != null) {
                    return Delivery.alreadyThere(endpoint.describe() + " has it already (instance " + id
                            + ", found by SOP Instance UID); not sent");
                }
            }
            return outcome(endpoint.send(Request.post("/instances", RequestBody.file(object.file()))
                    .header("Content-Type", "application/dicom")));
        } catch (FileSystemException e) {
            return Delivery.failed("cannot read " + object.file() + ": " + e.getMessage());
        } catch (IOException e) {
            return endpoint.failure(e);
        }
    }

    /** What Orthanc's answer to {@code POST /instances} means. */
    Delivery outcome(HttpEndpoint.Answer answer) {
        JsonNode json = answer.json();
        String status = json == null ? null : json.path("Status").asText(null);
        if (answer.ok()) {
            String id = json == null ? null : json.path("ID").asText(null);
            String detail = endpoint.describe() + (id == null ? "" : " instance " + id) + ": " + status;
            if ("AlreadyStored".equals(status)) {
                return Delivery.alreadyThere(detail);
            }
            return status == null || "Success".equals(status) ? Delivery.delivered(detail) : Delivery.rejected(detail);
        }
        if (answer.body().contains("AlreadyStored")) {
            return Delivery.alreadyThere(endpoint.describe() + ": " + answer.quote());
        }
        return endpoint.byStatus(withMessage(answer));
    }

    /** The ID of the instance in a {@code /tools/lookup} answer (a list of resources of any level), or null. */
    private static String instanceId(HttpEndpoint.Answer answer) {
        JsonNode json = answer.json();
        if (json != null) {
            for (JsonNode resource : json) {
                if ("Instance".equals(resource.path("Type").asText())) {
                    return resource.path("ID").asText();
                }
            }
        }
        return null;
    }

    /** An error answer with Orthanc's {@code Message} and {@code Details} for its body, when it has them. */
    private static HttpEndpoint.Answer withMessage(HttpEndpoint.Answer answer) {
        JsonNode json = answer.json();
        String message = json == null ? null : json.path("Message").asText(null);
        if (message == null) {
            return answer;
        }
        String details = json.path("Details").asText("");
        return new HttpEndpoint.Answer(answer.status(), answer.contentType(),
                details.isEmpty() ? message : message + ": " + details);
    }

    /** Nothing to release: the HTTP client's kept connections close when idle. */
    @Override
    public void close() {
        endpoint.close();
    }
}
