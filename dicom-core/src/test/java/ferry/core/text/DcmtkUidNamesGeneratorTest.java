package ferry.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.ModuleFiles;
import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checked-in {@link DcmtkUidNames} is what {@code tools/generate_dcmtk_uid_names.py} makes with this machine's
 * dcmtk and pydicom, and names what dcmdump prints.
 */
class DcmtkUidNamesGeneratorTest {
    @Test
    void checkedInTableMatchesTheGenerator() {
        Path python = Peers.requireExecutable("/usr/bin/python3", "apt-get install python3");
        Peers.requireExecutable("dcmdump", "apt-get install dcmtk");
        Peers.requireFile(Path.of("/usr/lib/python3/dist-packages/pydicom/_uid_dict.py"),
                "apt-get install python3-pydicom");

        ToolRun run = ToolRun.run(Duration.ofSeconds(120), List.of(python.toString(), generator().toString(),
                "--check"));

        assertThat(run.exitCode()).as(run.out(Charset.defaultCharset()) + run.err()).isZero();
        assertThat(run.out(Charset.defaultCharset())).contains("up to date");
    }

    @Test
    void namesWhatDcmdumpPrints() {
        assertThat(DcmtkUidNames.uid("LittleEndianExplicit")).contains("1.2.840.10008.1.2.1");
        assertThat(DcmtkUidNames.uid("SecondaryCaptureImageStorage")).contains("1.2.840.10008.5.1.4.1.1.7");
        assertThat(DcmtkUidNames.uid("JPEGFullProgression:Non-hierarchical:Process10+12"))
                .contains("1.2.840.10008.1.2.4.55");
        assertThat(DcmtkUidNames.uid("ExplicitVRLittleEndian")).isEmpty(); // the DICOM keyword, not dcmtk's name
    }

    private static Path generator() {
        return ModuleFiles.find("tools/generate_dcmtk_uid_names.py");
    }
}
