package ferry.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ferry.router.config.yaml.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code dicomweb:} settings (docs/configuration.md#dicomweb): defaults, AE titles, {@code off}, mistakes. */
class DicomWebConfigTest {
    @TempDir
    Path dir;

    private FerryConfig load(String yaml) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("ferry.yaml"), yaml));
    }

    @Test
    void objectsStoredOverHttpCarryDicomwebCalledByStowRsUnlessTheFileSaysOtherwise() throws Exception {
        assertThat(load("index: on\n").dicomWeb()).isEqualTo(new DicomWebConfig(true, "DICOMWEB", "STOW-RS"));
        assertThat(load("dicomweb: {called-ae-title: UPLOADS, calling-ae-title: ' WEB '}\n").dicomWeb())
                .isEqualTo(new DicomWebConfig(true, "UPLOADS", "WEB"));
        assertThat(load("dicomweb: off\n").dicomWeb().enabled()).isFalse();
    }

    @Test
    void aTitleThatIsNoAeTitleAndAnUnknownSettingAreEachNamed() {
        Throwable thrown = catchThrowable(() -> load("dicomweb:\n  called-ae-title: THIS-IS-FAR-TOO-LONG\n"
                + "  colour: red\n"));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) thrown).problems()).extracting(Object::toString).anySatisfy(problem ->
                assertThat(problem).contains("line 2").contains("is not an AE title"))
                .anySatisfy(problem -> assertThat(problem).contains("colour"));
        assertThat(catchThrowable(() -> load("dicomweb: maybe\n"))).hasMessageContaining("expected on, off");
    }

    @Test
    void aReloadChangesTheAeTitlesButNotWhetherDicomwebIsServed() throws Exception {
        FerryConfig running = load("index: on\n");
        FerryConfig next = load("dicomweb: {called-ae-title: UPLOADS}\n");
        assertThat(running.startSettingsChangedIn(next)).isEmpty();
        assertThat(next.withStartSettingsOf(running).dicomWeb().calledAeTitle()).isEqualTo("UPLOADS");
        FerryConfig off = load("dicomweb: off\n");
        assertThat(running.startSettingsChangedIn(off)).containsExactly("dicomweb stays on (the file now says off)");
        assertThat(off.withStartSettingsOf(running).dicomWeb().enabled()).isTrue();
    }
}
