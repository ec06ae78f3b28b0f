package ferry.core.text;

import ferry.core.data.DataSet;
import java.util.List;

/**
 * A text listing read into data sets, with every problem found on the way.
 *
 * @param fileMeta the file meta elements (0002,xxxx) the listing gives, as listed; empty when it gives none
 * @param dataSet  the data set; incomplete when there are errors
 * @param problems errors and warnings, in the order of their lines
 */
public record Listing(DataSet fileMeta, DataSet dataSet, List<ListingProblem> problems) {
    public Listing {
        problems = List.copyOf(problems);
    }

    /** Whether any problem is an error: then the data set is not what the listing meant and must not be written. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(ListingProblem::error);
    }

    /** The errors, in line order. */
    public List<ListingProblem> errors() {
        return problems.stream().filter(ListingProblem::error).toList();
    }

    /** How many errors are broken rules, which reading leniently would write anyway, with a warning each. */
    public long brokenRules() {
        return problems.stream().filter(p -> p.kind() == ListingProblem.Kind.BROKEN_RULE).count();
    }

    /** The warnings, in line order. */
    public List<ListingProblem> warnings() {
        return problems.stream().filter(p -> !p.error()).toList();
    }
}
