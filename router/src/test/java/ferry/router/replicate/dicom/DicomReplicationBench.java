package ferry.router.replicate.dicom;

import ferry.core.testing.Dcmqrscp;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.Retrieve;
import ferry.router.replicate.SourceInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A DICOM node as a replication's source and destination (issue #19), run by {@code bench/replicate-dicom.sh}:
 * dcmqrscp holding {@code N} small MR instances (10 studies of 10 series), then, timed: the listing of all by
 * {@link DicomSource} (C-FINDs: 1 + studies + series), the "nothing to copy" presence pass over all of them by
 * {@link DicomPresence} in batches of {@link ferry.router.replicate.Presence#batchSize()}, and the fetch of all with C-GET per instance on
 * {@code PARALLEL} threads, beside dcmtk's getscu fetching the same instances one C-GET per study in the same run.
 *
 * <pre>java ... DicomReplicationBench OUT_DIR [N] [PARALLEL]</pre>
 */
public final class DicomReplicationBench {
    private DicomReplicationBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[0]));
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int perSeries = Math.max(1, n / 100);
        DicomArchive archive = new DicomArchive(out.resolve("objects"));
        List<String> studies = new ArrayList<>();
        for (int study = 1; study <= 10; study++) {
            studies.add("2.25.60" + study);
            for (int series = 1; series <= 10; series++) {
                archive.series("PID" + study, "2.25.60" + study, "20240115", "2.25.60" + study + "." + series, "MR",
                        perSeries, 512);
            }
        }
        try (Dcmqrscp node = Dcmqrscp.start(out, "ARCHIVE", List.copyOf(archive.files().values()))) {
            var config = DicomArchive.node(node.aeTitle(), node.port(), parallel);
            List<SourceInstance> all = new ArrayList<>();
            try (DicomSource source = new DicomSource("bench", config, Retrieve.GET, name -> null)) {
                long start = System.nanoTime();
                source.list(ReplicationQuery.ALL, page -> all.addAll(page));
                report("listing", all.size(), start, "C-FINDs: " + (1 + 10 + 100));

                try (DicomPresence presence = new DicomPresence("bench", config, name -> null)) {
                    start = System.nanoTime();
                    int held = 0;
                    for (int i = 0; i < all.size(); i += presence.batchSize()) {
                        held += presence.held(all.subList(i, Math.min(all.size(), i + presence.batchSize()))).size();
                    }
                    report("presence", all.size(), start, held + " held");
                }

                Path fetched = Files.createDirectories(out.resolve("fetched"));
                ExecutorService threads = Executors.newFixedThreadPool(parallel);
                start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (SourceInstance instance : all) {
                    done.add(threads.submit(() -> {
                        source.fetch(instance, fetched.resolve(instance.sopInstanceUid() + ".dcm"));
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
                report("fetch (C-GET per instance, " + parallel + " associations)", all.size(), start, "");
                threads.shutdown();
                threads.awaitTermination(10, TimeUnit.SECONDS);
            }

            Path got = Files.createDirectories(out.resolve("getscu"));
            long start = System.nanoTime();
            for (String study : studies) {
                Process getscu = new ProcessBuilder("getscu", "-S", "-aec", node.aeTitle(), "-od", got.toString(),
                        "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study, "127.0.0.1",
                        String.valueOf(node.port())).redirectErrorStream(true).redirectOutput(
                        out.resolve("getscu.log").toFile()).start();
                getscu.getOutputStream().close();
                if (getscu.waitFor() != 0) {
                    throw new IllegalStateException("getscu failed: " + Files.readString(out.resolve("getscu.log")));
                }
            }
            try (var files = Files.list(got)) {
                report("getscu (one C-GET per study)", (int) files.count(), start, "");
            }
        }
    }

    private static void report(String what, int instances, long start, String detail) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-50s %6d instances in %7.2f s (%8.0f/s) %s%n", what, instances, seconds,
                instances / seconds, detail);
    }
}
