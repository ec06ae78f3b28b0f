package ferry.router.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ferry.router.journal.JournalWork;
import ferry.router.testing.TempJournal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every operation of the queue's table against a real journal database (SQLite, or PostgreSQL: {@code TestDatabase}).
 */
@Tag("database")
class JobStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123456789Z");

    private final JobStore store = new JobStore();
    @RegisterExtension
    final TempJournal journal = new TempJournal();

    private static ForwardJob job(long objectId, String destination, String file, Instant at) {
        return new ForwardJob(0, objectId, "relay", destination, Path.of("/spool", file), "1.2.840.10008.5.1.4.1.1.4",
                "2.25." + objectId, "1.2.840.10008.1.2.1", "SCANNER", null, 0, at);
    }

    /** Writes {@code jobs}, returns them with their ids. */
    private List<ForwardJob> insert(ForwardJob... jobs) throws IOException {
        List<ForwardJob> written = new ArrayList<>();
        journal.get().write(transaction -> {
            written.clear();
            written.addAll(store.insert(transaction, List.of(jobs), T0.plusSeconds(60)));
        });
        return written;
    }

    private void write(JournalWork work) throws IOException {
        journal.get().write(work);
    }

    /** The jobs this node claims (its own, pending, whenever due), as of {@link #T0}. */
    private List<Lane.Waiting> pendingAfter(String destination, long afterId, int limit) throws IOException {
        List<Lane.Waiting> claimed = new ArrayList<>();
        write(transaction -> {
            claimed.clear();
            claimed.addAll(store.claim(transaction, destination, afterId, limit, ClaimSettings.ONE_NODE, T0));
        });
        return claimed;
    }

    private Map<String, Long> pendingByDestination() throws IOException {
        String node = journal.get().database().node();
        return journal.get().read(connection -> store.pendingByDestination(connection, node, ClaimSettings.ONE_NODE));
    }

    private List<Long> ids(List<Lane.Waiting> waiting) {
        return waiting.stream().map(w -> w.job().id()).toList();
    }

    private Set<Path> inUseAmong(List<Path> files) throws IOException {
        return journal.get().read(connection -> store.inUseAmong(connection, files));
    }

    private Map<Long, JobStore.Stored> jobs(Collection<Long> ids) throws IOException {
        return journal.get().read(connection -> store.jobs(connection, ids));
    }

    private JobStore.Listing listing(String destination, int limit) throws IOException {
        return journal.get().read(connection -> store.listing(connection, destination, limit));
    }

    private List<JobStore.Ended> after(long afterId, int limit) throws IOException {
        return journal.get().read(connection -> store.after(connection, afterId, limit));
    }

    @Test
    void insertedJobsGetIncreasingIdsAndComeBackPendingAndDueAtTheirCreation() throws IOException {
        List<ForwardJob> written = insert(job(1, "pacs", "a", T0), job(2, "pacs", "b", T0.plusSeconds(1)));

        assertThat(written).extracting(ForwardJob::id).doesNotContain(0L).isSorted();
        List<Lane.Waiting> pending = pendingAfter("pacs", 0, 10);
        assertThat(pending).extracting(Lane.Waiting::job).containsExactlyElementsOf(written);
        assertThat(pending).extracting(Lane.Waiting::readyAt).containsExactly(T0, T0.plusSeconds(1));
        assertThat(pending.get(0).job().studyUid()).as("a job without a study").isEmpty();
        assertThat(pendingByDestination()).containsExactly(Map.entry("pacs", 2L));
    }

    @Test
    void insertingNoJobsWritesNothing() throws IOException {
        assertThat(insert()).isEmpty();
        assertThat(pendingByDestination()).isEmpty();
    }

    @Test
    void aClaimTakesTheWindowAfterAnIdOfOneDestinationInIdOrder() throws IOException {
        List<ForwardJob> jobs = insert(job(1, "pacs", "1", T0), job(2, "archive", "2", T0), job(3, "pacs", "3", T0),
                job(4, "pacs", "4", T0), job(5, "pacs", "5", T0), job(6, "archive", "6", T0));
        long[] id = jobs.stream().mapToLong(ForwardJob::id).toArray();
        write(transaction -> store.done(transaction, id[3], T0, null));
        write(transaction -> store.fail(transaction, id[4], T0, "rejected"));

        assertThat(ids(pendingAfter("pacs", 0, 10))).as("done and failed jobs are not pending")
                .containsExactly(id[0], id[2]);
        assertThat(ids(pendingAfter("pacs", 0, 1))).containsExactly(id[0]);
        assertThat(ids(pendingAfter("pacs", id[0], 10))).containsExactly(id[2]);
        assertThat(pendingAfter("pacs", id[5], 10)).as("nothing after the last").isEmpty();
        assertThat(pendingAfter("nowhere", 0, 10)).isEmpty();
        assertThat(ids(pendingAfter("archive", 0, 10))).containsExactly(id[1], id[5]);
        String node = journal.get().database().node();
        List<Lane.Waiting> read = journal.get().read(connection -> store.claimable(connection, node, "pacs", 0, 10,
                ClaimSettings.ONE_NODE, T0));
        assertThat(read).as("what a claim takes, read without a write (SQLite's lanes)")
                .isEqualTo(pendingAfter("pacs", 0, 10));
        assertThat(pendingByDestination())
                .containsExactly(Map.entry("archive", 2L), Map.entry("pacs", 2L));
    }

    @Test
    void aRetryCountsTheAttemptAndAPostponedProbeDoesNot() throws IOException {
        long id = insert(job(1, "pacs", "a", T0)).get(0).id();

        write(transaction -> store.retry(transaction, id, T0.plusSeconds(5), "connection refused"));
        Lane.Waiting retried = pendingAfter("pacs", 0, 1).get(0);
        write(transaction -> store.postpone(transaction, id, T0.plusSeconds(9), "still refused"));
        Lane.Waiting postponed = pendingAfter("pacs", 0, 1).get(0);

        assertThat(retried.job().attempts()).isEqualTo(1);
        assertThat(retried.readyAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(postponed.job().attempts()).isEqualTo(1);
        assertThat(postponed.readyAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(journal.get().read(store::countsByDestination).get("pacs").lastError()).isEqualTo("still refused");
    }

    @Test
    void aFailedJobCountsItsLastAttemptAndIsListedWithWhenItFailed() throws IOException {
        long id = insert(job(1, "pacs", "a", T0)).get(0).id();
        write(transaction -> store.retry(transaction, id, T0.plusSeconds(1), "refused"));

        write(transaction -> store.fail(transaction, id, T0.plusSeconds(2), "refused (after 2 attempts)"));

        List<JobStore.Failed> failed = journal.get().read(store::failed);
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).job().attempts()).isEqualTo(2);
        assertThat(failed.get(0).failedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(journal.get().read(store::countsByDestination))
                .containsExactly(Map.entry("pacs", new JobStore.Counts(0, 1, T0, "refused (after 2 attempts)")));
    }

    @Test
    void countsByDestinationCountPendingAndFailedWithTheOldestAndTheLatestError() throws IOException {
        assertThat(journal.get().read(store::countsByDestination)).as("an empty queue").isEmpty();
        List<ForwardJob> jobs = insert(job(1, "pacs", "1", T0.plusSeconds(3)), job(2, "pacs", "2", T0),
                job(3, "pacs", "3", T0.plusSeconds(4)), job(4, "archive", "4", T0.plusSeconds(5)),
                job(5, "done", "5", T0));
        write(transaction -> {
            store.fail(transaction, jobs.get(0).id(), T0, "first");
            store.retry(transaction, jobs.get(2).id(), T0, "latest");
            store.done(transaction, jobs.get(4).id(), T0, null);
        });

        assertThat(journal.get().read(store::countsByDestination)).containsExactly(
                Map.entry("archive", new JobStore.Counts(1, 0, T0.plusSeconds(5), null)),
                Map.entry("pacs", new JobStore.Counts(2, 1, T0, "latest")));
        assertThat(journal.get().read(store::liveDestinations)).containsExactly("archive", "pacs");
    }

    @Test
    void aFileIsInUseWhileAJobOfItIsNotDone() throws IOException {
        List<ForwardJob> jobs = insert(job(1, "pacs", "a", T0), job(1, "archive", "a", T0), job(2, "pacs", "b", T0));
        Path a = jobs.get(0).file();
        Path b = jobs.get(2).file();
        long[] live = new long[2];

        write(transaction -> {
            store.done(transaction, jobs.get(0).id(), T0, "already there: 0x0111");
            live[0] = store.liveJobsOf(transaction, a);
            store.fail(transaction, jobs.get(1).id(), T0, "rejected");
            store.done(transaction, jobs.get(2).id(), T0, null);
            live[1] = store.liveJobsOf(transaction, b);
        });

        assertThat(live).containsExactly(1, 0);
        assertThat(inUseAmong(List.of(a, b, Path.of("/spool/c"))))
                .as("a failed job keeps its file").containsExactly(a);
        assertThat(inUseAmong(List.of())).isEmpty();
    }

    @Test
    void jobsByIdComeWithTheirStateAndIdsThatDoNotExistAreLeftOut() throws IOException {
        List<ForwardJob> jobs = insert(job(1, "pacs", "a", T0), job(2, "pacs", "b", T0), job(3, "pacs", "c", T0));
        write(transaction -> {
            store.fail(transaction, jobs.get(1).id(), T0, "rejected");
            store.done(transaction, jobs.get(2).id(), T0, null);
        });

        Map<Long, JobStore.Stored> found = jobs(List.of(jobs.get(0).id(), jobs.get(1).id(), jobs.get(2).id(), 999_999L));

        assertThat(found.keySet()).containsExactly(jobs.get(0).id(), jobs.get(1).id(), jobs.get(2).id());
        assertThat(found.values()).extracting(JobStore.Stored::state)
                .containsExactly(JobStore.State.PENDING, JobStore.State.FAILED, JobStore.State.DONE);
        assertThat(found.get(jobs.get(0).id()).job()).isEqualTo(jobs.get(0));
        assertThat(jobs(Set.of())).isEmpty();
    }

    @Test
    void onlyAFailedJobIsRevivedOrPurgedAndOnlyAPendingOneMadeDue() throws IOException {
        List<ForwardJob> jobs = insert(job(1, "pacs", "a", T0), job(2, "pacs", "b", T0), job(3, "pacs", "c", T0));
        long pending = jobs.get(0).id();
        long failed = jobs.get(1).id();
        long purged = jobs.get(2).id();
        write(transaction -> {
            store.retry(transaction, pending, T0.plusSeconds(60), "refused");
            store.fail(transaction, failed, T0, "rejected");
            store.fail(transaction, purged, T0, "rejected too");
        });
        boolean[] answers = new boolean[8];

        write(transaction -> {
            answers[0] = revived(store.revive(transaction, failed, T0.plusSeconds(1), ClaimSettings.ONE_NODE));
            answers[1] = revived(store.revive(transaction, pending, T0.plusSeconds(1), ClaimSettings.ONE_NODE));
            answers[2] = revived(store.revive(transaction, 999_999L, T0.plusSeconds(1), ClaimSettings.ONE_NODE));
            answers[3] = store.dueAt(transaction, pending, T0.plusSeconds(2));
            answers[4] = store.dueAt(transaction, purged, T0.plusSeconds(2));
            answers[5] = store.purge(transaction, purged, T0.plusSeconds(3));
            answers[6] = store.purge(transaction, pending, T0.plusSeconds(3));
            answers[7] = store.purge(transaction, 999_999L, T0.plusSeconds(3));
        });

        assertThat(answers).containsExactly(true, false, false, true, false, true, false, false);
        List<Lane.Waiting> waiting = pendingAfter("pacs", 0, 10);
        assertThat(ids(waiting)).containsExactly(pending, failed);
        assertThat(waiting.get(0).readyAt()).as("due now").isEqualTo(T0.plusSeconds(2));
        assertThat(waiting.get(0).job().attempts()).isEqualTo(1);
        assertThat(waiting.get(1).readyAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(waiting.get(1).job().attempts()).as("revived: attempts from zero").isZero();
        assertThat(journal.get().read(store::failed)).isEmpty();
        assertThat(jobs(List.of(purged)).get(purged).state())
                .isEqualTo(JobStore.State.DONE);
    }

    private static boolean revived(JobStore.Revived how) {
        assertThat(how).as("one node claims what it revives").isNotEqualTo(JobStore.Revived.LEFT_FOR_ITS_NODE);
        return how == JobStore.Revived.CLAIMED;
    }

    @Test
    void theListingHoldsFailedJobsAndJobsWaitingForARetryByIdUpToItsLimit() throws IOException {
        assertThat(listing("pacs", 2))
                .isEqualTo(new JobStore.Listing(0, List.of()));
        List<ForwardJob> jobs = insert(job(1, "pacs", "a", T0), job(2, "pacs", "b", T0), job(3, "pacs", "c", T0),
                job(4, "pacs", "d", T0), job(5, "archive", "e", T0));
        write(transaction -> {
            store.retry(transaction, jobs.get(1).id(), T0.plusSeconds(30), "refused");
            store.fail(transaction, jobs.get(2).id(), T0.plusSeconds(7), "rejected");
            store.retry(transaction, jobs.get(3).id(), T0.plusSeconds(40), "refused again");
            store.fail(transaction, jobs.get(4).id(), T0, "other destination");
        });

        JobStore.Listing listing = listing("pacs", 2);

        assertThat(listing.total()).as("the new job is not listed").isEqualTo(3);
        assertThat(listing.first()).extracting(JobView::id, JobView::state, JobView::attempts, JobView::sopInstanceUid,
                        JobView::lastError, JobView::failedAt, JobView::nextAttemptAt)
                .containsExactly(
                        tuple(jobs.get(1).id(), "retrying", 1, "2.25.2", "refused", null, T0.plusSeconds(30)),
                        tuple(jobs.get(2).id(), "failed", 1, "2.25.3", "rejected", T0.plusSeconds(7), null));
    }

    @Test
    void housekeepingSeesWhenEachJobWasDoneAndDeletesOnlyDoneJobs() throws IOException {
        List<ForwardJob> jobs = insert(job(1, "pacs", "a", T0), job(2, "pacs", "b", T0.plusSeconds(1)),
                job(3, "pacs", "c", T0.plusSeconds(2)));
        write(transaction -> {
            store.done(transaction, jobs.get(0).id(), T0.plusSeconds(10), null);
            store.fail(transaction, jobs.get(1).id(), T0.plusSeconds(11), "rejected");
        });
        long first = jobs.get(0).id();

        assertThat(journal.get().read(store::objectsWithLiveJobs)).containsExactlyInAnyOrder(2L, 3L);
        assertThat(after(0, 10)).containsExactly(
                new JobStore.Ended(first, T0, T0.plusSeconds(10)),
                new JobStore.Ended(jobs.get(1).id(), T0.plusSeconds(1), null),
                new JobStore.Ended(jobs.get(2).id(), T0.plusSeconds(2), null));
        assertThat(after(first, 1)).extracting(JobStore.Ended::id)
                .containsExactly(jobs.get(1).id());
        assertThat(after(jobs.get(2).id(), 10)).isEmpty();

        write(transaction -> store.deleteDone(transaction, List.of(first, jobs.get(1).id(), 999_999L)));

        assertThat(after(0, 10)).extracting(JobStore.Ended::id)
                .containsExactly(jobs.get(1).id(), jobs.get(2).id());
    }
}
