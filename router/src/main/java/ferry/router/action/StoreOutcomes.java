package ferry.router.action;

import ferry.router.study.RouteOutcome;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each route's store actions did with one object, in this attempt or (counted again) an earlier one, for study
 * tracking and the index. Not thread-safe.
 */
final class StoreOutcomes {
    private final Map<String, List<RouteOutcome.StoredFile>> stored = new LinkedHashMap<>();
    private final Map<String, String> failures = new HashMap<>();

    void stored(String route, Path storeFolder, Path file) {
        stored.computeIfAbsent(route, r -> new ArrayList<>()).add(new RouteOutcome.StoredFile(storeFolder, file));
    }

    /**
     * A store done by an earlier attempt (before a stop, or before a failure of another store): it counts as stored,
     * with its file when the journal named it.
     */
    void storedBefore(String route, Path storeFolder, Path file) {
        if (file == null) {
            stored.computeIfAbsent(route, r -> new ArrayList<>());
        } else {
            stored(route, storeFolder, file);
        }
    }

    void forwarded(String route) {
        stored.computeIfAbsent(route, r -> new ArrayList<>());
    }

    void failed(String route, Exception e) {
        stored.computeIfAbsent(route, r -> new ArrayList<>());
        failures.putIfAbsent(route, reason(e));
    }

    /** Why an action failed, in words: a file-system exception that names only its file gets what it means. */
    static String reason(Exception e) {
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() == null) {
            String meaning = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "a file is in the way"
                    : e instanceof NotDirectoryException ? "not a directory"
                    : e instanceof NoSuchFileException ? "does not exist"
                    : e.getClass().getSimpleName();
            return e.getMessage() + ": " + meaning;
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Why the route's first failed action failed, or null. */
    String failure(String route) {
        return failures.get(route);
    }

    /** The files placed, of every route. */
    List<String> placedFiles() {
        return stored.values().stream().flatMap(List::stream).map(file -> file.file().toString()).toList();
    }

    List<RouteOutcome> list() {
        return stored.entrySet().stream().map(e -> new RouteOutcome(e.getKey(), e.getValue(),
                failures.get(e.getKey()))).toList();
    }
}
