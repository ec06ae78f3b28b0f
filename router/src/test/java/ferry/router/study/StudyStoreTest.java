package ferry.router.study;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.journal.JournalWork;
import ferry.router.notify.CompletionReport;
import ferry.router.testing.TempJournal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every operation on the tables of study and series state against a real journal database (SQLite or PostgreSQL). */
@Tag("database")
class StudyStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123456789Z");
    private static final StudyDescription DESCRIBED = new StudyDescription("FERRY", "MODALITY", "10.0.0.7", "ACC1",
            "P1", "Doe^Jane", "MRI BRAIN", "20261206");
    private static final StudyKey STUDY = new StudyKey("mri", "1.2.3");

    private final StudyStore store = new StudyStore();
    @RegisterExtension
    final TempJournal journal = new TempJournal();

    private static StudyStore.Arrival arrival(StudyKey key, String series, String sop, Instant at, String failure) {
        Path folder = Path.of("/store/P1", key.studyUid());
        return new StudyStore.Arrival(key, DESCRIBED, series, series.substring(series.length() - 1), "T1 " + series,
                "MR", at, sop, 1000, failure, List.of(folder), List.of(folder.resolve(series)));
    }

    private void add(StudyStore.Arrival... arrivals) throws IOException {
        journal.get().write(transaction -> {
            for (StudyStore.Arrival arrival : arrivals) {
                store.add(transaction, arrival);
            }
        });
    }

    private void write(JournalWork work) throws IOException {
        journal.get().write(work);
    }

    private StudyState study(StudyKey key) throws IOException {
        return journal.get().read(connection -> store.study(connection, key));
    }

    private List<StudyStore.Aged> after(long afterRow, int limit) throws IOException {
        return journal.get().read(connection -> store.after(connection, afterRow, limit));
    }

    private Set<StudyKey> withUnreportedSeries(List<StudyKey> keys) throws IOException {
        return journal.get().read(connection -> store.withUnreportedSeries(connection, keys));
    }

    @Test
    void arrivalsAreCountedInTheirStudyAndSeriesAndReadBackWithTheirDescription() throws IOException {
        add(arrival(STUDY, "1.2.3.1", "9.1", T0, null), arrival(STUDY, "1.2.3.2", "9.2", T0.plusSeconds(2), null),
                arrival(STUDY, "1.2.3.1", "9.3", T0.plusSeconds(1), null));

        StudyState study = study(STUDY);

        assertThat(study.key).isEqualTo(STUDY);
        assertThat(study.described).isEqualTo(DESCRIBED);
        assertThat(study.objects).isEqualTo(3);
        assertThat(study.bytes).isEqualTo(3000);
        assertThat(study.failures).isZero();
        assertThat(study.firstAt).isEqualTo(T0);
        assertThat(study.roundFirstAt).isEqualTo(T0);
        assertThat(study.lastAt).isEqualTo(T0.plusSeconds(2));
        assertThat(study.rounds).isZero();
        assertThat(study.folders).containsExactly(Path.of("/store/P1/1.2.3"));
        assertThat(study.unreported()).isTrue();
        assertThat(study.series.keySet()).as("in order of first arrival").containsExactly("1.2.3.1", "1.2.3.2");
        SeriesState first = study.series.get("1.2.3.1");
        assertThat(first.number).isEqualTo("1");
        assertThat(first.description).isEqualTo("T1 1.2.3.1");
        assertThat(first.modality).isEqualTo("MR");
        assertThat(first.objects).isEqualTo(2);
        assertThat(first.bytes).isEqualTo(2000);
        assertThat(first.lastAt).isEqualTo(T0.plusSeconds(1));
        assertThat(first.folders).containsExactly(Path.of("/store/P1/1.2.3/1.2.3.1"));
        assertThat(study.roundFailures).isEmpty();
    }

    @Test
    void aFailedStoreActionCountsAFailureButNoObjectAndIsListedInItsRound() throws IOException {
        add(arrival(STUDY, "1.2.3.1", "9.1", T0, null), arrival(STUDY, "1.2.3.1", "9.2", T0, "disk full"));

        StudyState study = study(STUDY);

        assertThat(study.objects).isEqualTo(1);
        assertThat(study.bytes).isEqualTo(1000);
        assertThat(study.failures).isEqualTo(1);
        assertThat(study.series.get("1.2.3.1").failures).isEqualTo(1);
        assertThat(study.roundFailures).containsExactly(new CompletionReport.Failure("9.2", "disk full"));
        assertThat(study.roundFailureSeries).containsExactly("1.2.3.1");
    }

    @Test
    void theFailuresOfARoundAreReadUpToTheNumberAReportLists() throws IOException {
        for (int i = 0; i < CompletionReport.MAX_FAILURES_LISTED + 5; i++) {
            add(arrival(STUDY, "1.2.3.1", "9." + i, T0.plusMillis(i), "failure " + i));
        }

        StudyState study = study(STUDY);

        assertThat(study.failures).isEqualTo(CompletionReport.MAX_FAILURES_LISTED + 5);
        assertThat(study.roundFailures).hasSize(CompletionReport.MAX_FAILURES_LISTED);
        assertThat(study.roundFailures.get(0).reason()).isEqualTo("failure 0");
    }

    @Test
    void aReportedStudyIsSettledAndALateArrivalBeginsANewRoundWithoutTheOldFailures() throws IOException {
        add(arrival(STUDY, "1.2.3.1", "9.1", T0, null), arrival(STUDY, "1.2.3.1", "9.2", T0, "disk full"),
                arrival(STUDY, "1.2.3.2", "9.3", T0, null));
        write(transaction -> store.markReported(transaction, new StudyStore.Reported(STUDY, null, 2, 2000, 1, 1,
                Map.of("1.2.3.1", 1L, "1.2.3.2", 1L), T0)));

        StudyState reported = study(STUDY);
        assertThat(reported.reportedObjects).isEqualTo(2);
        assertThat(reported.reportedBytes).isEqualTo(2000);
        assertThat(reported.reportedFailures).isEqualTo(1);
        assertThat(reported.rounds).isEqualTo(1);
        assertThat(reported.unreported()).isFalse();
        assertThat(reported.roundFailures).as("nothing unreported: no failures read").isEmpty();
        assertThat(reported.series.get("1.2.3.1").studyReportedObjects).isEqualTo(1);
        assertThat(reported.series.get("1.2.3.1").reportedObjects).as("its own report is apart").isZero();

        add(arrival(STUDY, "1.2.3.1", "9.4", T0.plusSeconds(600), null));

        StudyState late = study(STUDY);
        assertThat(late.roundFirstAt).isEqualTo(T0.plusSeconds(600));
        assertThat(late.firstAt).isEqualTo(T0);
        assertThat(late.objects - late.reportedObjects).isEqualTo(1);
        assertThat(late.roundFailures).isEmpty();
    }

    @Test
    void aCompletionIsWrittenOnlyWhileTheStudyIsAsItWasReadSoOnlyOneNodeReportsARound() throws IOException {
        add(arrival(STUDY, "1.2.3.1", "9.1", T0, null));
        StudyStore.Reported onFirstRead = study(STUDY).studyReported();
        add(arrival(STUDY, "1.2.3.2", "9.2", T0.plusSeconds(3), null));
        boolean[] written = new boolean[3];

        write(transaction -> written[0] = store.markReported(transaction, onFirstRead));
        StudyState now = study(STUDY);
        StudyStore.Reported onSecondRead = now.studyReported();
        write(transaction -> written[1] = store.markReported(transaction, onSecondRead));
        write(transaction -> written[2] = store.markReported(transaction, onSecondRead));

        assertThat(written).as("an arrival since the read; then the same round a second time").containsExactly(
                false, true, false);
        StudyState reported = study(STUDY);
        assertThat(reported.reportedObjects).isEqualTo(2);
        assertThat(reported.rounds).isEqualTo(1);
        assertThat(reported.series.get("1.2.3.2").studyReportedObjects).isEqualTo(1);
        StudyStore.Reported series = now.seriesReported(now.series.get("1.2.3.1"));
        boolean[] seriesWritten = new boolean[2];
        write(transaction -> seriesWritten[0] = store.markReported(transaction, series));
        write(transaction -> seriesWritten[1] = store.markReported(transaction, series));
        assertThat(seriesWritten).containsExactly(true, false);
    }

    @Test
    void theUnreportedStudiesUpToATimeAreThoseAnotherNodeMayTakeOver() throws IOException {
        StudyKey later = new StudyKey("mri", "1.2.4");
        StudyKey reported = new StudyKey("mri", "1.2.5");
        add(arrival(STUDY, "1.2.3.1", "9.1", T0, null), arrival(STUDY, "1.2.3.1", "9.2", T0.plusSeconds(1), null),
                arrival(later, "1.2.4.1", "9.3", T0.plusSeconds(30), null),
                arrival(reported, "1.2.5.1", "9.4", T0, null));
        StudyState before = study(reported);
        write(transaction -> {
            store.markReported(transaction, before.studyReported());
            store.markReported(transaction, before.seriesReported(before.series.get("1.2.5.1")));
        });
        StudyKey seriesOpen = new StudyKey("mri", "1.2.6");
        add(arrival(seriesOpen, "1.2.6.1", "9.5", T0, null));
        StudyState open = study(seriesOpen);
        write(transaction -> store.markReported(transaction, open.studyReported()));

        List<StudyStore.Unreported> found = journal.get().read(connection -> store.unreportedUpTo(connection,
                T0.plusSeconds(29)));

        assertThat(found).containsExactlyInAnyOrder(new StudyStore.Unreported(STUDY, T0.plusSeconds(1), T0, false),
                new StudyStore.Unreported(seriesOpen, T0, T0, true));
    }

    @Test
    void aSeriesReportLeavesItsStudyUnreportedAndItIsStillReadAtAStart() throws IOException {
        add(arrival(STUDY, "1.2.3.1", "9.1", T0, null), arrival(STUDY, "1.2.3.2", "9.2", T0, null));

        write(transaction -> store.markReported(transaction, new StudyStore.Reported(STUDY, "1.2.3.1", 1, 0, 0, 1,
                Map.of(), T0)));

        StudyState study = study(STUDY);
        assertThat(study.series.get("1.2.3.1").reportedObjects).isEqualTo(1);
        assertThat(study.series.get("1.2.3.1").rounds).isEqualTo(1);
        assertThat(study.series.get("1.2.3.1").unreported()).isFalse();
        assertThat(study.series.get("1.2.3.2").unreported()).isTrue();
        assertThat(study.reportedObjects).isZero();
        assertThat(journal.get().read(store::unreported)).extracting(s -> s.key).containsExactly(STUDY);
    }

    @Test
    void theUnreportedStudiesAreThoseWithSomethingNewOfTheirOwnOrOfASeries() throws IOException {
        assertThat(journal.get().read(store::unreported)).as("an empty journal").isEmpty();
        StudyKey settled = new StudyKey("mri", "1.2.4");
        StudyKey seriesOnly = new StudyKey("mri", "1.2.5");
        StudyKey other = new StudyKey("ct", "1.2.3");
        add(arrival(STUDY, "1.2.3.1", "9.1", T0, null), arrival(settled, "1.2.4.1", "9.2", T0, null),
                arrival(seriesOnly, "1.2.5.1", "9.3", T0, null), arrival(other, "1.2.3.1", "9.4", T0, "refused"));
        write(transaction -> {
            store.markReported(transaction, new StudyStore.Reported(settled, null, 1, 1000, 0, 1,
                    Map.of("1.2.4.1", 1L), T0));
            store.markReported(transaction, new StudyStore.Reported(settled, "1.2.4.1", 1, 0, 0, 1, Map.of(), T0));
            store.markReported(transaction, new StudyStore.Reported(seriesOnly, null, 1, 1000, 0, 1,
                    Map.of("1.2.5.1", 1L), T0));
        });

        List<StudyState> unreported = journal.get().read(store::unreported);

        assertThat(unreported).extracting(s -> s.key).containsExactlyInAnyOrder(STUDY, seriesOnly, other);
        StudyState failed = unreported.stream().filter(s -> s.key.equals(other)).findFirst().orElseThrow();
        assertThat(failed.roundFailures).as("read with its details")
                .containsExactly(new CompletionReport.Failure("9.4", "refused"));
    }

    @Test
    void aStudyNeverCountedIsNotThere() throws IOException {
        add(arrival(STUDY, "1.2.3.1", "9.1", T0, null));

        assertThat(study(new StudyKey("mri", "9.9.9"))).isNull();
        assertThat(study(new StudyKey("other-route", STUDY.studyUid()))).as("studies are per route").isNull();
    }

    @Test
    void housekeepingReadsStudiesInOrderAndDeletesTheStateOfReportedOnes() throws IOException {
        StudyKey reported = new StudyKey("mri", "1.2.4");
        StudyKey seriesOpen = new StudyKey("mri", "1.2.5");
        add(arrival(STUDY, "1.2.3.1", "9.1", T0, "disk full"), arrival(reported, "1.2.4.1", "9.2", T0, "disk full"),
                arrival(reported, "1.2.4.1", "9.3", T0.plusSeconds(5), null),
                arrival(seriesOpen, "1.2.5.1", "9.4", T0, null));
        write(transaction -> {
            store.markReported(transaction, new StudyStore.Reported(reported, null, 1, 1000, 1, 1,
                    Map.of("1.2.4.1", 1L), T0.plusSeconds(5)));
            store.markReported(transaction, new StudyStore.Reported(reported, "1.2.4.1", 1, 0, 1, 1, Map.of(),
                    T0.plusSeconds(5)));
            store.markReported(transaction, new StudyStore.Reported(seriesOpen, null, 1, 1000, 0, 1,
                    Map.of("1.2.5.1", 1L), T0));
        });

        List<StudyStore.Aged> all = after(0, 10);
        assertThat(all).extracting(StudyStore.Aged::key).containsExactly(STUDY, reported, seriesOpen);
        assertThat(all).extracting(StudyStore.Aged::reported).containsExactly(false, true, true);
        assertThat(all.get(1).lastAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(after(all.get(0).row(), 1))
                .extracting(StudyStore.Aged::key).containsExactly(reported);
        assertThat(after(all.get(2).row(), 10)).isEmpty();
        assertThat(withUnreportedSeries(List.of(STUDY, reported, seriesOpen, new StudyKey("mri", "9.9")))).containsExactly(STUDY, seriesOpen);
        assertThat(withUnreportedSeries(List.of())).isEmpty();

        write(transaction -> store.delete(transaction, List.of(reported, STUDY, new StudyKey("mri", "9.9"))));

        assertThat(study(reported)).isNull();
        StudyState kept = study(STUDY);
        assertThat(kept).as("an unreported study itself stays").isNotNull();
        assertThat(kept.series).as("its series and failures go with the others'").isEmpty();
        assertThat(kept.roundFailures).isEmpty();
        assertThat(study(seriesOpen).series).hasSize(1);
    }
}
