package ferry.router.replicate.orthanc;

import static ferry.router.replicate.TestInstances.ENVIRONMENT;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.replicate.ChangeFeed;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.SourceInstance;
import ferry.router.replicate.TestInstances;
import ferry.router.testing.OrthancServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Orthanc whose {@code LimitFindInstances} is 3: Orthanc 1.10 then finds at most 4 instances per
 * {@code /tools/find}, whatever is asked, and says nothing of it. Queries, the change feed and presence still give
 * every instance they should.
 */
class OrthancFindLimitTest {
    @RegisterExtension
    static final OrthancServer orthanc = OrthancServer.perClass(TestInstances.options()
            .with("LimitFindInstances", "3"));

    @TempDir
    static Path dir;
    static List<Path> images;
    static Path dose;

    @BeforeAll
    static void upload() throws Exception {
        images = TestInstances.study(dir.resolve("mr"), "LIMITED", 2, 6);
        dose = TestInstances.doseReport(dir, "dose", "LIMITED", "Dose Record");
        for (Path file : images) {
            orthanc.upload(file);
        }
        orthanc.upload(dose);
    }

    static OrthancSource source() {
        return new OrthancSource("pacs", TestInstances.orthanc(orthanc.baseUrl(), "ORTHANC_PASSWORD"),
                ENVIRONMENT::get, 5);
    }

    static List<String> uids(List<Path> files) {
        return files.stream().map(TestInstances::sopInstanceUid).toList();
    }

    @Test
    void orthancFindsNoMoreThanItsLimitAndTheLimitIsFoundOut() throws Exception {
        assertThat(OrthancServer.ids(orthanc.post("/tools/find", "{\"Level\": \"Instance\", \"Query\": "
                + "{\"Modality\": \"MR\"}, \"Limit\": 100}"))).hasSize(4);
        HttpPeer peer = OrthancSource.peer("pacs", TestInstances.orthanc(orthanc.baseUrl(), "ORTHANC_PASSWORD"),
                ENVIRONMENT::get, EndpointException.Side.SOURCE);
        assertThat(new OrthancFind(peer).limit()).isEqualTo(4);
    }

    @Test
    void aQueryListsEveryInstanceItSelects() throws Exception {
        DataSet keys = new DataSet();
        keys.setString(Tags.Modality, Vr.CS, "MR");
        List<SourceInstance> listed = new ArrayList<>();
        try (OrthancSource source = source()) {
            source.list(new ReplicationQuery(keys), listed::addAll);
            assertThat(listed).extracting(SourceInstance::sopInstanceUid)
                    .containsExactlyInAnyOrderElementsOf(uids(images));
            listed.clear();
            keys.setString(Tags.Modality, Vr.CS, "SR");
            keys.setString(Tags.SeriesDescription, Vr.LO, "Dose Record");
            source.list(new ReplicationQuery(keys), listed::addAll);
            assertThat(listed).extracting(SourceInstance::sopInstanceUid)
                    .containsExactly(TestInstances.sopInstanceUid(dose));
        }
    }

    @Test
    void theChangeFeedWithAQueryGivesEveryNewInstanceItSelects() throws Exception {
        DataSet keys = new DataSet();
        keys.setString(Tags.Modality, Vr.CS, "MR");
        try (OrthancSource source = source()) {
            ChangeFeed feed = source.changes(new ReplicationQuery(keys)).orElseThrow();
            List<SourceInstance> added = new ArrayList<>();
            for (ChangeFeed.Page page = feed.after(0); ; page = feed.after(page.cursor())) {
                added.addAll(page.instances());
                if (!page.more()) {
                    break;
                }
            }
            assertThat(added).extracting(SourceInstance::sopInstanceUid)
                    .containsExactlyInAnyOrderElementsOf(uids(images));
        }
    }

    @Test
    void presenceFindsEveryInstanceHeld() throws Exception {
        List<SourceInstance> batch = new ArrayList<>();
        for (Path file : images) {
            batch.add(new SourceInstance(TestInstances.sopInstanceUid(file), "", "", "", "", -1));
            batch.add(new SourceInstance(TestInstances.newUid(), "", "", "", "", -1));
        }
        try (OrthancPresence presence = new OrthancPresence("archive", TestInstances.orthanc(orthanc.baseUrl(),
                "ORTHANC_PASSWORD"), ENVIRONMENT::get)) {
            assertThat(presence.held(batch)).containsExactlyInAnyOrderElementsOf(uids(images));
        }
    }
}
