package ferry.core.text;

import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * "Did you mean …?" for a name nobody knows (a misspelt keyword, UID name or setting): the known name closest to
 * it, case ignored, by edit distance (insertions, deletions and substitutions of single letters).
 */
public final class Nearest {
    private Nearest() {
    }

    /**
     * The first of {@code known} closest to {@code unknown}, when it is at most {@code maxEdits} edits away ignoring
     * case (0: the same letters in another case); empty when none is.
     */
    public static Optional<String> closest(String unknown, Stream<String> known, int maxEdits) {
        String lower = unknown.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = maxEdits + 1;
        for (Iterator<String> names = known.iterator(); names.hasNext(); ) {
            String name = names.next();
            if (Math.abs(name.length() - unknown.length()) >= bestDistance) {
                continue; // at least that many edits away
            }
            int distance = distance(lower, name.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = name;
                if (distance == 0) {
                    break;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The Levenshtein distance of {@code a} and {@code b}. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
