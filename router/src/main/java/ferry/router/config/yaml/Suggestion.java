package ferry.router.config.yaml;

import ferry.core.text.Nearest;
import java.util.stream.Stream;

/**
 * "Did you mean …?" for a name the configuration does not know (a misspelt key or DICOM keyword): the known name
 * closest to it, case ignored, by edit distance ({@link Nearest}).
 */
public final class Suggestion {
    private Suggestion() {
    }

    /**
     * {@code " (did you mean 'name'?)"} for the first of {@code known} closest to {@code unknown}, when it is at most
     * {@code maxEdits} edits away ignoring case (0: the same letters in another case); {@code ""} when none is.
     */
    public static String closest(String unknown, Stream<String> known, int maxEdits) {
        return Nearest.closest(unknown, known, maxEdits).map(name -> " (did you mean '" + name + "'?)").orElse("");
    }
}
