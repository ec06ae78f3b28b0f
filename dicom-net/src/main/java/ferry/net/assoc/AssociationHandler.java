package ferry.net.assoc;

import java.io.IOException;

/**
 * Serves one established association on the acceptor side, usually until the peer releases it
 * ({@link Association#receive()} returns {@code null}). Runs on the association's own thread.
 */
@FunctionalInterface
public interface AssociationHandler {
    void serve(Association association) throws IOException;
}
