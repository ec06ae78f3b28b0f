package ferry.core.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ferry.core.testing.ModuleFiles;
import ferry.core.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked-in dictionary files are exactly what tools/generate_dictionary.py makes from this machine's tables. */
class DictionaryGeneratorTest {
    @Test
    void checkedInFilesMatchTheGenerator() throws IOException, InterruptedException {
        Result result = check(generator());

        assertThat(result.exitCode).as("generate_dictionary.py --check said:%n%s", result.output).isZero();
        assertThat(result.output).contains("up to date");
    }

    @Test
    void checkReportsFilesThatDiffer(@TempDir Path module) throws IOException, InterruptedException {
        Path script = Files.createDirectories(module.resolve("tools")).resolve("generate_dictionary.py");
        Files.copy(generator(), script);
        Path text = module.resolve("src/main/java/ferry/core/tag/DictionaryText.java");
        Files.createDirectories(text.getParent());
        Files.writeString(text, "// edited by hand\n");

        Result result = check(script);

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output).contains("out of date: src/main/java/ferry/core/tag/DictionaryText.java",
                "src/main/java/ferry/core/tag/Tags.java");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result check(Path script) throws IOException, InterruptedException {
        Path python = Peers.requireExecutable("/usr/bin/python3", "apt-get install python3");
        Peers.requireFile(Path.of("/usr/share/libdcmtk17/dicom.dic"), "apt-get install dcmtk");
        Peers.requireFile(Path.of("/usr/lib/python3/dist-packages/pydicom/_dicom_dict.py"),
                "apt-get install python3-pydicom");
        Peers.requireFile(Path.of("/usr/lib/python3/dist-packages/pydicom/_uid_dict.py"),
                "apt-get install python3-pydicom");
        Process process = new ProcessBuilder(python.toString(), script.toString(), "--check")
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("generator finished").isTrue();
        return new Result(process.exitValue(), output);
    }

    private static Path generator() {
        return ModuleFiles.find("tools/generate_dictionary.py");
    }
}
