package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.router.journal.DurabilityPolicy;
import ferry.router.tagexport.ContentFlattener;
import ferry.router.tagexport.TagEvents;
import ferry.router.tagexport.TagShape;
import ferry.router.testing.ExportedTags;
import ferry.router.testing.HecSink;
import ferry.router.testing.TestStudy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SplunkHecDestination} against {@link HecSink}, a HEC made in the test: events in batches with the token,
 * index, sourcetype and host, their tags those of the objects' files; an event HEC refuses fails alone; every
 * other refusal and no answer at all are failures the queue retries; indexer acknowledgement waited for.
 */
class SplunkHecDestinationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    HecSink sink;

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    Destination hec(String url, TagShape shape, int batchSize, Duration timeout, boolean acknowledgement) {
        SplunkHecConfig config = new SplunkHecConfig(URI.create(url), "SPLUNK_TOKEN", "dicom",
                SplunkHecConfig.DEFAULT_SOURCETYPE, SplunkHecConfig.DEFAULT_SOURCE, null, shape, batchSize, timeout, 2,
                acknowledgement, Duration.ofSeconds(1), null);
        return Destinations.create("splunk", config, Map.of("SPLUNK_TOKEN", "tok-123")::get, DurabilityPolicy.PROCESS);
    }

    List<OutgoingObject> objects(String root, int count) throws Exception {
        List<OutgoingObject> objects = new ArrayList<>();
        long job = 1;
        for (Path file : new TestStudy("HEC", root, 1, count, 64).write(dir.resolve(root))) {
            OutgoingObject plain = Outgoing.of(file);
            objects.add(new OutgoingObject(file, plain.sopClassUid(), plain.sopInstanceUid(),
                    plain.transferSyntaxUid(), "SCANNER", plain.studyInstanceUid(), job++, null));
        }
        return objects;
    }

    @Test
    void eventsGoInBatchesWithTheTokenIndexSourcetypeAndTheTagsOfEachObject() throws Exception {
        sink = HecSink.start(0, "tok-123");
        List<OutgoingObject> objects = objects("2.25.8100", 25);
        try (Destination splunk = hec(sink.url(), TagShape.SIMPLIFIED, 10, Duration.ofSeconds(10), false)) {
            assertThat(splunk.batchSize()).isEqualTo(10);
            for (int from = 0; from < objects.size(); from += splunk.batchSize()) {
                List<Delivery> outcomes = splunk.deliverAll(objects.subList(from,
                        Math.min(objects.size(), from + splunk.batchSize())));
                assertThat(outcomes).allMatch(d -> d.result() == Delivery.Result.DELIVERED);
            }
        }
        assertThat(sink.requests()).isEqualTo(3);
        assertThat(sink.authorizations()).containsOnly("Splunk tok-123");
        List<JsonNode> envelopes = sink.envelopes();
        assertThat(envelopes).hasSize(25);
        TagEvents events = new TagEvents("splunk", TagShape.SIMPLIFIED, ContentFlattener.NONE);
        for (int i = 0; i < objects.size(); i++) {
            OutgoingObject object = objects.get(i);
            JsonNode envelope = envelopes.get(i);
            assertThat(envelope.path("index").asText()).isEqualTo("dicom");
            assertThat(envelope.path("sourcetype").asText()).isEqualTo("_json");
            assertThat(envelope.path("source").asText()).isEqualTo("ferry");
            assertThat(envelope.path("host").asText()).isNotBlank();
            assertThat(envelope.path("time").isNumber()).isTrue();
            JsonNode event = envelope.get("event");
            assertThat(event.path("event_id").asText()).isEqualTo(events.eventId(object.jobId(),
                    object.sopInstanceUid()));
            assertThat(event.path("sop_instance_uid").asText()).isEqualTo(object.sopInstanceUid());
            assertThat(event.path("calling_ae_title").asText()).isEqualTo("SCANNER");
            assertThat(event.path("shape").asText()).isEqualTo("simplified");
            assertThat(event.get("tags")).isEqualTo(JSON.readTree(ExportedTags.simplified(object.file())));
            assertThat(event.path("tags").path("PixelData").isNull()).as("bulk data left out").isTrue();
        }
    }

    @Test
    void theDicomJsonShapeHasTheHeaderWithoutBulkData() throws Exception {
        sink = HecSink.start(0, "tok-123");
        OutgoingObject object = objects("2.25.8101", 1).get(0);
        try (Destination splunk = hec(sink.url(), TagShape.DICOM_JSON, 10, Duration.ofSeconds(10), false)) {
            assertThat(splunk.deliver(object).result()).isEqualTo(Delivery.Result.DELIVERED);
        }
        JsonNode tags = sink.events().get(0).get("tags");
        assertThat(tags.path("00080018").path("Value").get(0).asText()).isEqualTo(object.sopInstanceUid());
        assertThat(tags.path("00080018").path("vr").asText()).isEqualTo("UI");
        assertThat(tags.has("7FE00010")).as("pixel data left out").isFalse();
        assertThat(sink.events().get(0).path("shape").asText()).isEqualTo("dicom-json");
    }

    @Test
    void anEventTheCollectorRefusesFailsAloneAndTheRestOfItsBatchIsDelivered() throws Exception {
        sink = HecSink.start(0, "tok-123");
        List<OutgoingObject> objects = objects("2.25.8102", 3);
        String refused = objects.get(1).sopInstanceUid();
        sink.refuse(envelope -> envelope.path("event").path("sop_instance_uid").asText().equals(refused));
        try (Destination splunk = hec(sink.url(), TagShape.SIMPLIFIED, 10, Duration.ofSeconds(10), false)) {
            List<Delivery> outcomes = splunk.deliverAll(objects);
            assertThat(outcomes).extracting(Delivery::result).containsExactly(Delivery.Result.DELIVERED,
                    Delivery.Result.REJECTED, Delivery.Result.DELIVERED);
            assertThat(outcomes.get(1).detail()).contains("HTTP 400").contains("Invalid data format");
        }
        assertThat(sink.events()).extracting(e -> e.path("sop_instance_uid").asText())
                .containsExactly(objects.get(0).sopInstanceUid(), objects.get(2).sopInstanceUid());
    }

    @Test
    void errorAnswersAndNoAnswerAreFailuresTheQueueRetriesWithNothingTaken() throws Exception {
        sink = HecSink.start(0, "tok-123");
        List<OutgoingObject> objects = objects("2.25.8103", 2);
        try (Destination splunk = hec(sink.url(), TagShape.SIMPLIFIED, 10, Duration.ofSeconds(1), false)) {
            for (HecSink.Answer answer : List.of(new HecSink.Answer(503, "{\"text\":\"Server is busy\",\"code\":9}"),
                    new HecSink.Answer(500, "{\"text\":\"Internal server error\",\"code\":8}"),
                    new HecSink.Answer(400, "{\"text\":\"Incorrect index\",\"code\":7}"),
                    new HecSink.Answer(401, "{\"text\":\"Token is required\",\"code\":2}"),
                    new HecSink.Answer(404, "not found"))) {
                sink.answer(answer);
                List<Delivery> outcomes = splunk.deliverAll(objects);
                assertThat(outcomes).as(answer.toString()).extracting(Delivery::result)
                        .containsOnly(Delivery.Result.FAILED);
                assertThat(outcomes.get(0).detail()).contains("HTTP " + answer.status());
            }
            sink.answer(null);
            sink.hold();
            assertThat(splunk.deliverAll(objects)).extracting(Delivery::detail)
                    .allMatch(detail -> detail.contains("no answer within 1 s"));
            sink.release();
        }
        try (Destination wrongToken = Destinations.create("splunk", new SplunkHecConfig(URI.create(sink.url()),
                "SPLUNK_TOKEN", null, "_json", "ferry", "h", TagShape.SIMPLIFIED, 10, Duration.ofSeconds(5), 1, false,
                Duration.ofSeconds(1), null), Map.of("SPLUNK_TOKEN", "wrong")::get, DurabilityPolicy.PROCESS)) {
            assertThat(wrongToken.deliverAll(objects)).extracting(Delivery::result)
                    .containsOnly(Delivery.Result.FAILED);
        }
        int port = sink.port();
        sink.close();
        sink = null;
        try (Destination down = hec("http://127.0.0.1:" + port + HecSink.EVENT_PATH, TagShape.SIMPLIFIED, 10,
                Duration.ofSeconds(5), false)) {
            assertThat(down.deliverAll(objects)).extracting(Delivery::detail)
                    .allMatch(detail -> detail.contains("cannot connect"));
        }
    }

    @Test
    void withAcknowledgementEventsAreDeliveredOnlyOnceTheCollectorSaysTheyAreIndexed() throws Exception {
        sink = HecSink.start(0, "tok-123");
        List<OutgoingObject> objects = objects("2.25.8104", 2);
        try (Destination splunk = hec(sink.url(), TagShape.SIMPLIFIED, 10, Duration.ofSeconds(5), true)) {
            sink.acknowledge(true);
            assertThat(splunk.deliverAll(objects)).extracting(Delivery::detail)
                    .allMatch(detail -> detail.contains("indexed the events"));
            sink.acknowledge(false);
            assertThat(splunk.deliverAll(objects)).extracting(Delivery::detail)
                    .allMatch(detail -> detail.contains("did not acknowledge"));
        }
    }

    @Test
    void aFileThatIsNotDicomIsRejectedAndTheOthersGo() throws Exception {
        sink = HecSink.start(0, "tok-123");
        List<OutgoingObject> objects = new ArrayList<>(objects("2.25.8105", 2));
        Path junk = Files.writeString(dir.resolve("junk.dcm"), "not DICOM");
        objects.add(1, new OutgoingObject(junk, TestStudy.MR, "2.25.8105.9", "1.2.840.10008.1.2.1", "", "", 9, null));
        try (Destination splunk = hec(sink.url(), TagShape.SIMPLIFIED, 10, Duration.ofSeconds(5), false)) {
            assertThat(splunk.deliverAll(objects)).extracting(Delivery::result).containsExactly(
                    Delivery.Result.DELIVERED, Delivery.Result.REJECTED, Delivery.Result.DELIVERED);
        }
        assertThat(sink.events()).hasSize(2);
    }
}
