package ferry.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.data.ValueFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A seeded mutation fuzzer for the reader, bounded in iterations so it runs in every build. It mutates real
 * files (Debian's pydicom test files when present, and files made here) with bit flips, hostile length fields,
 * truncation and splices, then reads each with a known and an unknown length. Reading may succeed or throw
 * {@link DicomParseException}; anything else is a bug. Each crash is saved under {@code target/fuzz-crashes/} and
 * belongs in {@code src/test/resources/fuzz-regressions/}, which {@link #regressionInputsNeverCrash()} replays.
 *
 * <p>More iterations: {@code -Dfuzz.iterations=5000}; another seed: {@code -Dfuzz.seed=N}.
 */
@Timeout(600) // a hang guard, not a performance bound
class ReaderFuzzTest {
    static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 150);
    static final long SEED = Long.getLong("fuzz.seed", 20261122L);
    static final int[] HOSTILE_LENGTHS = {0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, 0, 1, 3, 0x10000};

    @Test
    void mutatedFilesAreReadOrRejectedWithAParseError() throws IOException {
        List<byte[]> seeds = seeds();
        Random random = new Random(SEED);
        List<String> crashes = new ArrayList<>();
        int runs = 0;
        for (int s = 0; s < seeds.size(); s++) {
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] input = mutate(seeds.get(s), random);
                String crash = crashOf(input, i % 2 == 0);
                runs++;
                if (crash != null) {
                    crashes.add("seed file " + s + ", iteration " + i + ": " + crash + " -> " + save(input));
                }
            }
        }
        assertThat(runs).isEqualTo(seeds.size() * ITERATIONS);
        assertThat(crashes).as("inputs that crashed the reader (fuzz seed %d)", SEED).isEmpty();
    }

    @Test
    void regressionInputsNeverCrash() throws IOException {
        Path dir = Path.of("src/test/resources/fuzz-regressions");
        List<Path> inputs;
        try (Stream<Path> files = Files.list(dir)) {
            inputs = files.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
        for (Path input : inputs) {
            byte[] bytes = Files.readAllBytes(input);
            assertThat(crashOf(bytes, true)).as(input.toString()).isNull();
            assertThat(crashOf(bytes, false)).as(input.toString()).isNull();
        }
    }

    /** Reads, looks at every value and writes back; returns a description of any unexpected throwable. */
    static String crashOf(byte[] input, boolean knownLength) {
        try {
            DicomFile file = knownLength ? DicomReader.read(input, ReadOptions.IN_MEMORY)
                    : DicomReader.read(new ByteArrayInputStream(input), ReadOptions.IN_MEMORY);
            touchEveryValue(file.dataSet());
            try {
                DicomWriter.writeDataSet(OutputStream.nullOutputStream(), file.dataSet(), file.transferSyntax());
            } catch (IllegalArgumentException documented) {
                // fragments cannot be written in a native transfer syntax: a documented refusal
            }
            return null;
        } catch (DicomParseException expected) {
            return expected.getMessage().startsWith("at offset ") ? null : "unlocated " + expected.getMessage();
        } catch (Throwable t) {
            return t.toString() + " at " + Arrays.toString(Arrays.copyOf(t.getStackTrace(), 3));
        }
    }

    private static void touchEveryValue(DataSet dataSet) {
        for (int i = 0; i < dataSet.size(); i++) {
            int tag = dataSet.tagAt(i);
            try {
                dataSet.getStrings(tag);
            } catch (ValueFormatException documented) {
                // a value that is not what its VR says: a documented, located error
            }
            if (dataSet.valueAt(i) instanceof Sequence sequence) {
                sequence.items().forEach(ReaderFuzzTest::touchEveryValue);
            }
        }
    }

    static byte[] mutate(byte[] seed, Random random) {
        return MUTATIONS.mutate(seed, random);
    }

    static final ferry.core.testing.Mutations MUTATIONS = new ferry.core.testing.Mutations(HOSTILE_LENGTHS, false);

    private static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(HostileInputTest.sampleFile());
        if (Files.isDirectory(PYDICOM_FILES)) {
            try (Stream<Path> files = Files.walk(PYDICOM_FILES)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    byte[] bytes = Files.readAllBytes(file);
                    // Headers and small files: the parser's decisions are there, pixel bytes only cost time.
                    seeds.add(Arrays.copyOf(bytes, Math.min(bytes.length, 16 * 1024)));
                }
            }
        }
        return seeds;
    }

    private static String save(byte[] input) {
        try {
            Path dir = Files.createDirectories(Path.of("target/fuzz-crashes"));
            Path file = dir.resolve(Integer.toHexString(Arrays.hashCode(input)) + ".bin");
            Files.write(file, input);
            return file.toString();
        } catch (IOException e) {
            return "(not saved: " + e + ")";
        }
    }
}
