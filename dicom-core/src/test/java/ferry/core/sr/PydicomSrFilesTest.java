package ferry.core.sr;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SR documents among pydicom's test files (Debian's python3-pydicom), read by Ferry and listed by dcmtk's
 * dsrdump: the same content tree, and every TEXT, NUM, CODE, DATE, TIME, DATETIME and UIDREF value dsrdump lists is
 * in Ferry's simplified text under its concept name.
 */
class PydicomSrFilesTest {
    static final Path TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    /** dsrdump's {@code <relationship TYPE:(code,scheme,"meaning")=value>}, for the value types compared. */
    private static final Pattern VALUE_LINE = Pattern.compile(
            "<(?:[a-z ]+ )?(TEXT|NUM|CODE|DATE|TIME|DATETIME|UIDREF):\\([^,]*,[^,]*,\"([^\"]*)\"\\)=(.*)>");

    static List<Path> srFiles() throws IOException {
        Peers.require(Files.isDirectory(TEST_FILES), "pydicom's test files in " + TEST_FILES,
                "apt-get install python3-pydicom");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(TEST_FILES)) {
            walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().contains("SR")).sorted()
                    .forEach(files::add);
        }
        assertThat(files).as("SR files in " + TEST_FILES).isNotEmpty();
        return files;
    }

    @Test
    void ferryReadsTheSameContentTreeAsDsrdump() throws IOException {
        for (Path file : srFiles()) {
            ContentTree tree = ContentTree.read(DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet())
                    .orElseThrow();
            assertThat(DsrdumpNotation.lines(tree)).as(file.toString())
                    .containsExactlyElementsOf(DsrdumpNotation.lines(SrXml.dsrdump(file)));
            assertThat(tree.problems()).as(file.toString()).isEmpty();
        }
    }

    @Test
    void everyValueDsrdumpListsIsInTheSimplifiedTextUnderItsConceptName() throws IOException {
        for (Path file : srFiles()) {
            ContentTree tree = ContentTree.read(DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet())
                    .orElseThrow();
            Set<String> simplified = new LinkedHashSet<>();
            for (String line : tree.simplified().toText(0).split("\n")) {
                simplified.add(line.strip().replaceFirst(" \\[\\d+/\\d+\\]:", ":"));
            }
            int compared = 0;
            for (String line : SrXml.dsrdump(file).split("\n")) {
                Matcher m = VALUE_LINE.matcher(line.strip().replaceFirst(">\\s*\\{[^}]*\\}$", ">"));
                if (m.matches()) {
                    assertThat(simplified).as(file + ": " + line).contains(m.group(2) + ": " + plain(m.group(1),
                            m.group(3)));
                    compared++;
                }
            }
            assertThat(compared).as(file.toString()).isGreaterThan(5);
        }
    }

    /** dsrdump's value as the simplified text writes it. */
    private static String plain(String type, String value) {
        return switch (type) {
            // ="3" (cm,99_OFFIS_DCMTK,"Length Unit") → 3 Length Unit (not UCUM: the meaning)
            case "NUM" -> value.replaceFirst("^\"([^\"]*)\" \\([^,]*,[^,]*,\"([^\"]*)\"\\)$", "$1 $2");
            // =(2222,99_OFFIS_DCMTK,"Sample Code 1") → the meaning
            case "CODE" -> value.replaceFirst("^\\([^,]*,[^,]*,\"(.*)\"\\)$", "$1");
            default -> value.substring(1, value.length() - 1);
        };
    }
}
