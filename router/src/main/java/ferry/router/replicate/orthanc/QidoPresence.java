package ferry.router.replicate.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.router.forward.DestinationConfig;
import ferry.router.forward.Destinations;
import ferry.router.forward.HttpEndpoint;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.Presence;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a DICOMweb server holds, asked with QIDO-RS Search for Instances (PS3.18 §10.6) under the destination's base
 * URL (the one STOW-RS posts {@code /studies} to), with its authentication and headers: per series,
 * {@code GET {url}/studies/{study}/series/{series}/instances?SOPInstanceUID={uid},{uid},...&includefield=00080018},
 * the instances' SOP Instance UIDs as one UID list (PS3.18 §8.3.4.1 {@code uid-list-match}: comma-separated), as
 * many of them in one request as keep its query under {@value #QUERY_LENGTH} characters (about 90; proxies refuse
 * URLs over 8 KiB, Orthanc's plugin over 16). An instance without a Study Instance UID is asked for under
 * {@code {url}/instances}, one with a study but no series under {@code {url}/studies/{study}/instances}. A UID is
 * held only when the server answers it back; 204 No Content and 404 (an unknown study) mean none is.
 *
 * <p>A server without UID list matching (the standard requires it; Orthanc's DICOMweb plugin has had it since 1.1)
 * finds none of a list, so everything seems missing and is sent again: the destination keeps one copy of each.
 */
public final class QidoPresence implements Presence {
    /** The most characters of SOP Instance UIDs in one request's query. */
    static final int QUERY_LENGTH = 6000;

    private final HttpPeer server;

    /**
     * @param name        the configured name of the destination, for messages
     * @param environment looks up the environment variables secrets are read from
     * @throws IllegalStateException when the secret's variable is not set, or the TLS stores cannot be read
     */
    public QidoPresence(String name, DestinationConfig.DicomWeb config, Function<String, String> environment) {
        String secret = config.secretVariable() == null ? null : Destinations.secret(environment,
                config.secretVariable(), name, secretKey(config));
        HttpEndpoint endpoint = HttpEndpoint.dicomWeb(config, secret, Destinations.ssl(name, config.tls(),
                environment));
        this.server = new HttpPeer(endpoint, EndpointException.Side.DESTINATION, name, "DICOMweb QIDO-RS",
                switch (config.auth()) {
                    case NONE -> "auth (none is set)";
                    case BASIC -> "user and password-variable";
                    case BEARER -> "token-variable";
                });
    }

    /** The setting that names the secret's variable. */
    private static String secretKey(DestinationConfig.DicomWeb config) {
        return config.auth() == DestinationConfig.DicomWeb.Auth.BEARER ? "token-variable" : "password-variable";
    }

    @Override
    public Set<String> held(List<SourceInstance> instances) throws IOException, InterruptedException {
        Map<String, Set<String>> bySeries = new LinkedHashMap<>();
        for (SourceInstance instance : instances) {
            bySeries.computeIfAbsent(path(instance), p -> new LinkedHashSet<>()).add(instance.sopInstanceUid());
        }
        Set<String> held = new HashSet<>();
        for (Map.Entry<String, Set<String>> series : bySeries.entrySet()) {
            for (List<String> uids : chunks(series.getValue())) {
                StringBuilder query = new StringBuilder(series.getKey()).append("?SOPInstanceUID=");
                for (int i = 0; i < uids.size(); i++) {
                    query.append(i == 0 ? "" : ",").append(encode(uids.get(i)));
                }
                JsonNode found = server.get(query.append("&includefield=00080018").toString(),
                        "application/dicom+json");
                for (JsonNode instance : found == null ? HttpPeer.JSON.createArrayNode() : found) {
                    String uid = instance.path("00080018").path("Value").path(0).asText("").strip();
                    if (uids.contains(uid)) {
                        held.add(uid);
                    }
                }
            }
        }
        return held;
    }

    /** Where the instances of the series of {@code instance} are searched. */
    private static String path(SourceInstance instance) {
        if (instance.studyInstanceUid().isEmpty()) {
            return "/instances";
        }
        String study = "/studies/" + encode(instance.studyInstanceUid());
        return instance.seriesInstanceUid().isEmpty() ? study + "/instances"
                : study + "/series/" + encode(instance.seriesInstanceUid()) + "/instances";
    }

    /** {@code uids} in lists whose query stays under {@value #QUERY_LENGTH} characters. */
    private static List<List<String>> chunks(Set<String> uids) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        int length = 0;
        for (String uid : uids) {
            int more = encode(uid).length() + 1;
            if (!chunk.isEmpty() && length + more > QUERY_LENGTH) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                length = 0;
            }
            chunk.add(uid);
            length += more;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        server.close();
    }
}
