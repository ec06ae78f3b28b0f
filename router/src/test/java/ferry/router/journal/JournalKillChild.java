package ferry.router.journal;

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
 * C-STORE response. Arguments: the journal file, the durability ({@code process} or {@code power}), the spool
 * directory.
 */
public final class JournalKillChild {

    private JournalKillChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Durability durability = Durability.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
        Path spool = Path.of(args[2]);
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        AtomicLong next = new AtomicLong();
        Journal journal = Journal.open(file, durability);
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
