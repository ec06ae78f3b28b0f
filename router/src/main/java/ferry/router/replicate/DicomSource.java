package ferry.router.replicate;

import ferry.router.forward.DestinationConfig;
import java.nio.file.Path;
import java.util.function.Function;

/** A replication source: an DICOM node, by C-FIND and C-GET. (Being built: issue #19.) */
public final class DicomSource implements ReplicationSource {
    /**
     * @param name        the configured name of the node (a destination entry), for messages
     * @param environment looks up the environment variables secrets are read from
     */
    public DicomSource(String name, DestinationConfig.Dicom config, Function<String, String> environment) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public String describe() {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public void list(ReplicationQuery query, Pages pages) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public void fetch(SourceInstance instance, Path target) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public void close() {
    }
}
