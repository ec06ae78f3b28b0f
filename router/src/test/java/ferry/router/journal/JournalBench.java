package ferry.router.journal;

import ferry.router.receive.Spool;
import ferry.router.testing.SpooledFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The journal's micro-benchmark (not a test; run by bench/journal.sh): records/s with 1, 4 and 16 threads calling
 * {@link Journal#recordReceived} at both durability levels, its mean latency, and how group commit batches them.
 * Each record's spool file (8 KiB) is written just before, as the receive pipeline does, and made durable by the
 * spool meanwhile ({@link Spool#syncing}), so at {@code power} its fsync has real work.
 * Arguments: [directory for the journals] [seconds per run].
 */
public final class JournalBench {

    private static final int SPOOL_SIZE = 8192;

    private JournalBench() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("journal-bench");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        Files.createDirectories(base);
        run(base.resolve("warm-up"), Durability.PROCESS, 4, 1);
        for (Durability durability : Durability.values()) {
            for (int threads : new int[] {1, 4, 16}) {
                Path dir = base.resolve(durability.name().toLowerCase(Locale.ROOT) + "-" + threads);
                System.out.println(run(dir, durability, threads, seconds));
            }
        }
    }

    private static String run(Path dir, Durability durability, int threads, double seconds) throws Exception {
        Files.createDirectories(dir.resolve("spool"));
        AtomicLong next = new AtomicLong();
        LongAdder recordingNanos = new LongAdder();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        CommitStats stats;
        long fileSyncs;
        long folderSyncs;
        try (Journal journal = Journal.open(dir.resolve("journal.db"), durability);
             Spool spool = new Spool(dir.resolve("spool"), journal)) {
            List<Thread> workers = new ArrayList<>();
            List<Exception> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            ReceivedRecord record = TestRecords.received(
                                    dir.resolve("spool"), next.getAndIncrement(), List.of("mri"), SPOOL_SIZE);
                            long before = System.nanoTime();
                            journal.recordReceived(record, spool.syncing(SpooledFiles.of(record, false)));
                            recordingNanos.add(System.nanoTime() - before);
                        }
                    } catch (IOException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            stats = journal.commitStats();
            fileSyncs = spool.fileSyncs();
            folderSyncs = spool.folderSyncs();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        deleteTree(dir);
        return String.format(Locale.ROOT,
                "durability %-7s %2d threads: %6.0f records/s  recordReceived %6.0f µs  %5.2f records/transaction"
                        + "  %4.2f fsyncs/record (spool %d, directory %d, receipt log %d, database log %d for %d records)",
                durability.name().toLowerCase(Locale.ROOT), threads, stats.objects() / elapsed,
                recordingNanos.sum() / 1e3 / stats.objects(),
                (double) stats.objects() / stats.transactions(),
                stats.fsyncsPerObject() + (double) (fileSyncs + folderSyncs) / stats.objects(), fileSyncs,
                folderSyncs, stats.receiptSyncs(), stats.logSyncs(), stats.objects());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
