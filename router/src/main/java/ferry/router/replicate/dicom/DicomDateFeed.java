package ferry.router.replicate.dicom;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.replicate.ChangeFeed;
import ferry.router.replicate.FeedTruncatedException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DICOM node's {@link ChangeFeed}: a node has no feed of what it received, so it is followed by repeated C-FIND
 * over a moving StudyDate window (issue #19, docs/replication-dicom.md).
 *
 * <p>The rule. A cursor is a day D and a position in a pass: D's epoch day times {@value #POSITIONS}, plus the number
 * of studies of the pass already listed. A pass after D lists every instance of the studies whose Study Date
 * (0008,0020) is from D − 1 to today, by the node's C-FIND range matching (PS3.4 C.2.2.2.5), in the order of their
 * Study Instance UIDs, a page of whole studies at a time (of {@value DicomListing#PAGE_SIZE} instances or more); the
 * last page's cursor is today's, so the next pass starts from the day before today. Instances come again pass after
 * pass while their study is in the window (the replication copies each once): D − 1 covers the studies begun just
 * before midnight that arrive after it, and studies still arriving on the day. {@link #latest()} is today's cursor.
 *
 * <p>The cost. Each pass asks for the window's studies with their Number of Study Related Instances (0020,1208), and
 * lists the instances (a C-FIND per series) only of the studies whose count differs from when this feed last listed
 * them, or which the node gives no count for: a pass over a window where nothing arrived is one C-FIND. (A study whose
 * count stays the same as instances are replaced, one deleted for each added, is not listed again.)
 *
 * <p>The limit. An instance is seen only while its study's date is in the window: a study that reaches the node
 * after the day following its Study Date (an old study imported, a prior fetched from elsewhere, a late correction)
 * is missed until a full comparison pass lists it; so is one without a Study Date. A pass resumed by another feed
 * (after a restart) queries the studies again, so a study added meanwhile whose UID sorts before the position is
 * seen only by the next pass. A cursor older than {@value #MAX_WINDOW_DAYS} days (Ferry stopped that long) is
 * refused with {@link FeedTruncatedException}: a full pass is then cheaper than listing a month by date.
 */
final class DicomDateFeed implements ChangeFeed {
    /** Cursor positions per day: a pass's position (studies listed) is the cursor modulo this. */
    static final long POSITIONS = 1 << 20;
    /** The widest window a cursor may ask for, in days. */
    static final int MAX_WINDOW_DAYS = 31;

    private final DicomNode node;
    private final Clock clock;
    private final int pageSize;
    /** The studies of the pass under way (its first day) to list, kept between its pages; null between passes. */
    private List<String> passStudies;
    /** The instance counts of the window's studies as the pass under way found them (null: not given). */
    private Map<String, String> passCounts;
    /** The instance count of each study of the window when its instances were last listed by this feed. */
    private final Map<String, String> listedCounts = new HashMap<>();
    private long passDay = Long.MIN_VALUE;

    /** @param pageSize a page holds whole studies until it has this many instances or more */
    DicomDateFeed(DicomNode node, Clock clock, int pageSize) {
        this.node = node;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** Today's cursor, by the clock of the machine Ferry runs on (Study Date is the modality's local date). */
    @Override
    public long latest() {
        return today() * POSITIONS;
    }

    private long today() {
        return LocalDate.now(clock).toEpochDay();
    }

    /**
     * The next page of the pass {@code cursor} is in: the instances of the next studies of the window.
     *
     * @throws FeedTruncatedException when the cursor's day is more than {@value #MAX_WINDOW_DAYS} days ago
     * @throws EndpointException      when the node cannot be queried
     */
    @Override
    public synchronized Page after(long cursor) throws IOException, InterruptedException {
        long day = Math.floorDiv(cursor, POSITIONS);
        int position = (int) Math.floorMod(cursor, POSITIONS);
        long today = today();
        if (day < today - MAX_WINDOW_DAYS) {
            throw new FeedTruncatedException(node.describe() + " (followed by Study Date)", cursor,
                    (today - MAX_WINDOW_DAYS) * POSITIONS);
        }
        StudyRootQuery query = new StudyRootQuery(ReplicationQuery.ALL);
        try (DicomFinder finder = new DicomFinder(node)) {
            DicomListing listing = new DicomListing(node, finder);
            if (passStudies == null || passDay != day || position == 0) {
                DataSet identifier = query.studies();
                identifier.setString(Tags.StudyDate, Vr.DA, date(Math.min(day, today) - 1) + "-" + date(today));
                identifier.setString(Tags.NumberOfStudyRelatedInstances, Vr.IS, "");
                passCounts = listing.studyCounts(query, identifier);
                listedCounts.keySet().retainAll(passCounts.keySet()); // studies out of the window are forgotten
                passStudies = new ArrayList<>();
                for (Map.Entry<String, String> study : passCounts.entrySet()) {
                    if (study.getValue() == null || !study.getValue().equals(listedCounts.get(study.getKey()))) {
                        passStudies.add(study.getKey());
                    }
                }
                Collections.sort(passStudies);
                passDay = day;
            }
            List<SourceInstance> page = new ArrayList<>();
            int next = Math.min(position, passStudies.size());
            while (next < passStudies.size() && page.size() < pageSize) {
                String study = passStudies.get(next);
                listing.instances(query, List.of(study), studyPage -> {
                    page.addAll(studyPage);
                    return true;
                });
                String count = passCounts.get(study);
                if (count != null) {
                    listedCounts.put(study, count);
                }
                next++;
            }
            if (next < passStudies.size()) {
                return new Page(page, day * POSITIONS + next, true);
            }
            passStudies = null;
            return new Page(page, today * POSITIONS, false);
        }
    }

    private static String date(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).format(DateTimeFormatter.BASIC_ISO_DATE);
    }
}
