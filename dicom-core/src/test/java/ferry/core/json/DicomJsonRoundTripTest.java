package ferry.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import ferry.core.testing.Peers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file pydicom ships that Ferry reads goes DataSet → DICOM JSON → DataSet and must come back with the same
 * elements, VRs and values. Expected normalisation, counted and printed but not a failure:
 * <ul>
 * <li>text that differs only in padding or spaces around values (a text value in JSON has none: "A \B" and
 *     "A\B" are the same values), and empty trailing PN groups ("Doe^John=" → "Doe^John");</li>
 * <li>group lengths (gggg,0000) are left out of DICOM JSON (PS3.18 §F.2.2);</li>
 * <li>a sequence read from a UN element of undefined length comes back as SQ;</li>
 * <li>a file whose non-ASCII text has no (0008,0005) comes back with ISO_IR 192 (UTF-8).</li>
 * </ul>
 * Everything else (binary values, numbers, IS and DS text, fragments) must be identical to the byte.
 */
class DicomJsonRoundTripTest {
    static final Path PYDICOM_DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");

    @Test
    void pydicomTestFilesSurviveAJsonRoundTrip() throws IOException {
        Peers.require(Files.isDirectory(PYDICOM_DATA.resolve("test_files")), "pydicom's test files ("
                + PYDICOM_DATA + ")", "apt-get install python3-pydicom");
        List<Path> files;
        try (Stream<Path> walk = Stream.concat(Files.list(PYDICOM_DATA.resolve("test_files")),
                Files.list(PYDICOM_DATA.resolve("charset_files")))) {
            files = walk.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            DataSet original;
            try {
                original = DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
            } catch (IOException | RuntimeException e) {
                System.out.println("skipped (Ferry does not read it): " + file.getFileName() + ": " + e.getMessage());
                continue;
            }
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            DicomJsonWriter.DEFAULT.write(original, json);
            DataSet back = DicomJsonReader.DEFAULT.read(new ByteArrayInputStream(json.toByteArray()));
            Comparison comparison = new Comparison();
            comparison.compare(original, back, "");
            checked++;
            System.out.printf("%-45s %4d identical, %3d normalised%s%n", file.getFileName(), comparison.identical,
                    comparison.normalised.size(), comparison.normalised.isEmpty() ? ""
                            : " " + comparison.normalised.subList(0, Math.min(3, comparison.normalised.size())));
            comparison.differences.forEach(d -> problems.add(file.getFileName() + ": " + d));
        }
        assertThat(checked).as("files checked").isGreaterThan(50);
        assertThat(problems).isEmpty();
    }

    /** Element-by-element comparison of an original data set and the one read back from its JSON. */
    static final class Comparison {
        int identical;
        final List<String> normalised = new ArrayList<>();
        final List<String> differences = new ArrayList<>();

        void compare(DataSet original, DataSet back, String path) {
            List<Integer> expectedTags = new ArrayList<>();
            for (int i = 0; i < original.size(); i++) {
                if (!Tag.isGroupLength(original.tagAt(i))) {
                    expectedTags.add(original.tagAt(i));
                } else {
                    normalised.add(path + Tag.toString(original.tagAt(i)) + " group length left out");
                }
            }
            for (int i = 0; i < back.size(); i++) {
                int tag = back.tagAt(i);
                if (!original.contains(tag)) {
                    if (tag == Tag.SPECIFIC_CHARACTER_SET && "ISO_IR 192".equals(back.getString(tag))) {
                        normalised.add(path + "(0008,0005) ISO_IR 192 added");
                    } else {
                        differences.add(path + Tag.toString(tag) + " appeared");
                    }
                }
            }
            for (int tag : expectedTags) {
                String where = path + Tag.toString(tag);
                if (!back.contains(tag)) {
                    differences.add(where + " is missing");
                    continue;
                }
                Value a = original.value(tag);
                Value b = back.value(tag);
                Vr expectedVr = a instanceof Sequence ? Vr.SQ : original.vr(tag);
                if (back.vr(tag) != expectedVr) {
                    differences.add(where + " VR " + original.vr(tag) + " came back as " + back.vr(tag));
                } else if (a instanceof Sequence s && b instanceof Sequence t) {
                    if (original.vr(tag) != Vr.SQ) {
                        normalised.add(where + " UN sequence came back as SQ");
                    }
                    if (s.size() != t.size()) {
                        differences.add(where + " has " + t.size() + " items instead of " + s.size());
                    } else {
                        for (int i = 0; i < s.size(); i++) {
                            compare(s.item(i), t.item(i), where + "[" + i + "].");
                        }
                    }
                } else if (a.equals(b)) {
                    identical++;
                } else if (a instanceof Bytes x && b instanceof Bytes y && expectedVr.kind() == Vr.Kind.TEXT
                        && texts(x, expectedVr, original).equals(texts(y, expectedVr, back))) {
                    normalised.add(where + " '" + original.getText(tag) + "'");
                } else {
                    differences.add(where + " " + original.vr(tag) + " " + a + " came back as " + b);
                }
            }
        }

        private static List<String> texts(Bytes value, Vr vr, DataSet dataSet) {
            List<String> values = new ArrayList<>(ValueStrings.split(value.bytes(), vr, dataSet.characterSet()));
            if (vr == Vr.PN) {
                values.replaceAll(v -> v.replaceAll("=+$", ""));
            }
            return values.stream().allMatch(String::isEmpty) ? List.of() : values;
        }
    }
}
