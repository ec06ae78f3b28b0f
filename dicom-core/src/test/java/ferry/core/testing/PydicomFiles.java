package ferry.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The DICOM files of Debian's python3-pydicom, the test data many tests read with Ferry and its peers. */
public final class PydicomFiles {
    /** Where Debian installs pydicom's data. */
    public static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");

    /**
     * The files holding values that break rules of the standard a maker checks (ferry make refuses them unless
     * lenient), and which: the files are as they are, and are read all the same.
     */
    public static final Map<String, String> BREAKING_RULES = Map.of(
            "test_files/ExplVR_BigEnd.dcm", "StudyDate '1997.04.24' and StudyTime '14:04:38' in ACR-NEMA forms",
            "test_files/UN_sequence.dcm", "private element (4453,100C) without its private creator",
            "test_files/badVR.dcm", "NumberOfFrames '1A' is no IS; a UID component '0123'",
            "test_files/rtdose.dcm", "a UID component '0123' with a leading zero",
            "test_files/rtdose_1frame.dcm", "a UID component '0123' with a leading zero",
            "test_files/rtdose_expb.dcm", "a UID component '0123' with a leading zero",
            "test_files/rtdose_expb_1frame.dcm", "a UID component '0123' with a leading zero",
            "test_files/waveform_ecg.dcm", "private elements (7001,1131)... without their private creator");

    private PydicomFiles() {
    }

    /**
     * pydicom's test_files (recursively, dicomdirtests included) and charset_files, sorted; skips or fails the test
     * as {@link Peers#require} does when pydicom is not installed.
     */
    public static List<Path> all() {
        Peers.require(Files.isDirectory(DATA.resolve("test_files")), "pydicom's test files in " + DATA,
                "apt-get install python3-pydicom");
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("test_files", "charset_files")) {
            try (Stream<Path> walk = Files.walk(DATA.resolve(dir))) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The file's name relative to {@link #DATA}, such as {@code test_files/CT_small.dcm}. */
    public static String name(Path file) {
        return DATA.relativize(file).toString();
    }
}
