package ferry.router.config;

import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.YamlSource;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The YAML examples of the pages under docs/ and of the README, for tests that check them. A block may be marked by
 * an HTML comment on the line before it, {@code <!-- example: MARKER -->} (docs/README.md lists the markers).
 */
final class DocExamples {
    private static final Pattern YAML_BLOCK = Pattern.compile(
            "(?:<!-- example: ([a-z -]+) -->\n)?```yaml\n(.*?)```", Pattern.DOTALL);

    /**
     * One ```yaml block.
     *
     * @param page   the page's path from the repository root, e.g. {@code docs/routing.md}
     * @param line   the line of its opening ```yaml
     * @param marker what the comment before it says, or an empty string
     * @param text   its YAML
     */
    record Example(String page, int line, String marker, String text) {
        /** Its top-level map, read as a configuration file is. */
        ConfigNode.MapNode root() throws ConfigException {
            return (ConfigNode.MapNode) YamlSource.read(new StringReader(text), page);
        }

        @Override
        public String toString() {
            return page + ":" + line + (marker.isEmpty() ? "" : " (" + marker + ")");
        }
    }

    private DocExamples() {
    }

    /** Every ```yaml block of {@code page} (a file name under docs/). */
    static List<Example> of(String page) throws IOException {
        return in(Path.of("docs", page));
    }

    /** Every ```yaml block of every page under docs/ and of README.md, page by page. */
    static List<Example> all() throws IOException {
        List<Path> pages = new ArrayList<>();
        try (DirectoryStream<Path> docs = Files.newDirectoryStream(Path.of("..", "docs"), "*.md")) {
            docs.forEach(page -> pages.add(Path.of("docs", page.getFileName().toString())));
        }
        pages.sort(null);
        pages.add(Path.of("README.md"));
        List<Example> examples = new ArrayList<>();
        for (Path page : pages) {
            examples.addAll(in(page));
        }
        return examples;
    }

    /** The blocks of {@code page}, a path from the repository root (tests run in router/). */
    private static List<Example> in(Path page) throws IOException {
        String text = Files.readString(Path.of("..").resolve(page));
        Matcher m = YAML_BLOCK.matcher(text);
        List<Example> examples = new ArrayList<>();
        while (m.find()) {
            int line = (int) text.substring(0, m.start(2)).lines().count();
            examples.add(new Example(page.toString(), line, m.group(1) == null ? "" : m.group(1), m.group(2)));
        }
        return examples;
    }
}
