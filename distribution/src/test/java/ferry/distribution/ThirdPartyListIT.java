package ferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** THIRD-PARTY.md names every library the packages carry, at the version they carry, with its licence. */
class ThirdPartyListIT {
    private static final Pattern JAR = Pattern.compile("(.+)-(\\d[^-]*(?:-SNAPSHOT)?)\\.jar");

    @Test
    void everyBundledLibraryIsListedWithItsVersionAndLicence() throws IOException {
        String list = Files.readString(Artifacts.repository().resolve("THIRD-PARTY.md"));
        List<String> missing = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Artifacts.lib())) {
            for (Path jar : jars.toList()) {
                Matcher name = JAR.matcher(jar.getFileName().toString());
                assertThat(name.matches()).as(jar.getFileName().toString()).isTrue();
                String artifact = name.group(1);
                if (List.of("dicom-core", "dicom-net", "router").contains(artifact)) {
                    continue; // Ferry's own
                }
                Matcher row = Pattern.compile("(?m)^\\| " + Pattern.quote(artifact) + " \\| "
                        + Pattern.quote(name.group(2)) + " \\| [^|]*\\S[^|]* \\|").matcher(list);
                if (!row.find()) {
                    missing.add(artifact + " " + name.group(2));
                }
            }
        }
        assertThat(missing).as("libraries in lib/ without their row in THIRD-PARTY.md").isEmpty();
    }
}
