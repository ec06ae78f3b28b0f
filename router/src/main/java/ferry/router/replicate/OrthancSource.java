package ferry.router.replicate;

import ferry.router.forward.DestinationConfig;
import java.nio.file.Path;
import java.util.function.Function;

/** A replication source: an Orthanc over its REST API. (Being built: issue #19.) */
public final class OrthancSource implements ReplicationSource {
    /**
     * @param name        the configured name of the node (a destination entry), for messages
     * @param environment looks up the environment variables secrets are read from
     */
    public OrthancSource(String name, DestinationConfig.Orthanc config, Function<String, String> environment) {
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
