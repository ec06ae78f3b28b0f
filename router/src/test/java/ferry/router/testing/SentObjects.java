package ferry.router.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The objects a test sent, by SOP Instance UID, to check the files that arrived somewhere against: each file read
 * back must hold, under the name of its SOP Instance UID, the data set bytes sent for that UID (the file meta group
 * may differ: Ferry and storescp write their own). Comparing bytes read back, not names, is what catches a stored
 * file that holds another object.
 */
public final class SentObjects {
    /** The name a store folder's default layout gives an object: {@code SOPInstanceUID.dcm}. */
    public static final Function<String, String> LAYOUT_NAME = sop -> sop + ".dcm";
    /** The name dcmtk's storescp gives an MR object: {@code MR.SOPInstanceUID}. */
    public static final Function<String, String> STORESCP_NAME = sop -> "MR." + sop;

    private final Map<String, byte[]> dataSets;

    private SentObjects(Map<String, byte[]> dataSets) {
        this.dataSets = dataSets;
    }

    /** The objects in {@code files}, each read once. */
    public static SentObjects of(List<Path> files) throws IOException {
        Map<String, byte[]> dataSets = new LinkedHashMap<>();
        for (Path file : files) {
            dataSets.put(sopInstanceUid(file), dataSetBytes(file));
        }
        return new SentObjects(dataSets);
    }

    /** The SOP Instance UIDs of the objects sent. */
    public Set<String> uids() {
        return dataSets.keySet();
    }

    /**
     * Checks every file under {@code folder}: it holds a sent object, byte for byte, under the name
     * {@code nameOf} gives its SOP Instance UID, and no object is there twice. Returns the files by SOP Instance UID.
     */
    public Map<String, Path> check(Path folder, Function<String, String> nameOf) throws IOException {
        Map<String, Path> found = new HashMap<>();
        for (Path file : files(folder)) {
            String sop = sopInstanceUid(file);
            assertThat(dataSets).as("%s holds an object that was sent", file).containsKey(sop);
            assertThat(file.getFileName().toString()).as("the name %s for the object it holds", file)
                    .isEqualTo(nameOf.apply(sop));
            assertThat(dataSetBytes(file)).as("the data set bytes of %s", file).isEqualTo(dataSets.get(sop));
            Path twice = found.put(sop, file);
            assertThat(twice).as("%s is in %s only once", sop, folder).isNull();
        }
        return found;
    }

    /** The SOP Instance UID in the data set of {@code file}. */
    public static String sopInstanceUid(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.DEFAULT.stoppingBefore(Tags.SOPInstanceUID + 1)).dataSet()
                .getString(Tags.SOPInstanceUID);
    }

    /** The bytes of the data set of {@code file}: all after its preamble and file meta group. */
    public static byte[] dataSetBytes(Path file) throws IOException {
        DicomFile read = DicomReader.read(file, ReadOptions.DEFAULT.stoppingBefore(Tags.SOPInstanceUID + 1));
        byte[] bytes = Files.readAllBytes(file);
        return Arrays.copyOfRange(bytes, (int) read.dataSetOffset(), bytes.length);
    }

    /** The regular files under {@code folder}, none when it does not exist. */
    public static List<Path> files(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The bytes of every regular file under {@code folder}, by its path relative to the folder, in name order. */
    public static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> contents = new TreeMap<>();
        for (Path file : files(folder)) {
            contents.put(folder.relativize(file).toString(), Files.readAllBytes(file));
        }
        return contents;
    }
}
