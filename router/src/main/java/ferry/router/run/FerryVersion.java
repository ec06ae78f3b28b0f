package ferry.router.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Ferry's version: the Maven project version, taken from {@code version.properties} (filled in by resource
 * filtering, so it is the same from the jar and from {@code target/classes}). {@code ferry --version}, the status
 * report and backups show it.
 */
public final class FerryVersion {
    private static final String RESOURCE = "version.properties";

    private FerryVersion() {
    }

    /** The Ferry version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        try (InputStream in = FerryVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing next to " + FerryVersion.class.getName());
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
