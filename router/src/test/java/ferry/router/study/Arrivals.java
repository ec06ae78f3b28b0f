package ferry.router.study;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalWork;
import ferry.router.journal.ReceivedRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Objects of route {@code mri} received and stored as the store actions do it: journaled, counted, finished. */
final class Arrivals {
    private Arrivals() {
    }

    /**
     * Receives one object of {@code study}/{@code series} at {@code at} into {@code journal} and counts it with
     * {@code tracker}: stored under {@code dir}/store, or failed for {@code failure} when it is not null.
     */
    static void arrive(Journal journal, StudyTracker tracker, Path dir, String study, String series, String sop,
                       Instant at, String failure) throws IOException {
        Path spool = dir.resolve("spool-" + sop);
        ReceivedRecord record = new ReceivedRecord(at, "MODALITY", "BTUANON", "10.0.0.7", "1.2.840.10008.5.1.4.1.1.4",
                sop, study, series, "1.2.840.10008.1.2.1", 1000, spool, List.of("mri"), ReceivedRecord.NO_CHECKSUM);
        long id = journal.recordReceived(record);
        DataSet header = new DataSet();
        header.setString(Tags.StudyDescription, Vr.LO, "MRI BRAIN WO/W CONTRAST");
        header.setString(Tags.PatientID, Vr.LO, "P1");
        header.setString(Tags.SeriesDescription, Vr.LO, "T1 " + series);
        header.setString(Tags.SeriesNumber, Vr.IS, series.substring(series.length() - 1));
        tracker.expect(record);
        Path store = dir.resolve("store");
        Path file = store.resolve("P1").resolve(study).resolve(series).resolve(sop);
        RouteOutcome outcome = failure == null
                ? new RouteOutcome("mri", List.of(new RouteOutcome.StoredFile(store, file)), null)
                : new RouteOutcome("mri", List.of(), failure);
        JournalWork counted = tracker.outcome(record, header, List.of(outcome));
        if (failure == null) {
            journal.finish(id, counted);
        } else {
            journal.write(counted);
        }
        tracker.released(record);
    }
}
