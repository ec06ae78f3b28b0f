package ferry.router.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.testing.Await;
import ferry.router.tagexport.ContentFlattener;
import ferry.router.tagexport.TagEvents;
import ferry.router.tagexport.TagShape;
import ferry.router.testing.ExportedTags;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.FerryRun;
import ferry.router.testing.HecSink;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ferry export-tags} as a real process, killed with SIGKILL in the middle of an export of a few thousand
 * instances ({@code ferry index}ed files made here), then run again (docs/tag-export.md, "Once per instance, also
 * after a kill").
 *
 * <p>To a JSON lines file: after the second run every instance the index holds has exactly one whole line, under its
 * event id, with the files' last line torn by the kill or not, and a third run writes nothing. The killed run is
 * kept going for seconds after the kill is due, also on a loaded machine: durability {@code power} (three fsyncs a
 * batch of 5), 4,000 instances, the JVM's interpreter only ({@code -Xint}), and the kill once 100 are recorded done.
 * That the kill came mid-export is asserted from what is on disk (some lines, not all), never assumed.
 *
 * <p>To a Splunk HTTP Event Collector ({@link HecSink}), which cannot be asked what it holds: the collector takes a
 * batch and holds its answer, and the export is killed waiting for it. After the second run every instance's event
 * arrived, twice only those of the batch in flight (recorded "sending", not "done"), every copy with the same event
 * id and time; the summary line counts them as sent again.
 */
class ExportTagsKillTest {
    private static final int INSTANCES = 4000;
    private static final int KILL_AFTER = 100;
    private static final int BATCH = 5;
    private static final String TOKEN = "kill-token";
    private static final String TOKEN_VARIABLE = "FERRY_KILL_HEC_TOKEN";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path config;
    private HecSink sink;
    private Process export;
    /** What the index holds: each instance's SOP Instance UID and when it was received (its file's time). */
    private Map<String, Instant> indexed;

    @BeforeEach
    void indexAFewThousandFiles() throws Exception {
        sink = HecSink.start(0, TOKEN);
        Files.createDirectories(dir.resolve("data"));
        config = dir.resolve("ferry.yaml");
        Files.writeString(config, """
                data-directory: data
                durability: power
                destinations:
                  lines:
                    json-lines: {folder: tags, batch-size: %d}
                  splunk:
                    splunk-hec: {url: "%s", token-env: %s, batch-size: %d}
                """.formatted(BATCH, sink.url(), TOKEN_VARIABLE, BATCH));
        Path files = dir.resolve("files");
        new TestStudy("KILL", "2.25.9400", 4, INSTANCES / 4, 64).write(files);
        FerryRun index = FerryRun.of("index", "-c", config.toString(), files.toString());
        assertThat(index.exitCode()).as(index.err()).isZero();
        assertThat(index.out()).contains(INSTANCES + " files indexed");
        indexed = indexedInstances();
        assertThat(indexed).hasSize(INSTANCES);
    }

    @AfterEach
    void stop() {
        if (export != null) {
            export.destroyForcibly();
        }
        sink.close();
    }

    /** SOP Instance UID → ReceivedAt of every instance, as {@code ferry find --local --csv} reads the index. */
    private Map<String, Instant> indexedInstances() {
        FerryRun find = FerryRun.of("find", "--local", "-c", config.toString(), "--level", "image", "--csv",
                "SOPInstanceUID=");
        assertThat(find.exitCode()).as(find.err()).isZero();
        List<String> rows = find.out().lines().toList();
        List<String> header = Arrays.asList(rows.get(0).split(","));
        int uid = header.indexOf("SOPInstanceUID");
        int receivedAt = header.indexOf("ReceivedAt");
        Map<String, Instant> instances = new HashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] fields = row.split(",");
            instances.put(fields[uid], Instant.parse(fields[receivedAt]));
        }
        return instances;
    }

    @ParameterizedTest(name = "last line torn by the kill: {0}")
    @ValueSource(booleans = {false, true})
    void aJsonLinesExportKilledMidwayHoldsEveryInstanceOnceInWholeLinesAfterARunAgain(boolean torn)
            throws Exception {
        Path record = dir.resolve("data/export-tags/lines.log");
        export = start("lines", dir.resolve("killed.log"), "-Xint");
        Await.until(KILL_AFTER + " instances exported and recorded", () -> running(export, "killed.log")
                && Record.read(record).done().size() >= KILL_AFTER);
        kill(export);

        Record killed = Record.read(record);
        List<String> written = wholeLines().stream().map(ExportTagsKillTest::sop).toList();
        assertThat(written).as("the kill came mid-export: some lines written, not all").isNotEmpty()
                .hasSizeLessThan(INSTANCES);
        assertThat(written).as("each instance recorded done has its line").containsAll(killed.done());
        assertThat(killed.done()).hasSizeLessThan(INSTANCES);
        Set<String> known = new HashSet<>(killed.done());
        known.addAll(killed.inDoubt());
        assertThat(known).as("no line the record does not know of").containsAll(written);
        if (torn) {
            tearTheLastBatch(record);
        }

        Record before = Record.read(record);
        Set<String> there = wholeLines().stream().map(ExportTagsKillTest::sop).collect(Collectors.toSet());
        long found = before.inDoubt().stream().filter(there::contains).count();
        String again = runToTheEnd("lines", "again.log");
        assertThat(again).contains(INSTANCES + " matched: " + (INSTANCES - before.done().size() - found) + " sent, "
                + before.done().size() + " exported before" + (found > 0 ? ", " + found + " found already there" : "")
                + ", 0 without a stored file, 0 refused");

        List<JsonNode> lines = wholeLines();
        assertEveryInstanceOnce(lines, "lines");
        Map<Path, byte[]> files = tagFiles();

        String third = runToTheEnd("lines", "third.log");
        assertThat(third).contains(INSTANCES + " matched: 0 sent, " + INSTANCES + " exported before");
        assertThat(tagFiles()).as("nothing written by a third run").hasSameSizeAs(files)
                .allSatisfy((file, bytes) -> assertThat(bytes).isEqualTo(files.get(file)));
    }

    @Test
    void aSplunkExportKilledWithABatchInFlightSendsOnlyThatBatchAgainWithTheSameIdsAndTimes() throws Exception {
        Path record = dir.resolve("data/export-tags/splunk.log");
        int taken = INSTANCES / 5;
        sink.holdAfter(taken);
        export = start("splunk", dir.resolve("killed.log"));
        Await.until("a batch taken by the collector and held without an answer", () -> running(export, "killed.log")
                && sink.events().size() > taken);
        kill(export);
        sink.release();

        List<String> atCollector = sink.events().stream().map(ExportTagsKillTest::sop).toList();
        assertThat(atCollector).as("the kill came mid-export").hasSize(taken + BATCH);
        Record killed = Record.read(record);
        assertThat(killed.done()).as("recorded done: the batches answered")
                .containsExactlyInAnyOrderElementsOf(atCollector.subList(0, taken));
        assertThat(killed.inDoubt()).as("in doubt: the batch in flight, taken by the collector, never answered")
                .containsExactlyInAnyOrderElementsOf(atCollector.subList(taken, taken + BATCH));

        String again = runToTheEnd("splunk", "again.log");
        assertThat(again).as("the in-flight batch counted as sent again").contains(INSTANCES + " matched: "
                + (INSTANCES - taken) + " sent (" + BATCH + " of them again, after a stopped run: the destination "
                + "cannot tell whether it holds them, so it may hold them twice, under the same event_id), " + taken
                + " exported before, 0 without a stored file, 0 refused");

        List<JsonNode> envelopes = sink.envelopes();
        Map<String, List<JsonNode>> bySop = envelopes.stream()
                .collect(Collectors.groupingBy(envelope -> sop(envelope.get("event"))));
        assertThat(bySop.keySet()).as("every instance's event arrived").isEqualTo(indexed.keySet());
        Set<String> twice = bySop.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(twice).as("sent twice: only the batch in flight at the kill").isEqualTo(killed.inDoubt());
        assertThat(bySop).allSatisfy((sop, copies) -> assertThat(copies).as(sop).hasSizeLessThanOrEqualTo(2)
                .allSatisfy(copy -> {
                    assertThat(copy.get("event").get("event_id").asText()).isEqualTo(eventId("splunk", sop));
                    assertThat(copy.get("time").decimalValue().movePointRight(3).longValueExact())
                            .as("time: when the index says it was received")
                            .isEqualTo(indexed.get(sop).toEpochMilli());
                }));

        String third = runToTheEnd("splunk", "third.log");
        assertThat(third).contains(INSTANCES + " matched: 0 sent, " + INSTANCES + " exported before");
        assertThat(sink.envelopes()).as("nothing sent by a third run").hasSameSizeAs(envelopes);
    }

    private Process start(String to, Path log) throws IOException {
        return start(to, log, "");
    }

    private Process start(String to, Path log, String javaOptions) throws IOException {
        ProcessBuilder builder = FerryProcess.builder(dir, "export-tags", "--config", config.toString(), "--to", to);
        builder.environment().put(TOKEN_VARIABLE, TOKEN);
        builder.environment().put("FERRY_JAVA_OPTS", javaOptions);
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** True while {@code process} runs; fails when it ended (the export finished before it could be killed). */
    private boolean running(Process process, String log) throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("the export ended (" + process.exitValue() + ") before it was killed: "
                    + Files.readString(dir.resolve(log)));
        }
        return true;
    }

    /** SIGKILL to the export's JVM itself (the launcher replaces itself with java, so the pid is the JVM's). */
    private static void kill(Process process) throws InterruptedException {
        assertThat(process.info().command()).as("the process is the JVM, not a wrapper script")
                .hasValueSatisfying(command -> assertThat(command).endsWith("/java"));
        process.destroyForcibly();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("ended by SIGKILL (128 + 9)").isEqualTo(137);
    }

    /** Runs {@code ferry export-tags --to TO} to its end; its output. */
    private String runToTheEnd(String to, String log) throws Exception {
        export = start(to, dir.resolve(log));
        assertThat(export.waitFor(300, TimeUnit.SECONDS)).as("the export ended").isTrue();
        String output = Files.readString(dir.resolve(log), StandardCharsets.UTF_8);
        assertThat(export.exitValue()).as(output).isZero();
        return output;
    }

    /**
     * Sets the files back to the middle of the write of the last batch whose lines are in them, as a SIGKILL landing
     * inside that write(2) leaves them (the kernel stops a write to a file part way for a fatal signal): the record
     * without that batch's "done" line (and without a later batch's "sending" line, whose lines were not written),
     * the file holding the first half of the batch's lines and part of the next line. A kill in the test lands
     * inside a write too rarely to count on, so the state is made from what the real kill left.
     */
    private void tearTheLastBatch(Path record) throws IOException {
        Path file = newestTagFile();
        if (!endsWithANewline(file)) {
            return; // torn by the kill itself
        }
        String text = Files.readString(record, StandardCharsets.US_ASCII);
        List<String> entries = new ArrayList<>(text.substring(0, text.lastIndexOf('\n') + 1).lines().toList());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> lastSops = lines.stream().map(line -> sop(parse(line))).toList();
        while (!entries.isEmpty()) {
            String[] words = entries.get(entries.size() - 1).split(" ");
            List<String> batch = Arrays.asList(words).subList(words[0].equals("done") ? 1 : 2, words.length);
            if (batch.size() <= lastSops.size()
                    && lastSops.subList(lastSops.size() - batch.size(), lastSops.size()).equals(batch)) {
                if (words[0].equals("done")) {
                    entries.remove(entries.size() - 1);
                }
                long keep = 0;
                int whole = lines.size() - batch.size() + batch.size() / 2;
                for (String line : lines.subList(0, whole)) {
                    keep += line.getBytes(StandardCharsets.UTF_8).length + 1;
                }
                keep += lines.get(whole).getBytes(StandardCharsets.UTF_8).length / 2;
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(keep);
                }
                Files.writeString(record, String.join("\n", entries) + "\n", StandardCharsets.US_ASCII);
                assertThat(endsWithANewline(file)).as("a torn last line").isFalse();
                return;
            }
            entries.remove(entries.size() - 1); // "sending" of a batch killed before its lines were written
        }
        throw new AssertionError("no batch of the record is at the end of " + file);
    }

    private static boolean endsWithANewline(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return bytes.length > 0 && bytes[bytes.length - 1] == '\n';
    }

    private Path tags() {
        return dir.resolve("tags");
    }

    private Path newestTagFile() throws IOException {
        try (Stream<Path> files = Files.list(tags())) {
            return files.max(Comparator.comparing(ExportTagsKillTest::modified)).orElseThrow();
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<Path, byte[]> tagFiles() throws IOException {
        Map<Path, byte[]> files = new HashMap<>();
        try (Stream<Path> all = Files.list(tags())) {
            for (Path file : all.toList()) {
                files.put(file, Files.readAllBytes(file));
            }
        }
        return files;
    }

    /** The whole lines of the JSON lines files (up to the last newline of each), parsed. */
    private List<JsonNode> wholeLines() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (byte[] bytes : tagFiles().values()) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            text.substring(0, text.lastIndexOf('\n') + 1).lines().forEach(line -> all.add(parse(line)));
        }
        return all;
    }

    /**
     * Every file ends with a newline and each of its lines is a JSON object; the index's instances each have one
     * line, with their event id and the time the index has for them.
     */
    private void assertEveryInstanceOnce(List<JsonNode> lines, String destination) throws IOException {
        assertThat(tagFiles()).as("only whole lines").allSatisfy((file, bytes) ->
                assertThat(bytes).as(file.toString()).endsWith((byte) '\n'));
        assertThat(ExportedTags.lines(tags())).as("each line a JSON object").hasSameSizeAs(lines);
        assertThat(lines).hasSize(INSTANCES);
        assertThat(lines.stream().map(ExportTagsKillTest::sop)).as("each instance of the index once")
                .containsExactlyInAnyOrderElementsOf(indexed.keySet());
        assertThat(lines).allSatisfy(line -> {
            String sop = sop(line);
            assertThat(line.get("event_id").asText()).as(sop).isEqualTo(eventId(destination, sop));
            assertThat(Instant.parse(line.get("received_at").asText())).as(sop).isEqualTo(indexed.get(sop));
        });
    }

    /** The event id of an instance exported by {@code ferry export-tags} (job 0) to {@code destination}. */
    private static String eventId(String destination, String sopInstanceUid) {
        return new TagEvents(destination, TagShape.SIMPLIFIED, ContentFlattener.NONE).eventId(0, sopInstanceUid);
    }

    private static String sop(JsonNode event) {
        return event.get("sop_instance_uid").asText();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    /**
     * The record of an export as its file holds it, read apart from {@link ExportRecord}: the instances recorded
     * done, and those in doubt (a "sending" line and no "done"). A last line without its newline does not count.
     */
    private record Record(Set<String> done, Set<String> inDoubt) {
        static Record read(Path file) throws IOException {
            Set<String> done = new LinkedHashSet<>();
            Set<String> sending = new LinkedHashSet<>();
            if (!Files.exists(file)) {
                return new Record(done, sending);
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                String[] words = line.split(" ");
                if (words[0].equals("done")) {
                    done.addAll(Arrays.asList(words).subList(1, words.length));
                } else if (words[0].equals("sending")) {
                    sending.addAll(Arrays.asList(words).subList(2, words.length));
                }
            }
            sending.removeAll(done);
            return new Record(done, sending);
        }
    }
}
