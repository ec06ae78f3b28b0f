package ferry.router.replicate;

import ferry.router.forward.DestinationConfig;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** What a DICOM node (C-FIND at IMAGE level) holds. (Being built: issue #19.) */
public final class DicomPresence implements Presence {
    /**
     * @param name        the configured name of the destination, for messages
     * @param environment looks up the environment variables secrets are read from
     */
    public DicomPresence(String name, DestinationConfig.Dicom config, Function<String, String> environment) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public Set<String> held(List<SourceInstance> instances) {
        throw new UnsupportedOperationException("not built yet");
    }
}
