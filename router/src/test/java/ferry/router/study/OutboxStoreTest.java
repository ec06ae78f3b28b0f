package ferry.router.study;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.journal.JournalWork;
import ferry.router.notify.CompletionReport.CompletedBy;
import ferry.router.notify.CompletionReport.Level;
import ferry.router.notify.CompletionReport;
import ferry.router.study.NotificationDispatcher.OutboxStatus;
import ferry.router.testing.JournalRows;
import ferry.router.testing.TempJournal;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every operation on the notification outbox against a real journal database (SQLite or PostgreSQL). */
@Tag("database")
class OutboxStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123456789Z");
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final OutboxStore store = new OutboxStore();
    @RegisterExtension
    final TempJournal journal = new TempJournal();

    private static CompletionReport report(String study, Level level, int round) {
        return new CompletionReport(level, "mri", "FERRY", "MODALITY", "10.0.0.7", study,
                level == Level.SERIES ? study + ".1" : null, "ACC1", "P1", "Doe^Jane", "MRI BRAIN", "20261206", round,
                CompletedBy.QUIET_PERIOD, 3, 3, 3000, 0, List.of(),
                List.of(new CompletionReport.SeriesSummary(study + ".1", "1", "T1", "MR", 3, 3)),
                List.of("/store/P1/" + study), T0, T0.plusSeconds(2), T0.plusSeconds(18));
    }

    /** Writes a notification of {@code study} by channel {@code channel}, made at {@code at}; returns it. */
    private Outbound insert(String study, int channel, Instant at) throws IOException {
        Outbound[] written = new Outbound[1];
        journal.get().write(transaction -> written[0] = store.insert(transaction,
                new Outbound(0, "mri", channel, "mail to " + channel, report(study, Level.STUDY, 1), at, 0)));
        return written[0];
    }

    private void write(JournalWork work) throws IOException {
        journal.get().write(work);
    }

    private List<OutboxStore.Waiting> pending() throws IOException {
        return journal.get().read(store::pending);
    }

    private List<OutboxStore.Ended> after(long afterId, int limit) throws IOException {
        return journal.get().read(connection -> store.after(connection, afterId, limit));
    }

    @Test
    void aNotificationWrittenIsPendingAndDueAtOnceWithItsReport() throws IOException {
        Outbound written = insert("1.2.3", 1, T0);

        assertThat(written.id()).isPositive();
        assertThat(written.attempts()).isZero();
        assertThat(pending()).containsExactly(new OutboxStore.Waiting(written, T0));
        assertThat(pending().get(0).notification().report()).isEqualTo(report("1.2.3", Level.STUDY, 1));
        assertThat(journal.get().read(store::status)).isEqualTo(new OutboxStatus(1, 0, 0, 0, null));
    }

    @Test
    void anEmptyOutboxHasNothingPendingAndCountsNothing() throws IOException {
        assertThat(pending()).isEmpty();
        assertThat(journal.get().read(store::status)).isEqualTo(new OutboxStatus(0, 0, 0, 0, null));
        assertThat(journal.get().read(store::studiesWithPending)).isEmpty();
    }

    @Test
    void pendingNotificationsComeInTheOrderTheyAreDue() throws IOException {
        Outbound first = insert("1.2.3", 0, T0);
        Outbound second = insert("1.2.4", 0, T0);
        Outbound third = insert("1.2.5", 0, T0.plusSeconds(1));

        write(transaction -> store.retry(transaction, first.id(), T0.plusSeconds(60), "refused"));

        assertThat(pending()).extracting(w -> w.notification().id())
                .containsExactly(second.id(), third.id(), first.id());
        assertThat(pending().get(2).notification().attempts()).isEqualTo(1);
        assertThat(pending().get(2).nextAttempt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aNotificationWhoseReportCannotBeReadIsLeftOutOfThePendingOnes() throws Exception {
        Outbound readable = insert("1.2.3", 0, T0);
        JournalRows.execute(journal.get().database(), "UPDATE notification SET report = 'not json' WHERE id = "
                + insert("1.2.4", 0, T0).id());

        assertThat(pending()).extracting(w -> w.notification().id()).containsExactly(readable.id());
    }

    @Test
    void sentRetriedAndGivenUpNotificationsAreCountedWithTheLatestError() throws IOException {
        Outbound sent = insert("1.2.3", 0, T0);
        Outbound retried = insert("1.2.4", 1, T0);
        Outbound failed = insert("1.2.5", 2, T0);
        insert("1.2.6", 3, T0);

        write(transaction -> {
            store.retry(transaction, sent.id(), T0.plusSeconds(1), "timeout");
            store.sent(transaction, sent.id(), T0.plusSeconds(2));
            store.retry(transaction, retried.id(), T0.plusSeconds(1), "refused");
            store.fail(transaction, failed.id(), T0.plusSeconds(3), "550 no such user (not retried)");
        });

        assertThat(journal.get().read(store::status)).as("a sent notification's error is cleared")
                .isEqualTo(new OutboxStatus(2, 1, 1, 1, "mail to 2: 550 no such user (not retried)"));
        assertThat(pending()).extracting(w -> w.notification().id()).doesNotContain(sent.id(), failed.id());
    }

    private boolean claim(long id, String node, Instant now) throws IOException {
        boolean[] claimed = new boolean[1];
        write(transaction -> claimed[0] = store.claim(transaction, id, node, now.plus(LEASE), now));
        return claimed[0];
    }

    private List<Long> claimDue(String node, Instant now, int limit) throws IOException {
        List<Long> ids = new ArrayList<>();
        write(transaction -> {
            ids.clear();
            store.claimDue(transaction, node, now.plus(LEASE), now, limit).forEach(w -> ids.add(w.notification().id()));
        });
        return ids;
    }

    @Test
    void aNotificationClaimedByOneNodeIsAnotherNodesOnlyOnceTheClaimLapses() throws Exception {
        Outbound notification = insert("1.2.3", 0, T0);

        assertThat(claim(notification.id(), "a", T0)).isTrue();
        assertThat(claim(notification.id(), "b", T0.plus(LEASE))).as("the lease's last moment").isFalse();
        assertThat(claim(notification.id(), "a", T0.plusSeconds(1))).as("not twice by its own node").isFalse();
        write(transaction -> store.renewClaim(transaction, notification.id(), "a", T0.plusSeconds(90)));
        assertThat(claim(notification.id(), "b", T0.plusSeconds(61))).as("renewed").isFalse();
        assertThat(claim(notification.id(), "b", T0.plusSeconds(91))).isTrue();
        write(transaction -> store.sent(transaction, notification.id(), T0.plusSeconds(92)));

        assertThat(claim(notification.id(), "a", T0.plusSeconds(999))).as("sent: nobody's to send").isFalse();
        assertThat(JournalRows.count(journal.get().database(), "SELECT count(*) FROM notification WHERE id = "
                + notification.id() + " AND claimed_by = 'b' AND lease_until IS NULL")).as("sent by b").isEqualTo(1);
    }

    @Test
    void dueNotificationsAreClaimedOnceTheNextDueFirstAndARetryEndsItsClaim() throws IOException {
        Outbound first = insert("1.2.3", 0, T0);
        Outbound second = insert("1.2.4", 0, T0.plusSeconds(1));
        Outbound later = insert("1.2.5", 0, T0.plusSeconds(100));
        Outbound taken = insert("1.2.6", 0, T0);
        claim(taken.id(), "b", T0);

        assertThat(claimDue("a", T0.plusSeconds(2), 1)).containsExactly(first.id());
        assertThat(claimDue("a", T0.plusSeconds(2), 10)).containsExactly(second.id());
        assertThat(claimDue("b", T0.plusSeconds(2), 10)).isEmpty();
        write(transaction -> store.retry(transaction, first.id(), T0.plusSeconds(30), "refused"));
        assertThat(claimDue("b", T0.plusSeconds(29), 10)).isEmpty();
        assertThat(claimDue("b", T0.plusSeconds(30), 10)).containsExactly(first.id());
        assertThat(claimDue("c", T0.plusSeconds(100), 10)).as("b's claims lapse at 62 s and 90 s")
                .containsExactly(taken.id(), second.id(), first.id(), later.id());
    }

    @Test
    void aNodesClaimsOfARunBeforeEndAtItsStart() throws IOException {
        Outbound mine = insert("1.2.3", 0, T0);
        Outbound other = insert("1.2.4", 0, T0);
        claim(mine.id(), "a", T0);
        claim(other.id(), "b", T0);
        int[] released = new int[1];

        write(transaction -> released[0] = store.releaseClaims(transaction, "a"));

        assertThat(released[0]).isEqualTo(1);
        assertThat(claimDue("c", T0.plusSeconds(1), 10)).containsExactly(mine.id());
    }

    @Test
    void housekeepingSeesWhenEachNotificationEndedAndDeletesOnlyEndedOnes() throws IOException {
        Outbound sent = insert("1.2.3", 0, T0);
        Outbound waiting = insert("1.2.4", 0, T0.plusSeconds(1));
        Outbound failed = insert("1.2.5", 0, T0.plusSeconds(2));
        write(transaction -> {
            store.sent(transaction, sent.id(), T0.plusSeconds(10));
            store.fail(transaction, failed.id(), T0.plusSeconds(11), "gone");
        });

        assertThat(journal.get().read(store::studiesWithPending)).containsExactly(new StudyKey("mri", "1.2.4"));
        assertThat(after(0, 10)).containsExactly(
                new OutboxStore.Ended(sent.id(), T0, T0.plusSeconds(10)),
                new OutboxStore.Ended(waiting.id(), T0.plusSeconds(1), null),
                new OutboxStore.Ended(failed.id(), T0.plusSeconds(2), T0.plusSeconds(11)));
        assertThat(after(sent.id(), 1))
                .extracting(OutboxStore.Ended::id).containsExactly(waiting.id());
        assertThat(after(failed.id(), 10)).isEmpty();

        write(transaction -> store.deleteEnded(transaction, List.of(sent.id(), waiting.id(), 999_999L)));

        assertThat(after(0, 10)).extracting(OutboxStore.Ended::id)
                .containsExactly(waiting.id(), failed.id());
    }
}
