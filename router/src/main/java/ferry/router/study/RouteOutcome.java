package ferry.router.study;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the store actions of one route did with one object, as study tracking needs it.
 *
 * @param route   the route's name
 * @param stored  the files placed (with the store folder each is under)
 * @param failure why a store action failed, or null when all succeeded
 */
public record RouteOutcome(String route, List<StoredFile> stored, String failure) {
    /**
     * A file placed by a store action.
     *
     * @param storeFolder the store's configured folder
     * @param file        the file placed (or found identical) under it
     */
    public record StoredFile(Path storeFolder, Path file) {
        public StoredFile {
            Objects.requireNonNull(storeFolder, "storeFolder");
            Objects.requireNonNull(file, "file");
        }
    }

    public RouteOutcome {
        Objects.requireNonNull(route, "route");
        stored = List.copyOf(stored);
    }
}
