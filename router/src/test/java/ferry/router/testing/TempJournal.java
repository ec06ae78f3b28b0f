package ferry.router.testing;

import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real journal (durability {@code process}) in a folder of its own for each test, closed and deleted after it, for
 * the tests of the stores that keep their tables in it:
 * {@code @RegisterExtension final TempJournal journal = new TempJournal();}, then {@code journal.get()}. Its database is
 * an SQLite file, or a fresh PostgreSQL database when the store tests run on PostgreSQL ({@link TestDatabase}).
 */
public final class TempJournal implements BeforeEachCallback, AfterEachCallback {
    private Path folder;
    private Journal journal;

    /** The journal of the running test. */
    public Journal get() {
        if (journal == null) {
            throw new IllegalStateException("no test is running");
        }
        return journal;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory("ferry-journal-");
        journal = Journal.open(TestDatabase.fresh(folder), Durability.PROCESS);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            journal.close();
        } finally {
            journal = null;
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
