package ferry.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * A seeded mutation fuzzer for the PDU reader, bounded in iterations so it runs in every build (as
 * {@code ferry.core.io.ReaderFuzzTest} does for data sets). It mutates the golden PDUs, a request carrying every
 * user information sub-item and the dcmtk captures of the regression corpus with bit flips, hostile 32- and 16-bit
 * lengths (big endian, as in PDUs), truncation and splices, then reads the stream to its end with a bounded and
 * an unlimited maximum length. Reading may succeed or throw {@link PduFormatException} (with a located message)
 * or {@link EOFException}; anything else is a bug. What was read must re-encode to bytes that read back to the
 * same encoding. Each crash is saved under {@code target/fuzz-crashes/} and belongs in
 * {@code src/test/resources/pdu-fuzz-regressions/}, which {@link #regressionInputsNeverCrash()} replays.
 *
 * <p>More iterations: {@code -Dfuzz.iterations=100000}; another seed: {@code -Dfuzz.seed=N}.
 */
@Timeout(600) // a hang guard, not a performance bound
class PduReaderFuzzTest {
    static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 1000);
    static final long SEED = Long.getLong("fuzz.seed", 20261122L);
    static final int[] HOSTILE_LENGTHS = {0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, 0, 1, 2, 3, 4, 0x10000};

    @Test
    void mutatedPdusAreReadOrRejectedWithALocatedError() throws IOException {
        List<byte[]> seeds = seeds();
        Random random = new Random(SEED);
        List<String> crashes = new ArrayList<>();
        int runs = 0;
        for (int s = 0; s < seeds.size(); s++) {
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] input = mutate(seeds.get(s), random);
                String crash = crashOf(input, i % 2 == 0 ? 16384 : 0);
                runs++;
                if (crash != null) {
                    crashes.add("seed " + s + ", iteration " + i + ": " + crash + " -> " + save(input));
                }
            }
        }
        assertThat(runs).isEqualTo(seeds.size() * ITERATIONS);
        assertThat(crashes).as("inputs that crashed the PDU reader (fuzz seed %d)", SEED).isEmpty();
    }

    @Test
    void regressionInputsNeverCrash() throws IOException {
        List<Path> inputs;
        try (Stream<Path> files = Files.list(REGRESSIONS)) {
            inputs = files.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
        assertThat(inputs).isNotEmpty();
        for (Path input : inputs) {
            byte[] bytes = Files.readAllBytes(input);
            assertThat(crashOf(bytes, 16384)).as(input.toString()).isNull();
            assertThat(crashOf(bytes, 0)).as(input.toString()).isNull();
        }
    }

    /** Reads every PDU of {@code input}, re-encodes each; returns a description of any unexpected outcome. */
    static String crashOf(byte[] input, long maxPduLength) {
        PduReader reader = new PduReader(new ByteArrayInputStream(input), maxPduLength);
        try {
            for (int count = 0; count <= input.length / 6; count++) {
                Pdu pdu = reader.read();
                if (pdu == null) {
                    return null;
                }
                pdu.toString();
                pdu.hashCode();
                byte[] encoded = PduWriter.encode(pdu);
                Pdu again = new PduReader(new ByteArrayInputStream(encoded), 0).read();
                if (!Arrays.equals(PduWriter.encode(again), encoded)) {
                    return "re-encoding " + pdu + " is not stable";
                }
            }
            return "more PDUs than the input can hold: the reader loops";
        } catch (PduFormatException expected) {
            return expected.getMessage().contains(" at offset ") ? null : "unlocated: " + expected.getMessage();
        } catch (EOFException expected) {
            return null;
        } catch (Throwable t) {
            return t + " at " + Arrays.toString(Arrays.copyOf(t.getStackTrace(), 3));
        }
    }

    static byte[] mutate(byte[] seed, Random random) {
        return MUTATIONS.mutate(seed, random);
    }

    static final ferry.core.testing.Mutations MUTATIONS = new ferry.core.testing.Mutations(HOSTILE_LENGTHS, true);

    static final Path REGRESSIONS = Path.of("src/test/resources/pdu-fuzz-regressions");

    static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(REGRESSIONS)) {
            for (Path capture : files.filter(p -> p.getFileName().toString().startsWith("dcmtk-")).sorted().toList()) {
                seeds.add(Files.readAllBytes(capture)); // what a real peer sends
            }
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String golden : Golden.ALL) {
            byte[] bytes = Hex.bytes(golden);
            seeds.add(bytes);
            all.writeBytes(bytes);
        }
        seeds.add(all.toByteArray()); // a stream of PDUs one after the other
        AAssociateRq echo = Golden.ECHOSCU_RQ_RECORD;
        UserInformation everything = new UserInformation(16384, "1.2.3.4", "FUZZ",
                new AsyncOperationsWindow(3, 2),
                List.of(new RoleSelection("1.2.840.10008.5.1.4.1.1.4", false, true)),
                List.of(new ExtendedNegotiation("1.2.840.10008.5.1.4.1.2.2.1", new byte[] {1, 1, 0})),
                List.of(new CommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.88.22", "1.2.840.10008.4.2",
                        List.of("1.2.840.10008.5.1.4.1.1.88.11", "1.2.840.10008.5.1.4.1.1.88.33"))),
                new UserIdentityRq(2, true, "alice".getBytes(StandardCharsets.UTF_8),
                        "secret".getBytes(StandardCharsets.UTF_8)),
                null, List.of(new UnknownSubItem(0x5F, new byte[] {1, 2, 3})));
        seeds.add(PduWriter.encode(new AAssociateRq(1, "CALLED", "CALLING", echo.applicationContext(), List.of(
                new PresentationContextRq(1, "1.2.840.10008.1.1", List.of("1.2.840.10008.1.2")),
                new PresentationContextRq(3, "1.2.840.10008.5.1.4.1.1.4",
                        List.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2"))), everything)));
        seeds.add(PduWriter.encode(new AAssociateAc(1, "CALLED", "CALLING", echo.applicationContext(), List.of(
                new PresentationContextAc(1, PresentationContextAc.Result.ACCEPTANCE, "1.2.840.10008.1.2"),
                new PresentationContextAc(3, PresentationContextAc.Result.USER_REJECTION, null)),
                new UserInformation(0, "1.2.3.4", null, null, List.of(), List.of(), List.of(), null,
                        new UserIdentityAc(new byte[] {1, 2}), List.of()))));
        return seeds;
    }

    private static String save(byte[] input) {
        try {
            Path dir = Files.createDirectories(Path.of("target/fuzz-crashes"));
            Path file = dir.resolve("pdu-" + Integer.toHexString(Arrays.hashCode(input)) + ".bin");
            Files.write(file, input);
            return file.toString();
        } catch (IOException e) {
            return "(not saved: " + e + ")";
        }
    }
}
