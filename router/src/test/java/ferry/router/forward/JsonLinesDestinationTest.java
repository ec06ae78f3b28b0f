package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.router.journal.DurabilityPolicy;
import ferry.router.tagexport.ContentFlattener;
import ferry.router.tagexport.TagEvents;
import ferry.router.tagexport.TagShape;
import ferry.router.testing.ExportedTags;
import ferry.router.testing.MovableClock;
import ferry.router.testing.TestStudy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonLinesDestination} on real files: one whole line per object with the object's tags; a job written
 * before a restart found by its event id and not written again, also when the kill cut a line short (the cut line
 * is cut back also when the restart writes to the next day's file); files of
 * each day, the next one begun at the size limit; a folder that cannot be written fails, and the next attempt
 * writes the lines once.
 */
class JsonLinesDestinationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock(T0);

    JsonLinesDestination lines(Path folder, long maxSize, boolean daily) {
        return new JsonLinesDestination("lines", new JsonLinesConfig(folder, "tags", TagShape.SIMPLIFIED, maxSize,
                daily, 100), DurabilityPolicy.PROCESS, clock, ContentFlattener.NONE);
    }

    /** {@code count} objects, their jobs numbered from {@code firstJob}, queued at {@code queuedAt}. */
    List<OutgoingObject> objects(String root, int count, int pixelBytes, long firstJob, Instant queuedAt)
            throws Exception {
        List<OutgoingObject> objects = new ArrayList<>();
        long job = firstJob;
        for (Path file : new TestStudy("LINES", root, 1, count, pixelBytes).write(dir.resolve(root))) {
            OutgoingObject plain = Outgoing.of(file);
            objects.add(new OutgoingObject(file, plain.sopClassUid(), plain.sopInstanceUid(),
                    plain.transferSyntaxUid(), "SCANNER", plain.studyInstanceUid(), job++, queuedAt));
        }
        return objects;
    }

    static List<JsonNode> read(Path folder) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(text).as(file + " ends with a whole line").endsWith("\n");
                for (String line : text.split("\n")) {
                    all.add(JSON.readTree(line));
                }
            }
        }
        return all;
    }

    static Map<String, Long> perSop(List<JsonNode> events) {
        return events.stream().collect(Collectors.groupingBy(e -> e.path("sop_instance_uid").asText(),
                Collectors.counting()));
    }

    @Test
    void eachObjectIsOneLineWithItsTagsAndItsEventId() throws Exception {
        Path folder = dir.resolve("out");
        List<OutgoingObject> objects = objects("2.25.8200", 5, 64, 1, T0);
        try (JsonLinesDestination lines = lines(folder, JsonLinesConfig.DEFAULT_MAX_SIZE, true)) {
            assertThat(lines.deliverAll(objects)).extracting(Delivery::result).containsOnly(Delivery.Result.DELIVERED);
        }
        assertThat(folder.resolve("tags-2026-03-04.jsonl")).exists();
        List<JsonNode> events = read(folder);
        assertThat(events).hasSize(5);
        TagEvents ids = new TagEvents("lines", TagShape.SIMPLIFIED, ContentFlattener.NONE);
        for (int i = 0; i < 5; i++) {
            OutgoingObject object = objects.get(i);
            assertThat(events.get(i).path("event_id").asText()).isEqualTo(ids.eventId(i + 1, object.sopInstanceUid()));
            assertThat(events.get(i).path("job").asLong()).isEqualTo(i + 1);
            assertThat(events.get(i).path("received_at").asText()).isEqualTo(T0.toString());
            assertThat(events.get(i).get("tags")).isEqualTo(JSON.readTree(ExportedTags.simplified(object.file())));
        }
    }

    @Test
    void jobsWrittenBeforeARestartAreFoundAndNotWrittenAgain() throws Exception {
        Path folder = dir.resolve("out");
        List<OutgoingObject> objects = objects("2.25.8201", 4, 64, 1, T0);
        try (JsonLinesDestination before = lines(folder, JsonLinesConfig.DEFAULT_MAX_SIZE, true)) {
            before.deliverAll(objects.subList(0, 3));
        }
        clock.set(T0.plusSeconds(5)); // the restart: the jobs were made before this destination
        try (JsonLinesDestination after = lines(folder, JsonLinesConfig.DEFAULT_MAX_SIZE, true)) {
            assertThat(after.deliverAll(objects.subList(1, 4))).extracting(Delivery::result).containsExactly(
                    Delivery.Result.ALREADY_THERE, Delivery.Result.ALREADY_THERE, Delivery.Result.DELIVERED);
        }
        assertThat(perSop(read(folder))).hasSize(4).allSatisfy((sop, count) -> assertThat(count).isEqualTo(1));
    }

    /** The restart comes 5 s after the kill (lines go on in the same file) or the next day (to a new file). */
    @ParameterizedTest(name = "restart after {0}")
    @ValueSource(strings = {"PT5S", "P1D"})
    void aLineAKillCutShortIsCutBackAndItsJobWrittenWhole(String restartAfter) throws Exception {
        Path folder = dir.resolve("out");
        List<OutgoingObject> objects = objects("2.25.8202", 3, 64, 1, T0);
        try (JsonLinesDestination before = lines(folder, JsonLinesConfig.DEFAULT_MAX_SIZE, true)) {
            before.deliverAll(objects.subList(0, 2));
        }
        Path file = folder.resolve("tags-2026-03-04.jsonl");
        String id = new TagEvents("lines", TagShape.SIMPLIFIED, ContentFlattener.NONE).eventId(3,
                objects.get(2).sopInstanceUid());
        Files.writeString(file, "{\"event_id\":\"" + id + "\",\"job\":3,\"sop_inst", StandardOpenOption.APPEND);
        clock.set(T0.plus(Duration.parse(restartAfter)));
        try (JsonLinesDestination after = lines(folder, JsonLinesConfig.DEFAULT_MAX_SIZE, true)) {
            assertThat(after.deliver(objects.get(2)).result()).isEqualTo(Delivery.Result.DELIVERED);
        }
        List<JsonNode> events = read(folder); // every file ends with a whole line
        assertThat(events).hasSize(3);
        assertThat(events.get(2).path("event_id").asText()).isEqualTo(id);
    }

    @Test
    void aNewFileBeginsEachDayAndBeforeAFileWouldPassItsSize() throws Exception {
        Path folder = dir.resolve("out");
        List<OutgoingObject> objects = objects("2.25.8203", 120, 64, 1, T0);
        try (JsonLinesDestination lines = lines(folder, JsonLinesConfig.LEAST_MAX_SIZE, true)) {
            for (int from = 0; from < 100; from += 10) {
                lines.deliverAll(objects.subList(from, from + 10));
            }
            clock.set(T0.plus(Duration.ofDays(1)));
            lines.deliverAll(objects.subList(100, 120));
        }
        List<String> names;
        try (Stream<Path> files = Files.list(folder)) {
            names = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(names).contains("tags-2026-03-04.jsonl", "tags-2026-03-04.1.jsonl", "tags-2026-03-05.jsonl");
        for (String name : names) {
            assertThat(Files.size(folder.resolve(name))).as(name).isLessThanOrEqualTo(JsonLinesConfig.LEAST_MAX_SIZE);
        }
        try (Stream<String> day2 = Files.lines(folder.resolve("tags-2026-03-05.jsonl"))) {
            assertThat(day2.count()).isEqualTo(20);
        }
        assertThat(perSop(read(folder))).hasSize(120).allSatisfy((sop, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void aFolderThatCannotBeWrittenFailsAndTheNextAttemptWritesEachLineOnce() throws Exception {
        Path folder = dir.resolve("out");
        Files.writeString(folder, "a file where the folder should be");
        List<OutgoingObject> objects = objects("2.25.8204", 3, 64, 1, T0);
        try (JsonLinesDestination lines = lines(folder, JsonLinesConfig.DEFAULT_MAX_SIZE, false)) {
            List<Delivery> failed = lines.deliverAll(objects);
            assertThat(failed).extracting(Delivery::result).containsOnly(Delivery.Result.FAILED);
            assertThat(failed.get(0).detail()).contains("cannot write");
            Files.delete(folder);
            assertThat(lines.deliverAll(objects)).extracting(Delivery::result)
                    .containsOnly(Delivery.Result.DELIVERED);
        }
        assertThat(folder.resolve("tags.jsonl")).exists();
        assertThat(perSop(read(folder))).hasSize(3).allSatisfy((sop, count) -> assertThat(count).isEqualTo(1));
    }
}
