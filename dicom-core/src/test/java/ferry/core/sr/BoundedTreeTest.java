package ferry.core.sr;

import static ferry.core.sr.SrDataSets.child;
import static ferry.core.sr.SrDataSets.document;
import static ferry.core.sr.SrDataSets.measured;
import static ferry.core.sr.SrDataSets.reference;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deep and cyclic trees stay bounded: 50 levels are read whole (and agree with dsrdump), 10,000 levels are cut at
 * {@link ContentTree#MAX_DEPTH} with a marker instead of a StackOverflowError, and by-reference cycles are kept as
 * references, never followed.
 */
class BoundedTreeTest {
    @TempDir
    Path dir;

    /** An SR document whose root holds a chain of {@code levels - 1} nested containers, a NUM at the bottom. */
    static DataSet chain(int levels) {
        DataSet root = document("Deep Report");
        DataSet item = root;
        for (int level = 2; level <= levels; level++) {
            item = child(item, "CONTAINS", "CONTAINER", "Level " + level);
            item.setString(Tags.ContinuityOfContent, Vr.CS, "SEPARATE");
        }
        DataSet num = child(item, "CONTAINS", "NUM", "Depth");
        measured(num, "42.5", "mm");
        return root;
    }

    @Test
    void aFiftyLevelTreeIsReadWholeAndAgreesWithDsrdump() throws IOException {
        Path file = dir.resolve("deep50.dcm");
        DicomWriter.writeFile(file, new DataSet(), chain(50), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        ContentTree tree = ContentTree.read(DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet()).orElseThrow();
        assertThat(tree.problems()).isEmpty();
        Measurement depth = tree.measurements().get(0);
        assertThat(depth.names()).hasSize(50).endsWith("Level 50", "Depth");
        assertThat(depth.value()).isEqualTo(new BigDecimal("42.5"));
        assertThat(depth.position()).isEqualTo("1" + ".1".repeat(50));
        assertThat(tree.simplified().toJson()).endsWith("{\"Level 50\":{\"Depth\":{\"value\":42.5,\"unit\":\"mm\"}}"
                + "}".repeat(49) + "}");
        assertThat(DsrdumpNotation.lines(tree)).containsExactlyElementsOf(DsrdumpNotation.lines(SrXml.dsrdump(file)));
    }

    @Test
    void aTenThousandLevelTreeIsCutAtSixtyFourLevelsWithAMarker() {
        ContentTree tree = ContentTree.read(chain(10_000)).orElseThrow();
        assertThat(tree.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.position()).isEqualTo("1" + ".1".repeat(64));
            assertThat(problem.reason()).startsWith("content deeper than 64 levels left out (1 item(s) at level 65");
        });
        ContentItem item = tree.root();
        for (int level = 1; level < ContentTree.MAX_DEPTH; level++) {
            item = item.children().get(0);
        }
        assertThat(item.name()).isEqualTo("Level 64");
        assertThat(item.children()).singleElement().satisfies(cut -> {
            assertThat(cut.value()).isInstanceOf(ContentValue.Problem.class);
            assertThat(cut.children()).isEmpty();
        });
        // every form is made without a StackOverflowError, and says where the content was cut
        assertThat(tree.measurements()).isEmpty();
        assertThat(tree.simplified().toJson()).contains("{\"Level 64\":{\"(problem)\":{\"(problem)\":\"content deeper");
        String text = tree.simplified().toText(0);
        assertThat(text.lines()).hasSize(65);
        assertThat(text).contains("Level 64\n" + "  ".repeat(64) + "(problem): (problem) content deeper than 64");
    }

    @Test
    void referencesToAnAncestorOrToNothingAreKeptAsReferencesAndReported() {
        DataSet root = document("Cyclic Report");
        DataSet finding = child(root, "CONTAINS", "TEXT", "Finding");
        finding.setString(Tags.TextValue, Vr.UT, "a mass");
        reference(finding, "INFERRED FROM", 1);       // 1.1.1 → the root, which holds it
        reference(finding, "INFERRED FROM", 1, 1);    // 1.1.2 → its own parent
        reference(finding, "INFERRED FROM", 1, 1, 2); // 1.1.3 → a reference
        reference(root, "CONTAINS", 1, 9, 9);         // 1.2 → nothing
        ContentTree tree = ContentTree.read(root).orElseThrow();

        assertThat(tree.problems()).extracting(ContentTree.Problem::toString).containsExactly(
                "content item 1.1.1: refers to 1, which contains it: a cycle, not followed",
                "content item 1.1.2: refers to 1.1, which contains it: a cycle, not followed",
                "content item 1.2: refers to 1.9.9, which is not in the tree");
        assertThat(tree.root().children().get(0).children()).extracting(ContentItem::value).containsExactly(
                new ContentValue.Reference("1"), new ContentValue.Reference("1.1"),
                new ContentValue.Reference("1.1.2"));
        assertThat(tree.simplified().toJson()).isEqualTo("{\"Cyclic Report\":{\"Finding\":{\"value\":\"a mass\","
                + "\"(reference)\":[\"1\",\"1.1\",\"1.1.2\"]},\"(reference)\":\"1.9.9\"}}");
    }

    @Test
    void theSimplifiedFormOfAWideTreeListsRepeatedNamesInOrder() {
        DataSet root = document("Wide Report");
        for (int i = 0; i < 1000; i++) {
            measured(child(root, "CONTAINS", "NUM", "Length"), Integer.toString(i), "mm");
        }
        ContentTree tree = ContentTree.read(root).orElseThrow();
        List<Measurement> measurements = tree.measurements();
        assertThat(measurements).hasSize(1000);
        assertThat(measurements.get(999).value()).isEqualTo(BigDecimal.valueOf(999));
        assertThat(tree.simplified().root().fields()).singleElement()
                .satisfies(field -> assertThat(field.nodes()).hasSize(1000));
    }
}
