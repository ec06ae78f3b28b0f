package ferry.router.replicate.dicom;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.forward.DestinationConfig;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.Presence;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
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
 * What a DICOM node (a {@code dicom:} destination) holds, asked by C-FIND at IMAGE level in the Study Root model
 * (PS3.4 C.6.2.1): the instances of a batch are grouped by study and series, and each series is asked once for the
 * SOP Instance UIDs of the batch with List of UID Matching (PS3.4 C.2.2.2.2), as many as fit one UI value (64 KiB,
 * PS3.5 §6.2); what comes back and was asked for is held. Cost: one C-FIND per series of a batch, answered with the
 * instances held; a node that took a UID list for one UID would answer nothing, and the instances are copied again
 * (the destination's answer to a duplicate store) rather than skipped wrongly.
 *
 * <p>A node that does not accept Study Root C-FIND (a storescp, which takes C-STORE only) cannot say what it holds:
 * {@link ferry.router.replicate.PresenceUnknownException}, after which the replication goes by its record alone.
 *
 * <p>A hierarchical query at IMAGE level needs the Study and Series Instance UIDs (PS3.4 C.4.1.2.2.1); an instance
 * whose listing left either empty is taken as not held, so it is sent (a node that has it answers the store as
 * a duplicate). The association is kept from batch to batch, and opened again when the node dropped it while idle.
 */
public final class DicomPresence implements Presence {
    /** The longest UID list sent in one key: a UI value's 16-bit length (explicit VR), with room to spare. */
    static final int MAX_LIST_BYTES = 60_000;

    private final DicomFinder finder;

    /**
     * @param name        the configured name of the destination, for messages
     * @param environment looks up the environment variables secrets are read from
     * @throws IllegalStateException when its TLS stores cannot be read
     */
    public DicomPresence(String name, DestinationConfig.Dicom config, Function<String, String> environment) {
        this.finder = new DicomFinder(new DicomNode(name, config, environment, EndpointException.Side.DESTINATION));
    }

    /**
     * @throws EndpointException        when the node cannot be reached or answers a C-FIND with a failure
     * @throws PresenceUnknownException when it does not accept Study Root C-FIND (a storescp): it cannot say
     */
    @Override
    public Set<String> held(List<SourceInstance> instances) throws IOException {
        Map<List<String>, Set<String>> bySeries = new LinkedHashMap<>();
        for (SourceInstance instance : instances) {
            if (!instance.studyInstanceUid().isEmpty() && !instance.seriesInstanceUid().isEmpty()) {
                bySeries.computeIfAbsent(List.of(instance.studyInstanceUid(), instance.seriesInstanceUid()),
                        k -> new LinkedHashSet<>()).add(instance.sopInstanceUid());
            }
        }
        Set<String> held = new HashSet<>();
        for (Map.Entry<List<String>, Set<String>> series : bySeries.entrySet()) {
            for (List<String> uids : lists(series.getValue())) {
                Set<String> asked = new HashSet<>(uids);
                DataSet identifier = new DataSet();
                identifier.setString(Tags.QueryRetrieveLevel, Vr.CS, StudyRootQuery.IMAGE);
                identifier.setString(Tags.StudyInstanceUID, Vr.UI, series.getKey().get(0));
                identifier.setString(Tags.SeriesInstanceUID, Vr.UI, series.getKey().get(1));
                identifier.setString(Tags.SOPInstanceUID, Vr.UI, uids.toArray(String[]::new));
                finder.find(identifier, match -> {
                    String uid = match.getString(Tags.SOPInstanceUID);
                    if (uid != null && asked.contains(uid)) {
                        held.add(uid);
                    }
                });
            }
        }
        return held;
    }

    /** {@code uids} in lists that fit one UI value each. */
    static List<List<String>> lists(Set<String> uids) {
        List<List<String>> lists = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int bytes = 0;
        for (String uid : uids) {
            int length = uid.getBytes(StandardCharsets.US_ASCII).length + 1; // and its backslash
            if (!current.isEmpty() && bytes + length > MAX_LIST_BYTES) {
                lists.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(uid);
            bytes += length;
        }
        if (!current.isEmpty()) {
            lists.add(current);
        }
        return lists;
    }

    /** Releases the kept association. */
    @Override
    public void close() {
        finder.close();
    }
}
