package ferry.router.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import ferry.core.testing.Peers;
import ferry.core.testing.Pydicom;
import ferry.core.testing.ToolRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads files made by Ferry ({@code ferry make}) with the peers and checks they agree: dcmdump reads them without a word on
 * stderr, dciodvfy (dicom3tools) finds no error in them, and pydicom reads every element, recursively, with the
 * same value as Ferry's reader — text values, numbers, tags, and the SHA-256 of binary values and pixel data.
 */
public final class PeerReadback {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WALK;

    static {
        try (InputStream in = PeerReadback.class.getResourceAsStream("pydicom-walk.py")) {
            WALK = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PeerReadback() {
    }

    /** All three checks. */
    public static void assertReadAlike(Path file) {
        assertDcmdumpQuiet(file);
        assertValidIod(file);
        assertPydicomAgrees(file);
    }

    /** dcmdump reads the whole file, exit 0, nothing on stderr. */
    public static void assertDcmdumpQuiet(Path file) {
        Path dcmdump = Peers.requireExecutable("dcmdump", "apt-get install dcmtk");
        ToolRun run = ToolRun.run(dcmdump.toString(), "-q", "+E", file.toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.err()).as(run.describe()).isEmpty();
    }

    /** dciodvfy's errors: lines starting with "Error"; warnings are advice (DICOMDIR needs, empty type 2 values). */
    public static List<String> iodErrors(Path file) {
        Path dciodvfy = Peers.requireExecutable("dciodvfy", "apt-get install dicom3tools");
        ToolRun run = ToolRun.run(dciodvfy.toString(), file.toString());
        String text = run.out(StandardCharsets.UTF_8) + run.err();
        return text.lines().filter(line -> line.startsWith("Error")).toList();
    }

    /** dciodvfy finds no error. */
    public static void assertValidIod(Path file) {
        assertThat(iodErrors(file)).as("dciodvfy %s", file).isEmpty();
    }

    /** pydicom reads the same elements with the same values as Ferry, without warnings; its transfer syntax. */
    public static String assertPydicomAgrees(Path file) {
        Path python = Pydicom.requirePython();
        Path script;
        try {
            script = Files.createTempFile("pydicom-walk-", ".py");
            Files.writeString(script, WALK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ToolRun run = ToolRun.run(Duration.ofSeconds(60), List.of(python.toString(), script.toString(),
                    file.toString()));
            assertThat(run.exitCode()).as(run.describe()).isZero();
            JsonNode read = JSON.readTree(run.out(StandardCharsets.UTF_8));
            assertThat(read.get("warnings")).as("pydicom's warnings on %s", file).isEmpty();
            Map<String, JsonNode> theirs = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> i = read.get("elements").fields(); i.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = i.next();
                theirs.put(entry.getKey(), entry.getValue());
            }
            assertThat(ours(file)).as("pydicom's reading of %s", file).isEqualTo(theirs);
            return read.get("syntax").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(script);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    /** Ferry's reading of the data set in the shape of pydicom-walk.py's output. */
    public static Map<String, JsonNode> ours(Path file) throws IOException {
        DicomFile dicom = DicomReader.read(file, ReadOptions.IN_MEMORY);
        Map<String, JsonNode> elements = new TreeMap<>();
        walk(dicom.dataSet(), "", elements);
        return elements;
    }

    private static void walk(DataSet dataSet, String prefix, Map<String, JsonNode> out) {
        for (int i = 0; i < dataSet.size(); i++) {
            int tag = dataSet.tagAt(i);
            Vr vr = dataSet.vrAt(i);
            Value value = dataSet.valueAt(i);
            String path = prefix + String.format("%08X", tag);
            List<Object> entry = new ArrayList<>();
            entry.add(vr.name());
            if (value instanceof Sequence sequence) {
                entry.add(sequence.size());
                for (int item = 0; item < sequence.size(); item++) {
                    walk(sequence.item(item), path + "/" + item + "/", out);
                }
            } else if (value instanceof Fragments fragments) {
                entry.add(sha256(encapsulated(fragments)));
            } else {
                entry.add(values(dataSet, tag, vr, ((Bytes) value).bytes()));
            }
            try {
                out.put(path, JSON.readTree(JSON.writeValueAsString(entry))); // node types as JSON text gives them
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Object values(DataSet dataSet, int tag, Vr vr, byte[] bytes) {
        if (vr == Vr.AT) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            List<Integer> tags = new ArrayList<>();
            while (buffer.remaining() >= 4) {
                int group = buffer.getShort() & 0xFFFF;
                int element = buffer.getShort() & 0xFFFF;
                tags.add(Tag.of(group, element)); // standard groups: positive ints
            }
            return tags;
        }
        if (vr.kind() == Vr.Kind.TEXT) {
            return dataSet.getStrings(tag);
        }
        if (vr.kind() == Vr.Kind.BINARY) {
            List<Double> numbers = new ArrayList<>();
            for (double number : dataSet.getDoubles(tag)) {
                numbers.add(number);
            }
            return numbers;
        }
        return sha256(bytes);
    }

    /** The value of encapsulated Pixel Data as pydicom holds it: every item with its header, no delimiter. */
    private static byte[] encapsulated(Fragments fragments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Value item : fragments.items()) {
            byte[] bytes = ((Bytes) item).bytes();
            int length = bytes.length + (bytes.length & 1);
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFE)
                    .putShort((short) 0xE000).putInt(length).array());
            out.writeBytes(bytes);
            if ((bytes.length & 1) != 0) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
