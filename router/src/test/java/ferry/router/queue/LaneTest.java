package ferry.router.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The jobs a lane of the forwarding queue hands to its workers, from memory and from the journal's backlog. */
class LaneTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private static ForwardJob job(long id) {
        return new ForwardJob(id, id, "relay", "pacs", Path.of("/spool", id + ".dcm"), "1.2.840.10008.5.1.4.1.1.4",
                "2.25." + id, "1.2.840.10008.1.2.1", "SCANNER", null, 0, T0);
    }

    /**
     * The journal as the lane's source: the jobs committed so far; a claim sees what was committed when it began
     * and, when {@code held} is set, waits on it before answering (a commit meanwhile is not in its answer).
     */
    private static final class Journal implements Lane.JobSource {
        final List<ForwardJob> committed = new ArrayList<>();
        final CountDownLatch claiming = new CountDownLatch(1);
        volatile CountDownLatch held;

        @Override
        public List<Lane.Waiting> claimAfter(String destination, long afterId, int limit) {
            List<Lane.Waiting> seen;
            synchronized (this) {
                seen = committed.stream().filter(job -> job.id() > afterId).limit(limit)
                        .map(job -> new Lane.Waiting(job, T0)).toList();
            }
            claiming.countDown();
            CountDownLatch gate = held;
            if (gate != null) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return seen;
        }

        synchronized void commit(ForwardJob job) {
            committed.add(job);
        }
    }

    /** A lane started with {@code ids} in the journal, whose first take is claiming them now and held there. */
    private record Claiming(Journal journal, Lane lane, CompletableFuture<List<Lane.Taken>> first) {
        static Claiming of(long... ids) throws InterruptedException {
            Journal journal = new Journal();
            for (long id : ids) {
                journal.commit(job(id));
            }
            Lane lane = new Lane("pacs", CLOCK, 8, journal);
            lane.backlog(); // a start: the journal holds jobs not read yet
            journal.held = new CountDownLatch(1);
            CompletableFuture<List<Lane.Taken>> first = CompletableFuture.supplyAsync(() -> take(lane));
            assertThat(journal.claiming.await(10, TimeUnit.SECONDS)).isTrue();
            return new Claiming(journal, lane, first);
        }

        /** Lets the claim answer, then takes until {@code count} jobs are taken; their ids in the order taken. */
        List<Long> answerAndTake(int count) throws Exception {
            journal.held.countDown();
            List<Long> taken = new ArrayList<>(ids(first.get(10, TimeUnit.SECONDS)));
            while (taken.size() < count) {
                taken.addAll(ids(CompletableFuture.supplyAsync(() -> take(lane)).get(10, TimeUnit.SECONDS)));
            }
            return taken;
        }
    }

    @Test
    void aJobCommittedWhileTheBacklogIsClaimedIsTakenAfterwards() throws Exception {
        Claiming claiming = Claiming.of(1, 2);

        claiming.journal().commit(job(3)); // committed after the claim began: its answer is 1 and 2
        claiming.lane().offer(job(3), T0);

        assertThat(claiming.answerAndTake(3)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aDeadNodesJobsFoundWhileTheBacklogIsClaimedAreTakenAfterwards() throws Exception {
        Claiming claiming = Claiming.of(5, 6);

        claiming.journal().commit(job(3)); // a dead node's job, claimable from now on, below what is claimed
        claiming.lane().rewind(3);

        assertThat(claiming.answerAndTake(3)).containsExactlyInAnyOrder(3L, 5L, 6L);
    }

    private static List<Lane.Taken> take(Lane lane) {
        try {
            return lane.take(8);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> ids(List<Lane.Taken> taken) {
        return taken.stream().map(each -> each.job().id()).toList();
    }
}
