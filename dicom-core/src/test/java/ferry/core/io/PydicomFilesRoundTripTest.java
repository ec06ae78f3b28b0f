package ferry.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PydicomFilesRoundTripTest {
    static final Path TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @Test
    void smoke() throws IOException {
        List<String> report = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEST_FILES)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    DicomFile f = DicomReader.read(file, ReadOptions.IN_MEMORY);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    DicomWriter.writeDataSet(out, f.dataSet(), f.transferSyntax());
                    byte[] original = Files.readAllBytes(file);
                    byte[] written = out.toByteArray();
                    boolean same = f.transferSyntax().deflated() || endsWith(original, written);
                    report.add((same ? "OK   " : "DIFF ") + file.getFileName() + " " + f.dataSet().size() + " "
                            + f.transferSyntax().uid() + " " + f.warnings());
                } catch (Exception e) {
                    report.add("FAIL " + file.getFileName() + " " + e);
                }
            }
        }
        report.forEach(System.out::println);
    }

    static boolean endsWith(byte[] whole, byte[] tail) {
        if (tail.length > whole.length) {
            return false;
        }
        return Arrays.equals(whole, whole.length - tail.length, whole.length, tail, 0, tail.length);
    }
}
