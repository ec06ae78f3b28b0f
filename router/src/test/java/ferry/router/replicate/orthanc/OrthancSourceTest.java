package ferry.router.replicate.orthanc;

import static ferry.router.replicate.TestInstances.ENVIRONMENT;
import static ferry.router.replicate.TestInstances.SECRETS;
import static ferry.router.replicate.TestInstances.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.InstanceException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.SourceInstance;
import ferry.router.replicate.TestInstances;
import ferry.router.testing.OrthancServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OrthancSource} against a real Orthanc (Debian's 1.10, with a user and HTTP keep-alive as it has it by
 * default): listings by page and by query give each instance once with its UIDs, fetches give the bytes uploaded, and
 * failures say which instance or which end and why, never a secret.
 */
class OrthancSourceTest {
    /** Small pages, so that a listing of a few dozen instances takes several. */
    static final int PAGE = 5;

    @RegisterExtension
    static final OrthancServer orthanc = OrthancServer.perClass(TestInstances.options());

    @TempDir
    Path dir;

    static OrthancSource source(String passwordVariable) {
        return new OrthancSource("pacs", TestInstances.orthanc(orthanc.baseUrl(), passwordVariable), ENVIRONMENT::get,
                PAGE);
    }

    /** Every page of the listing of {@code query}. */
    static List<List<SourceInstance>> pages(OrthancSource source, ReplicationQuery query) throws Exception {
        List<List<SourceInstance>> pages = new ArrayList<>();
        source.list(query, pages::add);
        return pages;
    }

    static List<SourceInstance> all(List<List<SourceInstance>> pages) {
        return pages.stream().flatMap(List::stream).toList();
    }

    static ReplicationQuery query(int tag, Vr vr, String value) {
        DataSet keys = new DataSet();
        keys.setString(tag, vr, value);
        return new ReplicationQuery(keys);
    }

    /** {@code thrown}'s message, checked for secrets. */
    @Test
    void describesItselfByUrlWithoutCredentials() {
        try (OrthancSource source = source("ORTHANC_PASSWORD")) {
            assertThat(source.describe()).isEqualTo("Orthanc " + orthanc.baseUrl());
            message(new IOException(source.describe()));
        }
    }

    @Test
    void listsEveryInstanceOnceAcrossPagesWithItsUidsLocatorAndSize() throws Exception {
        List<Path> files = TestInstances.study(dir.resolve("a"), "LIST-A", 2, 6);
        files.addAll(TestInstances.study(dir.resolve("b"), "LIST-B", 1, 7));
        for (Path file : files) {
            orthanc.upload(file);
        }
        try (OrthancSource source = source("ORTHANC_PASSWORD")) {
            List<List<SourceInstance>> pages = pages(source, ReplicationQuery.ALL);
            List<SourceInstance> listed = all(pages);
            assertThat(pages).hasSizeGreaterThan(files.size() / PAGE)
                    .allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(PAGE));
            assertThat(listed.stream().map(SourceInstance::sopInstanceUid).sorted().toList())
                    .isEqualTo(orthanc.sopInstanceUids());
            Map<String, SourceInstance> byUid = new HashMap<>();
            listed.forEach(instance -> byUid.put(instance.sopInstanceUid(), instance));
            for (Path file : files) {
                DataSet sent = TestInstances.dataSet(file);
                SourceInstance instance = byUid.get(sent.getString(Tags.SOPInstanceUID));
                assertThat(instance.studyInstanceUid()).isEqualTo(sent.getString(Tags.StudyInstanceUID));
                assertThat(instance.seriesInstanceUid()).isEqualTo(sent.getString(Tags.SeriesInstanceUID));
                assertThat(instance.locator()).isEqualTo(orthanc.instanceId(instance.sopInstanceUid()));
                assertThat(instance.size()).isEqualTo(Files.size(file));
                assertThat(instance.sopClassUid()).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "by query: {0}")
    @ValueSource(booleans = {false, true})
    void aListingGivesEveryInstanceOnceWhileInstancesListedAlreadyAreDeleted(boolean byQuery) throws Exception {
        String patientId = "LIST-DELETED-" + byQuery;
        for (Path file : TestInstances.study(dir, patientId, 1, 30)) {
            orthanc.upload(file);
        }
        ReplicationQuery query = byQuery ? query(Tags.PatientID, Vr.LO, patientId) : ReplicationQuery.ALL;
        List<String> before = all(pages(source("ORTHANC_PASSWORD"), query)).stream()
                .map(SourceInstance::sopInstanceUid).toList();
        Set<String> deleted = new HashSet<>();
        List<String> listed = new ArrayList<>();
        try (OrthancSource source = source("ORTHANC_PASSWORD")) {
            source.list(query, page -> {
                page.forEach(instance -> listed.add(instance.sopInstanceUid()));
                if (listed.size() > 2 * PAGE && deleted.isEmpty()) {
                    // more than the overlap of a page, each moving the next ones forward
                    for (SourceInstance instance : page.subList(0, 3)) {
                        orthanc.delete(instance.sopInstanceUid());
                        deleted.add(instance.sopInstanceUid());
                    }
                }
                return true;
            });
        }
        assertThat(deleted).hasSize(3);
        assertThat(before).hasSizeGreaterThanOrEqualTo(30);
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aQueryListsOnlyTheDoseRecordSeries() throws Exception {
        List<Path> images = TestInstances.study(dir.resolve("mr"), "DOSE-Q", 1, 4);
        Path dose = TestInstances.doseReport(dir, "dose", "DOSE-Q", "Dose Record");
        Path other = TestInstances.doseReport(dir, "other", "DOSE-Q", "Key images");
        for (Path file : List.of(images.get(0), images.get(1), dose, other)) {
            orthanc.upload(file);
        }
        DataSet keys = new DataSet();
        keys.setString(Tags.Modality, Vr.CS, "SR");
        keys.setString(Tags.SeriesDescription, Vr.LO, "Dose Record");
        try (OrthancSource source = source("ORTHANC_PASSWORD")) {
            List<SourceInstance> listed = all(pages(source, new ReplicationQuery(keys)));
            assertThat(listed).extracting(SourceInstance::sopInstanceUid)
                    .containsExactly(TestInstances.sopInstanceUid(dose));
            assertThat(listed.get(0).seriesInstanceUid())
                    .isEqualTo(TestInstances.dataSet(dose).getString(Tags.SeriesInstanceUID));
            // wild cards, and a key Orthanc 1.10 does not index (matched by reading the files)
            assertThat(all(pages(source, query(Tags.SeriesDescription, Vr.LO, "Dose*"))))
                    .extracting(SourceInstance::sopInstanceUid).contains(TestInstances.sopInstanceUid(dose))
                    .doesNotContain(TestInstances.sopInstanceUid(other));
        }
    }

    @Test
    void aQueryOnAnAttributeOrthancDoesNotIndexIsMatchedAcrossPages() throws Exception {
        // EthnicGroup is no main DICOM tag of Orthanc 1.10: it reads each instance's file to match it
        List<Path> files = TestInstances.study(dir, "NOT-MAIN", 2, 6);
        for (Path file : files) {
            orthanc.upload(file);
        }
        try (OrthancSource source = source("ORTHANC_PASSWORD")) {
            List<List<SourceInstance>> pages = pages(source, query(Tags.EthnicGroup, Vr.SH, "SUBJ-NOT-MAIN"));
            assertThat(pages).hasSizeGreaterThan(1);
            assertThat(all(pages)).extracting(SourceInstance::sopInstanceUid)
                    .containsExactlyInAnyOrderElementsOf(files.stream().map(TestInstances::sopInstanceUid).toList());
        }
    }

    @Test
    void aQueryOrthancRefusesIsAnEndpointExceptionNamingTheKey() {
        try (OrthancSource source = source("ORTHANC_PASSWORD")) {
            // PS3.4 C.2.2.2.4: no wild cards in a DS value
            assertThatThrownBy(() -> pages(source, query(Tags.PatientWeight, Vr.DS, "7*")))
                    .isInstanceOfSatisfying(EndpointException.class, e -> {
                        assertThat(e.side()).isEqualTo(EndpointException.Side.SOURCE);
                        assertThat(message(e)).contains("the source pacs (Orthanc " + orthanc.baseUrl() + ")",
                                "HTTP 400", "0010,1030 (PatientWeight)");
                    });
            DataSet inSequence = new DataSet();
            inSequence.newSequence(Tags.ReferencedSeriesSequence).addItem()
                    .setString(Tags.SeriesInstanceUID, Vr.UI, "1.2.3");
            assertThatThrownBy(() -> pages(source, new ReplicationQuery(inSequence)))
                    .isInstanceOf(EndpointException.class)
                    .hasMessageContaining("ReferencedSeriesSequence (0008,1115)")
                    .hasMessageContaining("no sequence matching");
        }
    }

    @Test
    void fetchWritesTheBytesUploadedFromParallelThreads() throws Exception {
        List<Path> files = TestInstances.study(dir.resolve("sent"), "FETCH", 2, 10);
        Map<String, Path> sent = new HashMap<>();
        for (Path file : files) {
            orthanc.upload(file);
            sent.put(TestInstances.sopInstanceUid(file), file);
        }
        Path fetched = Files.createDirectories(dir.resolve("fetched"));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (OrthancSource source = source("ORTHANC_PASSWORD")) {
            List<Future<Path>> done = new ArrayList<>();
            for (SourceInstance instance : all(pages(source, ReplicationQuery.ALL))) {
                if (sent.containsKey(instance.sopInstanceUid())) {
                    done.add(threads.submit(() -> {
                        Path target = fetched.resolve(instance.sopInstanceUid());
                        source.fetch(instance, target);
                        return target;
                    }));
                }
            }
            assertThat(done).hasSize(files.size());
            for (Future<Path> target : done) {
                Path file = target.get();
                assertThat(file).hasBinaryContent(Files.readAllBytes(sent.get(file.getFileName().toString())));
            }
            SourceInstance any = all(pages(source, ReplicationQuery.ALL)).get(0);
            assertThatThrownBy(() -> source.fetch(any, dir.resolve("no-such-folder").resolve("x.dcm")))
                    .as("this side's trouble, not the source's").isInstanceOf(NoSuchFileException.class);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void fetchOfAnInstanceDeletedSinceItWasListedIsAnInstanceException() throws Exception {
        Path file = TestInstances.study(dir, "GONE", 1, 1).get(0);
        orthanc.upload(file);
        String uid = TestInstances.sopInstanceUid(file);
        try (OrthancSource source = source("ORTHANC_PASSWORD")) {
            SourceInstance listed = all(pages(source, query(Tags.SOPInstanceUID, Vr.UI, uid))).get(0);
            orthanc.delete(uid);
            Path target = dir.resolve("gone.dcm");
            assertThatThrownBy(() -> source.fetch(listed, target))
                    .isInstanceOfSatisfying(InstanceException.class, e -> assertThat(message(e))
                            .contains("instance " + listed.locator(), uid, "is no longer in the source pacs",
                                    "HTTP 404"));
            assertThat(target).doesNotExist();
            SourceInstance notOrthanc = new SourceInstance(uid, "", "", "", "../../system", -1);
            assertThatThrownBy(() -> source.fetch(notOrthanc, target)).isInstanceOf(InstanceException.class)
                    .hasMessageContaining("not an Orthanc instance id");
        }
    }

    @Test
    void fetchOfABodyThatIsNotDicomIsAnInstanceException() throws Exception {
        // a proxy in front of Orthanc that answers with its own page: Orthanc itself only serves DICOM files
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] page = "<html><body>Maintenance until 6 am</body></html>".repeat(10)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        proxy.start();
        Path target = dir.resolve("page.dcm");
        try (OrthancSource source = new OrthancSource("pacs", TestInstances.orthanc("http://127.0.0.1:"
                + proxy.getAddress().getPort(), "ORTHANC_PASSWORD"), ENVIRONMENT::get)) {
            SourceInstance instance = new SourceInstance("1.2.3.4", "", "", "", "0123abcd-0123abcd-0123abcd-0123abcd"
                    + "-0123abcd", -1);
            assertThatThrownBy(() -> source.fetch(instance, target))
                    .isInstanceOfSatisfying(InstanceException.class, e -> assertThat(message(e))
                            .contains("1.2.3.4", "not a DICOM file"));
            assertThat(target).doesNotExist();
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void aWrongPasswordIsAnEndpointExceptionNamingTheSourceAnd401() throws Exception {
        Path file = TestInstances.study(dir, "WRONG", 1, 1).get(0);
        String id = orthanc.upload(file);
        try (OrthancSource source = source("WRONG_PASSWORD")) {
            String expected = "the source pacs (Orthanc " + orthanc.baseUrl() + ") refused the credentials "
                    + "(HTTP 401): check user and password-variable";
            assertThatThrownBy(() -> pages(source, ReplicationQuery.ALL))
                    .isInstanceOfSatisfying(EndpointException.class, e -> {
                        assertThat(e.side()).isEqualTo(EndpointException.Side.SOURCE);
                        assertThat(message(e)).isEqualTo(expected);
                    });
            SourceInstance instance = new SourceInstance(TestInstances.sopInstanceUid(file), "", "", "", id, -1);
            assertThatThrownBy(() -> source.fetch(instance, dir.resolve("x.dcm")))
                    .isInstanceOfSatisfying(EndpointException.class, e -> assertThat(message(e)).isEqualTo(expected));
            assertThatThrownBy(() -> source.changes(ReplicationQuery.ALL).orElseThrow().latest())
                    .isInstanceOfSatisfying(EndpointException.class, e -> assertThat(message(e)).isEqualTo(expected));
        }
    }

    @Test
    void anUnreachablePortIsAnEndpointException() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed;
        try (OrthancSource source = new OrthancSource("pacs", TestInstances.orthanc(url, "ORTHANC_PASSWORD"),
                ENVIRONMENT::get)) {
            assertThatThrownBy(() -> pages(source, ReplicationQuery.ALL))
                    .isInstanceOfSatisfying(EndpointException.class, e -> {
                        assertThat(e.side()).isEqualTo(EndpointException.Side.SOURCE);
                        assertThat(message(e)).startsWith("the source pacs (Orthanc " + url + "): cannot connect");
                    });
            SourceInstance instance = new SourceInstance("1.2.3", "", "", "", "0123abcd-0123abcd-0123abcd-0123abcd"
                    + "-0123abcd", -1);
            assertThatThrownBy(() -> source.fetch(instance, dir.resolve("x.dcm")))
                    .isInstanceOf(EndpointException.class).hasMessageContaining("cannot connect");
        }
    }

    @Test
    void aPasswordVariableThatIsNotSetIsNamed() {
        assertThatThrownBy(() -> source("NO_SUCH_VARIABLE")).isInstanceOf(IllegalStateException.class)
                .hasMessage("environment variable NO_SUCH_VARIABLE (password-variable of destination pacs) is not "
                        + "set");
    }
}
