package ferry.router.cli;

import ferry.router.run.FerryVersion;
import picocli.CommandLine.IVersionProvider;

/** What {@code ferry --version} prints: the {@link FerryVersion} and the Java runtime. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "ferry " + FerryVersion.version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
