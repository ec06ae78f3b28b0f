package ferry.router.testing;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.receive.RouteConfig;
import ferry.router.receive.Routing;
import ferry.router.receive.Spool;
import ferry.router.rules.RoutingTable;
import ferry.router.storage.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The core a received object goes through, as Ferry builds it from a configuration but without listeners: the
 * configuration (its {@code routes:} and {@code destinations:} from YAML, the data directory {@code data} made), the
 * journal at a durability, the spool recording in it, and the routing. Closing closes the spool, then the journal.
 */
public final class ReceiveCore implements AutoCloseable {
    public final FerryConfig config;
    public final Journal journal;
    public final Spool spool;
    public final Routing routing;

    private ReceiveCore(FerryConfig config, Journal journal, Spool spool, Routing routing) {
        this.config = config;
        this.journal = journal;
        this.spool = spool;
        this.routing = routing;
    }

    /** The core of {@code yaml} ({@code routes:} and more) in {@code dir}, at {@code durability}. */
    public static ReceiveCore open(Path dir, Durability durability, String yaml) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path file = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\ndurability: "
                + durability.name().toLowerCase(Locale.ROOT) + "\nmin-free-disk: 0\nlisteners: []\n" + yaml);
        FerryConfig config;
        try {
            config = ConfigLoader.load(file);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Journal journal = Journal.open(config.journalFile(), config.durability());
        Spool spool = new Spool(config.spoolDirectory(), journal);
        RoutingTable table = new RoutingTable(config.routes().stream().map(RouteConfig::rule).toList(),
                new ConfigProblems());
        Routing routing = Routing.of(table, config.routes(), config.unroutedDirectory(),
                new Placement(journal.policy()), config.index(), System::getenv);
        return new ReceiveCore(config, journal, spool, routing);
    }

    /** The header of a spooled file as the store actions read it (up to the tags the routing needs). */
    public DataSet header(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.DEFAULT.stoppingBefore(routing.stopBefore())).dataSet();
    }

    @Override
    public void close() throws IOException {
        spool.close();
        journal.close();
    }
}
