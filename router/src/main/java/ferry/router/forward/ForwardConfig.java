package ferry.router.forward;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.edit.TagEdit;
import java.util.ArrayList;
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

    /** {@code pacs}, or {@code {to: pacs, modify: [...]}}: a destination by name, with edits after the route's. */
    public static ForwardConfig parse(ConfigNode node, List<TagEdit> routeEdits, ConfigProblems problems) {
        if (node instanceof ConfigNode.ScalarNode scalar && scalar.value() != null) {
            return new ForwardConfig(scalar.value(), routeEdits);
        }
        Section section = Section.of(node, problems);
        String to = section.requiredString("to");
        List<TagEdit> edits = new ArrayList<>(routeEdits);
        section.node("modify").ifPresent(m -> edits.addAll(TagEdit.parse(m, problems)));
        section.finish();
        return new ForwardConfig(to == null ? "?" : to, edits);
    }
}
