package ferry.router.journal;

import ferry.router.database.Database;
import ferry.router.database.PostgresDatabase;
import ferry.router.database.SqliteDatabase;
import ferry.router.testing.PostgresServer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process {@link JournalKillTest} kills: records objects from four threads until it is killed, and prints
 * {@code <id> <n>} for each object after {@link Journal#recordReceived} returned — as Ferry would then send the
 * C-STORE response. Arguments: the journal (an SQLite file, or {@code postgresql://127.0.0.1:PORT/NAME} of the
 * tests' PostgreSQL server, node {@code test}), the durability ({@code process} or {@code power}), the spool
 * directory (also the node's data directory).
 */
public final class JournalKillChild {

    private JournalKillChild() {
    }

    public static void main(String[] args) throws Exception {
        Durability durability = Durability.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
        Path spool = Path.of(args[2]);
        Database database;
        if (args[0].startsWith("postgresql://")) {
            PostgresDatabase.Address address = PostgresDatabase.Address.parse(args[0]);
            database = new PostgresDatabase(address.host(), address.port(), address.name(), PostgresServer.USER, null,
                    "disable", null, "test", spool);
        } else {
            database = new SqliteDatabase(Path.of(args[0]));
        }
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        AtomicLong next = new AtomicLong();
        Journal journal = Journal.open(database, durability);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    while (true) {
                        long n = next.getAndIncrement();
                        long id = journal.recordReceived(TestRecords.received(spool, n, List.of("mri")));
                        byte[] line = (id + " " + n + "\n").getBytes(StandardCharsets.US_ASCII);
                        synchronized (out) {
                            out.write(line); // one write(2) per line: a kill never leaves half a line
                        }
                    }
                } catch (IOException e) {
                    e.printStackTrace();
                    System.exit(2);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
