package ferry.router.journal;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("database")
class JournalConcurrencyTest {

    private static final int THREADS = 16;
    private static final int PER_THREAD = 500;

    @TempDir
    Path dir;

    @Test
    void sixteenThreadsGetUniqueIdsAndEveryRecordAndCountIsKept() throws Exception {
        Map<Long, ReceivedRecord> byId = new ConcurrentHashMap<>();
        Map<String, RouteCount> expectedPerRoute = new HashMap<>();
        long expectedUnrouted = 0;
        long expectedBytes = 0;
        List<ReceivedRecord> records = new ArrayList<>();
        for (int n = 0; n < THREADS * PER_THREAD; n++) {
            List<String> routes = n % 10 == 0 ? List.of() : n % 3 == 0 ? List.of("mri", "archive") : List.of("mri");
            ReceivedRecord record = TestRecords.received(dir, n, routes);
            records.add(record);
            for (String route : routes) {
                expectedPerRoute.merge(route, new RouteCount(1, record.size()),
                        (a, b) -> new RouteCount(a.objects() + b.objects(), a.bytes() + b.bytes()));
            }
            expectedUnrouted += routes.isEmpty() ? 1 : 0;
            expectedBytes += record.size();
        }

        try (Journal journal = Journal.open(TestDatabase.fresh(dir), Durability.PROCESS)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    List<ReceivedRecord> mine = records.subList(t * PER_THREAD, (t + 1) * PER_THREAD);
                    done.add(pool.submit(() -> {
                        for (ReceivedRecord record : mine) {
                            assertThat(byId.put(journal.recordReceived(record), record)).isNull();
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                pool.shutdown();
            }

            assertThat(byId).hasSize(THREADS * PER_THREAD);
            Map<Long, ReceivedRecord> stored = new HashMap<>();
            journal.unfinished().forEach(object -> stored.put(object.id(), object.record()));
            assertThat(stored).isEqualTo(byId);
            assertThat(journal.counts()).isEqualTo(
                    new JournalCounts(expectedPerRoute, expectedUnrouted, THREADS * PER_THREAD, expectedBytes));
            assertThat(journal.commitStats().transactions()).isLessThanOrEqualTo(THREADS * PER_THREAD);
        }
    }
}
