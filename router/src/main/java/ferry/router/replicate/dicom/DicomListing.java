package ferry.router.replicate.dicom;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.router.replicate.ReplicationSource;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists a DICOM node's instances by C-FIND down the Study Root hierarchy (PS3.4 C.4.1.2.2.1, hierarchical search):
 * the studies the query's study keys select, then each study's series, then each series' images, each query keeping
 * to the unique keys of the levels above as single values. Cost: one C-FIND for the studies, one per study, one per
 * series. Only the study UIDs are held for the whole listing; the instances of one series at a time.
 */
final class DicomListing {
    /** Instances per page, as {@link ReplicationSource#list} asks (a few hundred). */
    static final int PAGE_SIZE = 500;

    private final DicomNode node;
    private final DicomFinder finder;

    DicomListing(DicomNode node, DicomFinder finder) {
        this.node = node;
        this.finder = finder;
    }

    /** The Study Instance UIDs of the studies {@code identifier} (a STUDY-level one of {@code query}) selects. */
    List<String> studies(StudyRootQuery query, DataSet identifier) throws IOException {
        return new ArrayList<>(studyCounts(query, identifier).keySet());
    }

    /**
     * The studies {@code identifier} selects, in the order they came, each with its Number of Study Related
     * Instances (0020,1208) when the identifier asks for it and the node gives it, else null.
     */
    Map<String, String> studyCounts(StudyRootQuery query, DataSet identifier) throws IOException {
        Map<String, String> studies = new LinkedHashMap<>();
        finder.find(identifier, match -> {
            String uid = match.getString(Tags.StudyInstanceUID);
            if (uid != null && query.check(StudyRootQuery.STUDY, match, node)) {
                studies.put(uid, match.getString(Tags.NumberOfStudyRelatedInstances));
            }
        });
        return studies;
    }

    /**
     * Hands the instances of {@code studies} that {@code query} selects to {@code pages}, {@value #PAGE_SIZE} at a time
     * (the last page shorter); false when {@code pages} stopped the listing.
     */
    boolean instances(StudyRootQuery query, List<String> studies, ReplicationSource.Pages pages)
            throws IOException, InterruptedException {
        List<SourceInstance> page = new ArrayList<>(PAGE_SIZE);
        for (String study : studies) {
            List<String> series = new ArrayList<>();
            finder.find(query.series(study), match -> {
                String uid = match.getString(Tags.SeriesInstanceUID);
                if (uid != null && query.check(StudyRootQuery.SERIES, match, node)) {
                    series.add(uid);
                }
            });
            for (String seriesUid : series) {
                finder.find(query.images(study, seriesUid), match -> {
                    String uid = match.getString(Tags.SOPInstanceUID);
                    if (uid != null && query.check(StudyRootQuery.IMAGE, match, node)) {
                        page.add(new SourceInstance(uid, match.getString(Tags.SOPClassUID), study, seriesUid,
                                DicomLocator.of(study, seriesUid, uid), -1));
                    }
                });
                while (page.size() >= PAGE_SIZE) {
                    List<SourceInstance> full = List.copyOf(page.subList(0, PAGE_SIZE));
                    page.subList(0, PAGE_SIZE).clear();
                    if (!pages.accept(full)) {
                        return false;
                    }
                }
            }
        }
        return page.isEmpty() || pages.accept(List.copyOf(page));
    }
}
