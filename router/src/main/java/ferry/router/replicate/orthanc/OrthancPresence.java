package ferry.router.replicate.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.router.forward.DestinationConfig;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.Presence;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What an Orthanc destination holds, asked through its REST API: one {@code POST /tools/find} at Instance level per
 * {@value #BATCH} instances, their SOP Instance UIDs as one UID list (backslashes, PS3.4 C.2.2.2.2), which Orthanc
 * 1.10 matches against its index of identifiers (no file read); expanded answers give the UIDs held. A UID is held
 * only when Orthanc answers it back: anything else the answer holds (a value with wild cards would match others) is
 * ignored. An Orthanc whose {@code LimitFindInstances} is under {@value #BATCH} is asked about that many at once
 * ({@link OrthancFind}), one request more the first time, and about log2 of its instances more when it has a limit.
 */
public final class OrthancPresence implements Presence {
    /** SOP Instance UIDs per request. */
    public static final int BATCH = 500;

    private final HttpPeer orthanc;
    private final OrthancFind find;

    /**
     * @param name        the configured name of the destination, for messages
     * @param environment looks up the environment variables secrets are read from
     * @throws IllegalStateException when the password variable is not set, or the TLS stores cannot be read
     */
    public OrthancPresence(String name, DestinationConfig.Orthanc config, Function<String, String> environment) {
        this.orthanc = OrthancSource.peer(name, config, environment, EndpointException.Side.DESTINATION);
        this.find = new OrthancFind(orthanc);
    }

    @Override
    public int batchSize() {
        return BATCH;
    }

    @Override
    public Set<String> held(List<SourceInstance> instances) throws IOException, InterruptedException {
        Set<String> asked = new LinkedHashSet<>();
        instances.forEach(instance -> asked.add(instance.sopInstanceUid()));
        Set<String> held = new HashSet<>();
        for (JsonNode instance : find.matching(HttpPeer.JSON.createObjectNode(), asked)) {
            String uid = instance.path("MainDicomTags").path("SOPInstanceUID").asText("").strip();
            if (asked.contains(uid)) {
                held.add(uid);
            }
        }
        return held;
    }

    @Override
    public void close() {
        orthanc.close();
    }
}
