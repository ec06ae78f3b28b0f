package ferry.router.forward;

import ferry.router.edit.TagEdit;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a route's {@code forward:} list: a destination (by its name under {@code destinations:}) and the
 * tag edits for it, after the route's own ({@code modify:}), applied to a copy on the way out.
 *
 * @param destination the destination's name
 * @param edits       the route's edits, then this entry's
 */
public record ForwardConfig(String destination, List<TagEdit> edits) {
    public ForwardConfig {
        Objects.requireNonNull(destination, "destination");
        edits = List.copyOf(edits);
    }
}
