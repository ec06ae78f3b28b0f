package ferry.router.forward;

import ferry.router.http.Request;
import ferry.router.http.RequestBody;
import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.json.BulkDataResolver;
import ferry.core.json.DicomJsonReader;
import ferry.core.tag.Tags;
import ferry.net.dimse.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A DICOMweb server, sent to with STOW-RS (PS3.18 §10.5): {@code POST {url}/studies} with a body of type
 * {@code multipart/related; type="application/dicom"} holding the object's Part 10 file, streamed from disk (never
 * read whole into memory) with a Content-Length. One object per request: the queue hands over one object per
 * {@link #deliver} call and keeps one outcome per object, and {@code max-parallel} requests at once make up for
 * the batching a multi-part request would give.
 *
 * <p>The answer (asked for as {@code application/dicom+json}, the Store Instances Response Module of PS3.18
 * §10.5.3) decides first: the object in the Failed SOP Sequence (0008,1198) gets its Failure Reason read as a
 * storage status ({@link StoreStatus}: 0x0111 Duplicate SOP Instance is {@code ALREADY_THERE}, 0xA7xx
 * {@code FAILED}, 0xA900, 0xC000, 0x0122 and others {@code REJECTED}), except that a reason in the warning range
 * there means not stored because it is there ({@code ALREADY_THERE}; Azure's DICOM service answers a duplicate with
 * 409 and 45070, 0xB00E); with a 2xx status it is {@code DELIVERED}, a Warning Reason (0008,1196) going into the
 * detail. Without a failure reason: HTTP 409 Conflict (the "already stored"), and 400 whose body says
 * "already stored", "already exists" or "duplicate instance", are {@code ALREADY_THERE}; 408, 429 and 5xx
 * {@code FAILED}; other 4xx (and 3xx: redirects are not followed) {@code REJECTED}; no answer {@code FAILED}.
 */
public final class StowRsDestination implements Destination {
    private static final Pattern ALREADY_STORED = Pattern.compile(
            "(?i)already[ _-]?(stored|exists|present)|duplicate[ _-]?(sop[ _-]?)?instance");
    private static final DicomJsonReader RESPONSE_READER = new DicomJsonReader(BulkDataResolver.NONE);

    private final String name;
    private final int maxParallel;
    private final HttpEndpoint endpoint;

    /**
     * @param secret the password (basic) or token (bearer) read from the configured variable; null without auth
     * @param ssl    TLS from the configured stores, or null for Java's defaults
     */
    public StowRsDestination(String name, DestinationConfig.DicomWeb config, String secret, SSLContext ssl) {
        this.name = name;
        this.maxParallel = config.maxParallel();
        this.endpoint = HttpEndpoint.dicomWeb(config, secret, ssl);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "DICOMweb STOW-RS " + endpoint.describe();
    }

    @Override
    public int maxParallel() {
        return maxParallel;
    }

    @Override
    public Delivery deliver(OutgoingObject object) throws InterruptedException {
        String boundary = "ferry-" + UUID.randomUUID();
        RequestBody body = RequestBody.sequence(
                RequestBody.bytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)),
                RequestBody.file(object.file()),
                RequestBody.bytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
        Request request = Request.post("/studies", body)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json");
        try {
            return outcome(endpoint.send(request), object.sopInstanceUid());
        } catch (FileSystemException e) {
            return Delivery.failed("cannot read " + object.file() + ": " + e.getMessage());
        } catch (IOException e) {
            return endpoint.failure(e);
        }
    }

    /** What a STOW-RS answer about the object {@code sopInstanceUid} means (see the class comment). */
    Delivery outcome(HttpEndpoint.Answer answer, String sopInstanceUid) {
        String where = endpoint.describe() + " answered HTTP " + answer.status();
        DataSet response = response(answer);
        DataSet failed = item(response, Tags.FailedSOPSequence, sopInstanceUid);
        Integer failureReason = failed == null ? null : failed.getInt(Tags.FailureReason);
        if (failureReason != null) {
            Status reason = Status.of(failureReason);
            // not stored, for a reason that is no failure: the server has it (Azure: 409, 45070 = 0xB00E)
            return reason.isSuccessOrWarning() ? Delivery.alreadyThere(where + ", FailureReason " + reason)
                    : StoreStatus.of(reason, where + ", FailureReason");
        }
        if (answer.ok()) {
            DataSet stored = item(response, Tags.ReferencedSOPSequence, sopInstanceUid);
            Integer warning = stored == null ? null : stored.getInt(Tags.WarningReason);
            return Delivery.delivered(warning == null ? where : where + ", WarningReason " + Status.of(warning));
        }
        if (answer.status() == 409 || (answer.status() == 400 && ALREADY_STORED.matcher(answer.body()).find())) {
            return Delivery.alreadyThere(endpoint.describe() + ": " + answer.quote());
        }
        return endpoint.byStatus(answer);
    }

    /** The answer as a Store Instances Response, or null when it is not DICOM JSON. */
    private static DataSet response(HttpEndpoint.Answer answer) {
        if (!answer.contentType().contains("json") && !answer.body().stripLeading().startsWith("{")) {
            return null;
        }
        try {
            List<DataSet> all = RESPONSE_READER.readAll(new ByteArrayInputStream(
                    answer.body().getBytes(StandardCharsets.UTF_8)));
            return all.size() == 1 ? all.get(0) : null;
        } catch (IOException | RuntimeException notDicomJson) {
            return null;
        }
    }

    /**
     * The item of {@code sequence} about {@code sopInstanceUid}; or its only item when that names no instance (we
     * send one object per request).
     */
    private static DataSet item(DataSet response, int sequence, String sopInstanceUid) {
        Sequence items = response == null ? null : response.getSequence(sequence);
        if (items == null) {
            return null;
        }
        for (DataSet item : items.items()) {
            if (sopInstanceUid.equals(item.getString(Tags.ReferencedSOPInstanceUID))) {
                return item;
            }
        }
        return items.size() == 1 && items.item(0).getString(Tags.ReferencedSOPInstanceUID) == null
                ? items.item(0) : null;
    }

    /** Nothing to release: the HTTP client's kept connections close when idle. */
    @Override
    public void close() {
        endpoint.close();
    }
}
