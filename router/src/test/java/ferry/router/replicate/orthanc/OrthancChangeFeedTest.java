package ferry.router.replicate.orthanc;

import static ferry.router.replicate.TestInstances.ENVIRONMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.replicate.ChangeFeed;
import ferry.router.replicate.FeedTruncatedException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.SourceInstance;
import ferry.router.replicate.TestInstances;
import ferry.router.testing.OrthancServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OrthancSource#changes}, Orthanc's {@code /changes} as a feed, against a real Orthanc: exactly the instances
 * added after {@link ChangeFeed#latest}, a gap left by deleted instances passed over, a cleared or reset feed
 * reported as truncated.
 */
class OrthancChangeFeedTest {
    static final int PAGE = 5;

    @RegisterExtension
    static final OrthancServer orthanc = OrthancServer.perClass(TestInstances.options());

    @TempDir
    Path dir;

    static OrthancSource source() {
        return new OrthancSource("pacs", TestInstances.orthanc(orthanc.baseUrl(), "ORTHANC_PASSWORD"),
                ENVIRONMENT::get, PAGE);
    }

    /** The feed's pages after {@code cursor} until it has no more at once. */
    static List<ChangeFeed.Page> follow(ChangeFeed feed, long cursor) throws Exception {
        List<ChangeFeed.Page> pages = new ArrayList<>();
        ChangeFeed.Page page;
        do {
            page = feed.after(cursor);
            pages.add(page);
            assertThat(page.cursor()).isGreaterThanOrEqualTo(cursor);
            cursor = page.cursor();
        } while (page.more());
        return pages;
    }

    static List<SourceInstance> instances(List<ChangeFeed.Page> pages) {
        return pages.stream().flatMap(page -> page.instances().stream()).toList();
    }

    @Test
    void givesExactlyTheInstancesAddedAfterLatestWithTheirUids() throws Exception {
        TestInstances.study(dir.resolve("before"), "BEFORE", 1, 3).forEach(this::upload);
        ChangeFeed feed = source().changes(ReplicationQuery.ALL).orElseThrow();
        long latest = feed.latest();
        List<Path> added = TestInstances.study(dir.resolve("after"), "AFTER", 2, 6);
        added.forEach(this::upload);

        List<ChangeFeed.Page> pages = follow(feed, latest);
        assertThat(pages).hasSizeGreaterThan(1);
        List<SourceInstance> instances = instances(pages);
        assertThat(instances).extracting(SourceInstance::sopInstanceUid)
                .containsExactlyInAnyOrderElementsOf(added.stream().map(TestInstances::sopInstanceUid).toList());
        for (SourceInstance instance : instances) {
            DataSet sent = TestInstances.dataSet(added.stream()
                    .filter(file -> TestInstances.sopInstanceUid(file).equals(instance.sopInstanceUid()))
                    .findFirst().orElseThrow());
            assertThat(instance.studyInstanceUid()).isEqualTo(sent.getString(Tags.StudyInstanceUID));
            assertThat(instance.seriesInstanceUid()).isEqualTo(sent.getString(Tags.SeriesInstanceUID));
            assertThat(instance.locator()).isEqualTo(orthanc.instanceId(instance.sopInstanceUid()));
        }
        long end = pages.get(pages.size() - 1).cursor();
        assertThat(end).isEqualTo(feed.latest());
        assertThat(feed.after(end)).isEqualTo(new ChangeFeed.Page(List.of(), end, false));
    }

    @Test
    void passesOverTheGapOfInstancesDeletedMeanwhile() throws Exception {
        // a change at the cursor still in the feed tells that it was not cleared since
        TestInstances.study(dir.resolve("before"), "BEFORE-GAP", 1, 1).forEach(this::upload);
        ChangeFeed feed = source().changes(ReplicationQuery.ALL).orElseThrow();
        long latest = feed.latest();
        List<Path> added = TestInstances.study(dir.resolve("added"), "DELETED", 1, 8);
        added.forEach(this::upload);
        // Orthanc deletes an instance's changes with it: its NewInstance, and its series' when it was the first
        orthanc.delete(TestInstances.sopInstanceUid(added.get(0)));
        orthanc.delete(TestInstances.sopInstanceUid(added.get(5)));

        assertThat(instances(follow(feed, latest))).extracting(SourceInstance::sopInstanceUid)
                .containsExactlyInAnyOrderElementsOf(added.stream().skip(1).filter(file -> file != added.get(5))
                        .map(TestInstances::sopInstanceUid).toList());
    }

    @Test
    void aClearedFeedIsTruncatedWhenChangesAfterTheCursorWereInIt() throws Exception {
        ChangeFeed feed = source().changes(ReplicationQuery.ALL).orElseThrow();
        long seen = feed.latest();
        TestInstances.study(dir, "CLEARED", 1, 2).forEach(this::upload);
        long cleared = feed.latest();
        orthanc.request("DELETE", "/changes", null);
        assertThat(feed.latest()).as("Orthanc's sequence goes on after a clear").isEqualTo(cleared);

        assertThatThrownBy(() -> feed.after(seen)).isInstanceOfSatisfying(FeedTruncatedException.class, e -> {
            assertThat(e.cursor()).isEqualTo(seen);
            assertThat(e.oldest()).isEqualTo(cleared + 1);
            assertThat(e).hasMessageStartingWith("the source pacs (Orthanc " + orthanc.baseUrl() + "): its change "
                    + "feed starts at " + (cleared + 1));
        });
        // nothing was missed by a cursor at the clear; what comes after it is given
        assertThat(feed.after(cleared)).isEqualTo(new ChangeFeed.Page(List.of(), cleared, false));
        Path next = TestInstances.study(dir.resolve("next"), "CLEARED-NEXT", 1, 1).get(0);
        upload(next);
        assertThat(instances(follow(feed, cleared))).extracting(SourceInstance::sopInstanceUid)
                .containsExactly(TestInstances.sopInstanceUid(next));
        assertThatThrownBy(() -> feed.after(seen)).isInstanceOfSatisfying(FeedTruncatedException.class,
                e -> assertThat(e.oldest()).isEqualTo(cleared + 1));
    }

    @Test
    void aFeedThatEndsBeforeTheCursorIsTruncated() throws Exception {
        ChangeFeed feed = source().changes(ReplicationQuery.ALL).orElseThrow();
        long latest = feed.latest();
        assertThatThrownBy(() -> feed.after(latest + 1000)).isInstanceOfSatisfying(FeedTruncatedException.class,
                e -> assertThat(e).hasMessageContaining("its change feed ends at " + latest + ", before the last "
                        + "change seen (" + (latest + 1000) + "): its database was replaced or reset"));
    }

    @Test
    void withAQueryGivesOnlyTheNewInstancesItSelects() throws Exception {
        DataSet keys = new DataSet();
        keys.setString(Tags.Modality, Vr.CS, "SR");
        keys.setString(Tags.SeriesDescription, Vr.LO, "Dose Record");
        ChangeFeed feed = source().changes(new ReplicationQuery(keys)).orElseThrow();
        long latest = feed.latest();
        TestInstances.study(dir.resolve("mr"), "QUERY-FEED", 1, 6).forEach(this::upload);
        Path dose = TestInstances.doseReport(dir, "dose", "QUERY-FEED", "Dose Record");
        upload(dose);
        upload(TestInstances.doseReport(dir, "other", "QUERY-FEED", "Key images"));

        assertThat(instances(follow(feed, latest))).extracting(SourceInstance::sopInstanceUid)
                .containsExactly(TestInstances.sopInstanceUid(dose));
    }

    private void upload(Path file) {
        try {
            orthanc.upload(file);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
