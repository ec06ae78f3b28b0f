package ferry.router.study;

import ferry.core.tag.Vr;
import ferry.router.notify.CompletionReport;
import ferry.router.notify.CompletionReport.CompletedBy;
import ferry.router.notify.NotificationChannel;
import ferry.router.rules.ValueTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The completion rules of {@link CompletionConfig} applied to what a study holds at an instant: which completions of
 * it (series, then study) are due and what they report, and which studies of the database are overdue for a node
 * to take over. Stateless.
 */
final class DueCompletions {

    private DueCompletions() {
    }

    /**
     * Adds to {@code due} the completions of {@code study} that are due at {@code now}: its series' (for a route
     * with series channels), then its own. None while objects of it are on their way ({@code busy}), unless the
     * force-after cap has passed.
     */
    static void collectDue(StudyState study, RouteNotifications route, boolean busy, Instant now,
                           List<Completion> due) {
        CompletionConfig rules = route.completion();
        boolean forced = study.unreported() && passed(study.roundFirstAt, rules.forceAfter(), now);
        if (busy && !forced) {
            return;
        }
        CompletedBy studyDone = study.unreported() ? decide(study, rules, now) : null;
        if (route.wantsSeries()) {
            for (SeriesState series : study.series.values()) {
                if (!series.unreported()) {
                    continue;
                }
                if (studyDone != null || passed(series.lastAt, rules.seriesQuietPeriod(), now)) {
                    due.add(seriesCompletion(study, series, route, studyDone == CompletedBy.FORCE_AFTER
                            ? CompletedBy.FORCE_AFTER : CompletedBy.QUIET_PERIOD, now));
                } else if (passed(series.roundFirstAt, rules.forceAfter(), now)) {
                    due.add(seriesCompletion(study, series, route, CompletedBy.FORCE_AFTER, now));
                }
            }
        }
        if (studyDone != null) {
            due.add(studyCompletion(study, route, studyDone, now));
        }
    }

    private static CompletedBy decide(StudyState study, CompletionConfig rules, Instant now) {
        if (passed(study.roundFirstAt, rules.forceAfter(), now) && !passed(study.lastAt, rules.quietPeriod(), now)) {
            return CompletedBy.FORCE_AFTER;
        }
        if (study.rounds == 0 && rules.expectedObjects() > 0 && study.objects >= rules.expectedObjects()) {
            return CompletedBy.EXPECTED_OBJECTS;
        }
        if (study.rounds == 0 && !rules.expectedSeries().isEmpty()
                && expectedSeriesArrived(study, rules, now)) {
            return CompletedBy.EXPECTED_SERIES;
        }
        if (passed(study.lastAt, rules.quietPeriod(), now)) {
            return CompletedBy.QUIET_PERIOD;
        }
        return null;
    }

    /** Every pattern matches the description of a series that went quiet for the series quiet period. */
    private static boolean expectedSeriesArrived(StudyState study, CompletionConfig rules, Instant now) {
        for (String pattern : rules.expectedSeries()) {
            ValueTest.Wildcard wildcard = new ValueTest.Wildcard(pattern);
            boolean found = study.series.values().stream().anyMatch(series -> wildcard.test(series.description, Vr.LO)
                    && passed(series.lastAt, rules.seriesQuietPeriod(), now));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean passed(Instant since, Duration period, Instant now) {
        return !since.plus(period).isAfter(now);
    }

    /** A decided completion: what it reports (of the study, or of {@code series}) and the notifications to write. */
    record Completion(StudyStore.Reported reported, SeriesState series, CompletionReport report,
                              List<Outbound> notifications) {
    }

    private static Completion studyCompletion(StudyState study, RouteNotifications route, CompletedBy by, Instant now) {
        CompletionReport report = study.studyReport(by, now);
        return new Completion(study.studyReported(), null, report, outbound(route, report));
    }

    private static Completion seriesCompletion(StudyState study, SeriesState series, RouteNotifications route,
                                        CompletedBy by, Instant now) {
        CompletionReport report = study.seriesReport(series, by, now);
        return new Completion(study.seriesReported(series), series, report, outbound(route, report));
    }

    private static List<Outbound> outbound(RouteNotifications route, CompletionReport report) {
        List<Outbound> notifications = new ArrayList<>();
        for (int i = 0; i < route.channels().size(); i++) {
            NotificationChannel channel = route.channels().get(i);
            if (channel.on() == report.level()) {
                notifications.add(new Outbound(0, route.route(), i, channel.describe(), report,
                        report.completedAt(), 0));
            }
        }
        return notifications;
    }

    /**
     * Those of {@code found} (studies of the database with something unreported) that {@code held} does not hold and
     * whose completion was due more than {@code lease} before {@code now} by their route's rules: their node died or
     * cannot write.
     */
    static List<StudyKey> overdue(List<StudyStore.Unreported> found, Map<String, RouteNotifications> routes,
                                  Predicate<StudyKey> held, Duration lease, Instant now) {
        List<StudyKey> overdue = new ArrayList<>();
        for (StudyStore.Unreported study : found) {
            RouteNotifications route = routes.get(study.key().route());
            if (route == null || held.test(study.key()) || study.seriesOnly() && !route.wantsSeries()) {
                continue;
            }
            Instant due = min(study.lastAt().plus(quietOf(route)),
                    study.roundFirstAt().plus(route.completion().forceAfter()));
            if (!due.plus(lease).isAfter(now)) {
                overdue.add(study.key());
            }
        }
        return overdue;
    }

    /** The quiet period after which something of a study of {@code route} is due: of the study, or of a series. */
    static Duration quietOf(RouteNotifications route) {
        CompletionConfig rules = route.completion();
        return route.wantsSeries() ? min(rules.quietPeriod(), rules.seriesQuietPeriod()) : rules.quietPeriod();
    }

    static <T extends Comparable<T>> T min(T a, T b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
