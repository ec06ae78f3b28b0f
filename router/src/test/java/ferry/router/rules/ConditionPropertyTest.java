package ferry.router.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.config.yaml.ConfigProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random headers against random conditions: testing never throws, {@code not} is the opposite, and a header cut
 * at {@code stopBefore} gives the same answer as the whole header.
 */
class ConditionPropertyTest {
    private static final int[] TAGS = {Tags.SpecificCharacterSet, Tags.ImageType, Tags.StudyDate, Tags.StudyTime,
        Tags.Modality, Tags.StudyDescription, Tags.PatientName, Tags.PatientID, Tags.SliceThickness,
        Tags.EchoNumbers, Tags.SeriesNumber, Tags.Rows, Tags.RequestAttributesSequence,
        Tag.of(0x0019, 0x0010), Tag.of(0x0019, 0x0011), Tag.of(0x0019, 0x100C), Tag.of(0x0019, 0x110C),
        Tags.PixelData};
    private static final Vr[] VRS = Vr.values();
    private static final String[] KEYS = {"Modality", "PatientID", "PatientName", "ImageType", "StudyDate",
        "StudyTime", "SliceThickness", "EchoNumbers", "SeriesNumber", "Rows", "'(0019,\"SIEMENS MR HEADER\",0C)'",
        "'(0019,100C)'", "RequestAttributesSequence.RequestedProcedureID", "RequestAttributesSequence",
        "SpecificCharacterSet", "PixelData"};
    private static final String[] WORDS = {"MR", "CT", "1", "+2", "1.5", "-3e2", "20240315", "0930", "M*", "?",
        "*", "Doe^J*", "ORIGINAL", "é", "\\\\", "A\\\\B"};
    private static final String[] CHARSETS = {"ISO_IR 100", "ISO_IR 192", "ISO 2022 IR 87", "GB18030", "NONSENSE",
        "\\ISO 2022 IR 149"};

    @Test
    void randomConditionsOnRandomHeadersNeverThrowAndAgreeWithTheirNegationAndTheirCut() {
        Random random = new Random(20240315);
        int checked = 0;
        int matched = 0;
        for (int round = 0; round < 3000; round++) {
            DataSet header = randomDataSet(random, 0);
            String yaml = "{" + randomCondition(random, 0) + "}";
            ConfigProblems problems = new ConfigProblems();
            Condition condition = Condition.parse(Rules.yaml(yaml), problems);
            if (!problems.isEmpty()) {
                continue;
            }
            checked++;
            RoutingInput input = Rules.input("CALLER" + random.nextInt(3), "FERRY", "10.0.0." + random.nextInt(3),
                    header);
            boolean result = condition.test(input);
            matched += result ? 1 : 0;
            assertThat(new Condition.Not(condition).test(input)).as(yaml).isEqualTo(!result);
            assertThat(condition.test(Rules.input("CALLER", "FERRY", "10.0.0.1", cut(header,
                    condition.stopBefore())))).as("%s cut before %08X", yaml, condition.stopBefore())
                    .isEqualTo(condition.test(Rules.input("CALLER", "FERRY", "10.0.0.1", header)));
        }
        assertThat(checked).as("most random conditions are valid").isGreaterThan(1500);
        assertThat(matched).as("conditions that held").isBetween(checked / 10, checked - checked / 10);
    }

    private static DataSet cut(DataSet header, int stopBefore) {
        DataSet cut = new DataSet();
        for (int i = 0; i < header.size(); i++) {
            if (Integer.compareUnsigned(header.tagAt(i), stopBefore) < 0) {
                cut.put(header.tagAt(i), header.vrAt(i), header.valueAt(i));
            }
        }
        return cut;
    }

    private static DataSet randomDataSet(Random random, int depth) {
        DataSet ds = new DataSet();
        int count = random.nextInt(TAGS.length);
        for (int i = 0; i < count; i++) {
            int tag = TAGS[random.nextInt(TAGS.length)];
            Vr vr = random.nextInt(3) == 0 ? VRS[random.nextInt(VRS.length)] : null;
            if (tag == Tags.RequestAttributesSequence && depth < 2 && random.nextBoolean()) {
                Sequence sequence = ds.newSequence(tag);
                for (int j = random.nextInt(3); j > 0; j--) {
                    sequence.add(randomDataSet(random, depth + 1));
                }
            } else if (tag == Tags.SpecificCharacterSet) {
                ds.setString(tag, Vr.CS, CHARSETS[random.nextInt(CHARSETS.length)]);
            } else if (vr == null || vr == Vr.SQ) {
                ds.setString(tag, Vr.LO, randomText(random));
            } else {
                byte[] bytes = new byte[random.nextInt(12)];
                random.nextBytes(bytes);
                ds.setBytes(tag, vr, bytes);
            }
        }
        if (random.nextBoolean()) {
            ds.setString(Tag.of(0x0019, 0x0010 + random.nextInt(2)), Vr.LO, "SIEMENS MR HEADER");
        }
        return ds;
    }

    private static String randomText(Random random) {
        List<String> values = new ArrayList<>();
        for (int i = random.nextInt(3); i >= 0; i--) {
            values.add(WORDS[random.nextInt(WORDS.length)].replace("\\\\", "\\"));
        }
        return String.join("\\", values);
    }

    private static String randomCondition(Random random, int depth) {
        int kind = random.nextInt(depth > 2 ? 6 : 9);
        return switch (kind) {
            case 0 -> "called: " + randomValue(random);
            case 1 -> "calling: " + randomValue(random);
            case 2 -> "peer: " + (random.nextBoolean() ? "10.0.0.0/31" : "'::1'");
            case 3, 4, 5 -> KEYS[random.nextInt(KEYS.length)] + ": " + randomValue(random);
            case 6 -> "not: {" + randomCondition(random, depth + 1) + "}";
            case 7 -> "all: [{" + randomCondition(random, depth + 1) + "}, {" + randomCondition(random, depth + 1)
                    + "}]";
            default -> "any: [{" + randomCondition(random, depth + 1) + "}, {" + randomCondition(random, depth + 1)
                    + "}]";
        };
    }

    private static String randomValue(Random random) {
        String word = "'" + WORDS[random.nextInt(WORDS.length)] + "'";
        return switch (random.nextInt(10)) {
            case 0 -> "[" + word + ", 'CT']";
            case 1 -> "{equals: " + word + "}";
            case 2 -> "{regex: '^[A-Z]+$'}";
            case 3 -> "{'>': " + (random.nextInt(20) - 5) + "}";
            case 4 -> "{between: [1, " + random.nextInt(30) + "]}";
            case 5 -> "{present: " + random.nextBoolean() + "}";
            case 6 -> "{not: " + word + "}";
            case 7 -> "{'<=': 20240101}";
            default -> word;
        };
    }
}
