package ferry.router.edit;

import ferry.core.tag.Vr;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.deid.DeidentificationSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads one edit of the configuration; the parsing half of {@link TagEdit}. */
final class EditParser {
    private static final Pattern GROUP_REFERENCE = Pattern.compile("(?<!\\\\)\\$(\\d)");

    private EditParser() {
    }

    static void parse(String key, ConfigNode value, ConfigNode.MapNode owner, Path base, ConfigProblems problems,
                      List<TagEdit> edits) {
        switch (key) {
            case "set" -> set(value, problems, edits);
            case "copy" -> eachMap(value, problems, map -> copy(map, problems, edits));
            case "remove" -> {
                List<TagReference> targets = references(value, problems);
                if (!targets.isEmpty()) {
                    edits.add(new TagEdit.Remove(targets));
                }
            }
            case "remove-private" -> {
                Section flag = new Section(new ConfigNode.MapNode(owner.path(), owner.line(),
                        Map.of(key, value)), problems);
                if (flag.bool(key, false)) {
                    edits.add(new TagEdit.RemovePrivate());
                }
            }
            case "replace" -> eachMap(value, problems, map -> replace(map, problems, edits));
            case "wipe" -> wipe(value, problems, edits);
            case "deidentify" -> {
                DeidentificationSettings settings = DeidentificationSettings.parse(value, base, problems);
                if (settings != null) {
                    edits.add(new TagEdit.Deidentify(settings, null));
                }
            }
            default -> problems.add(value, "unknown edit '" + key
                    + "'; the edits are set, copy, remove, remove-private, replace, wipe and deidentify");
        }
    }

    private static void set(ConfigNode value, ConfigProblems problems, List<TagEdit> edits) {
        if (!(value instanceof ConfigNode.MapNode map)) {
            problems.add(value, "expected a map of tag: value, e.g. {PatientID: ANON}, found " + value.kind());
            return;
        }
        for (Map.Entry<String, ConfigNode> entry : map.entries().entrySet()) {
            TagReference target = TagReference.parse(entry.getKey(), entry.getValue(), problems);
            if (!(entry.getValue() instanceof ConfigNode.ScalarNode scalar)) {
                problems.add(entry.getValue(), "expected a value, found " + entry.getValue().kind());
                continue;
            }
            String text = scalar.value() == null ? "" : scalar.value();
            if (target != null && writable(target, text, entry.getValue(), problems)) {
                edits.add(new TagEdit.SetValue(target, text));
            }
        }
    }

    private static void copy(ConfigNode.MapNode map, ConfigProblems problems, List<TagEdit> edits) {
        Section section = new Section(map, problems);
        TagReference from = reference(section, "from", problems);
        TagReference to = reference(section, "to", problems);
        section.finish();
        if (from != null && to != null) {
            if (to.newElementVr() == Vr.SQ) {
                problems.add(map, "cannot copy into the sequence " + to);
            } else {
                edits.add(new TagEdit.CopyValue(from, to));
            }
        }
    }

    private static void replace(ConfigNode.MapNode map, ConfigProblems problems, List<TagEdit> edits) {
        Section section = new Section(map, problems);
        TagReference target = reference(section, "tag", problems);
        String pattern = section.requiredString("pattern");
        String with = section.string("with", "");
        section.finish();
        if (pattern == null) {
            return;
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            problems.add(map.get("pattern").orElse(map), "not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex() + " of '" + pattern + "'");
            return;
        }
        int groups = compiled.matcher("").groupCount();
        Matcher reference = GROUP_REFERENCE.matcher(with);
        while (reference.find()) {
            if (Integer.parseInt(reference.group(1)) > groups) {
                problems.add(map.get("with").orElse(map), "'" + with + "' refers to group $" + reference.group(1)
                        + " but the pattern has " + groups + " group(s)");
                return;
            }
        }
        if (target != null) {
            edits.add(new TagEdit.Replace(target, compiled, with));
        }
    }

    private static void wipe(ConfigNode value, ConfigProblems problems, List<TagEdit> edits) {
        List<TagReference> targets;
        String with = TagEdit.Wipe.SEED_VALUE;
        if (value instanceof ConfigNode.MapNode map) {
            Section section = new Section(map, problems);
            targets = section.node("tags").map(node -> references(node, problems)).orElse(List.of());
            if (!section.has("tags")) {
                problems.add(map, "wipe needs 'tags', the list of elements to wipe");
            }
            with = section.string("with", TagEdit.Wipe.SEED_VALUE);
            section.finish();
        } else {
            targets = references(value, problems);
        }
        if (!targets.isEmpty()) {
            edits.add(new TagEdit.Wipe(targets, with));
        }
    }

    private static void eachMap(ConfigNode value, ConfigProblems problems,
                                Consumer<ConfigNode.MapNode> action) {
        List<ConfigNode> items = value instanceof ConfigNode.ListNode list ? list.items() : List.of(value);
        for (ConfigNode item : items) {
            if (item instanceof ConfigNode.MapNode map) {
                action.accept(map);
            } else {
                problems.add(item, "expected a map of settings, found " + item.kind());
            }
        }
    }

    private static TagReference reference(Section section, String key, ConfigProblems problems) {
        String text = section.requiredString(key);
        if (text == null) {
            return null;
        }
        return TagReference.parse(text, section.node(key).orElse(section.node()), problems);
    }

    private static List<TagReference> references(ConfigNode value, ConfigProblems problems) {
        List<ConfigNode> items = value instanceof ConfigNode.ListNode list ? rejoinTagNumbers(list.items())
                : List.of(value);
        List<TagReference> references = new ArrayList<>();
        for (ConfigNode item : items) {
            if (item instanceof ConfigNode.ScalarNode scalar && scalar.value() != null) {
                TagReference reference = TagReference.parse(scalar.value(), item, problems);
                if (reference != null) {
                    references.add(reference);
                }
            } else {
                problems.add(item, "expected a tag such as PatientName or (0010,0010), found " + item.kind());
            }
        }
        return references;
    }

    /**
     * YAML splits an unquoted {@code [PatientName, (0010,1000)]} at the comma inside the tag number into
     * {@code (0010} and {@code 1000)}; this puts such halves back together.
     */
    private static List<ConfigNode> rejoinTagNumbers(List<ConfigNode> items) {
        List<ConfigNode> joined = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            ConfigNode item = items.get(i);
            if (i + 1 < items.size() && item instanceof ConfigNode.ScalarNode first && first.value() != null
                    && first.value().startsWith("(") && !first.value().contains(")")
                    && items.get(i + 1) instanceof ConfigNode.ScalarNode second && second.value() != null
                    && second.value().endsWith(")") && !second.value().contains("(")) {
                joined.add(new ConfigNode.ScalarNode(first.path(), first.line(),
                        first.value() + "," + second.value()));
                i++;
            } else {
                joined.add(item);
            }
        }
        return joined;
    }

    /** Whether {@code text} can be written into a new or existing element of this reference's dictionary VR. */
    private static boolean writable(TagReference target, String text, ConfigNode where, ConfigProblems problems) {
        Vr vr = target.newElementVr();
        if (vr == Vr.SQ) {
            problems.add(where, target + " is a sequence; set cannot give it a value");
            return false;
        }
        if (!ElementValues.fits(vr, text)) {
            problems.add(where, "'" + text + "' is not a valid value for " + target + " (VR " + vr + ")");
            return false;
        }
        return true;
    }
}
