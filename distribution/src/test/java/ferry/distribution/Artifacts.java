package ferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the build put the artifacts under test (system properties set by the module's pom). */
final class Artifacts {
    private Artifacts() {
    }

    static Path tarball() {
        return existing(Path.of(System.getProperty("dist.tarball")));
    }

    /** The folder at the top of the tarball, {@code ferry-VERSION}. */
    static String tarballFolder() {
        return System.getProperty("dist.name");
    }

    /** The runtime jars the packages carry. */
    static Path lib() {
        return existing(Path.of(System.getProperty("dist.lib")));
    }

    /** The one {@code ferry_VERSION_all.deb} of this build. */
    static Path deb() throws java.io.IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("dist.directory")))) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("ferry_.+_all\\.deb")).toList();
            assertThat(debs).as("the Debian package of this build").hasSize(1);
            return debs.get(0);
        }
    }

    /** The repository's root (the distribution module's parent). */
    static Path repository() {
        return Path.of(System.getProperty("dist.directory")).toAbsolutePath().getParent().getParent();
    }

    private static Path existing(Path file) {
        assertThat(file).as("built by mvn package").exists();
        return file;
    }
}
