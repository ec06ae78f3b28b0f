package ferry.router.notify;

import ferry.router.notify.CompletionReport.CompletedBy;
import ferry.router.notify.CompletionReport.Failure;
import ferry.router.notify.CompletionReport.Level;
import ferry.router.notify.CompletionReport.SeriesSummary;
import java.time.Instant;
import java.util.List;

/** Completion reports for tests: seed 000's study of 4707 files, and variations of it. */
final class Reports {
    static final Instant FIRST = Instant.parse("2026-11-22T08:24:16.123456789Z");
    static final Instant LAST = FIRST.plusSeconds(125);
    static final String FOLDER = "/data/btuanon/PID42/20261122_082400/1.2.826.0.1.3680043.2.1143.1";

    private Reports() {
    }

    /** Seed 000's mail: BTUANON called by MMILREC, 4707 files, two series, one destination folder. */
    static CompletionReport seed000() {
        return new CompletionReport(Level.STUDY, "btu", "BTUANON", "MMILREC", "10.0.0.5", "1.2.826.0.1.3680043.2.1143",
                null, "ACC7", "PID42", "Doe^Jane", "MRI BRAIN WO/W CONTRAST", "20261122", 1, CompletedBy.QUIET_PERIOD,
                4707, 4707, 616_000_000L, 0, List.of(),
                List.of(new SeriesSummary("1.2.3.1", "3", "T1 MPRAGE", "MR", 176, 176),
                        new SeriesSummary("1.2.3.2", "", "", "MR", 4531, 4531)),
                List.of(FOLDER), FIRST, LAST, LAST.plusSeconds(16));
    }

    /** The same study's second round: 2 late files, 4709 in all, one of them failed. */
    static CompletionReport followUpWithFailure() {
        return new CompletionReport(Level.STUDY, "btu", "BTUANON", "MMILREC", "10.0.0.5", "1.2.826.0.1.3680043.2.1143",
                null, "ACC7", "PID42", "Doe^Jane", "MRI BRAIN WO/W CONTRAST", "20261122", 2, CompletedBy.QUIET_PERIOD,
                2, 4709, 262_144L, 1, List.of(new Failure("1.2.3.2.99", "disk full")),
                List.of(new SeriesSummary("1.2.3.2", "", "", "MR", 2, 4533)),
                List.of(FOLDER, "/backup/btu"), LAST.plusSeconds(600), LAST.plusSeconds(601), LAST.plusSeconds(617));
    }

    /** A report carrying values that a shell would read as syntax. */
    static CompletionReport hostile(String description) {
        CompletionReport seed = seed000();
        return new CompletionReport(seed.level(), seed.route(), seed.calledAeTitle(), seed.callingAeTitle(),
                seed.peerAddress(), seed.studyInstanceUid(), null, seed.accessionNumber(), seed.patientId(),
                seed.patientName(), description, seed.studyDate(), 1, seed.completedBy(), seed.objects(),
                seed.totalObjects(), seed.bytes(), 0, List.of(), seed.series(), seed.folders(), seed.firstArrival(),
                seed.lastArrival(), seed.completedAt());
    }
}
