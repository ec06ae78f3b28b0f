package ferry.router.study;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.service.StoreScu;
import ferry.router.config.ConfigLoader;
import ferry.router.run.FerryService;
import ferry.core.testing.FreePorts;
import ferry.router.testing.TestStudy;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notification latency (issue #5), run by {@code bench/notify-latency.sh}: {@code STUDIES} studies of
 * {@code OBJECTS} objects arrive together over parallel associations into an in-process Ferry whose route mails
 * each completed study to GreenMail (a real SMTP server in this JVM). For each study: the time from the last
 * C-STORE response of the study to the moment its mail is in GreenMail's inbox, minus the quiet period. Prints
 * the median, 99th percentile and maximum over all rounds.
 *
 * <pre>java ... CompletionLatencyBench OUT_DIR [ROUNDS] [STUDIES] [OBJECTS] [QUIET_SECONDS]</pre>
 */
public final class CompletionLatencyBench {
    private CompletionLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int studies = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int objects = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        Duration quiet = Duration.ofSeconds(args.length > 4 ? Long.parseLong(args[4]) : 2);
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        List<Long> latencies = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                latencies.addAll(round(out.resolve("round-" + round), round, studies, objects, quiet, smtp));
                smtp.purgeEmailFromAllMailboxes();
            }
        } finally {
            smtp.stop();
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%d studies x %d objects, %d rounds, quiet period %d s: latency after the quiet period"
                + " (ms): median %d, p99 %d, max %d, min %d%n", studies, objects, rounds, quiet.toSeconds(),
                percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1], sorted[0]);
        System.out.println("all (ms): " + Arrays.toString(sorted));
    }


    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static List<Long> round(Path dir, int round, int studies, int objects, Duration quiet, GreenMail smtp)
            throws Exception {
        Files.createDirectories(dir);
        Map<String, List<Path>> files = new HashMap<>();
        for (int s = 0; s < studies; s++) {
            String uid = "2.25.9" + round + "." + (1000 + s);
            files.put(uid, TestStudy.of("P" + s, uid, objects).write(dir.resolve("out").resolve(uid)));
        }
        Path config = dir.resolve("ferry.yml");
        Files.createDirectories(dir.resolve("data")); // a data directory the file names must exist
        Files.writeString(config, """
                data-directory: data
                http: off
                listeners:
                  - port: %d
                smtp: {host: 127.0.0.1, port: %d, from: ferry@example.org}
                routes:
                  - name: bench
                    store: {folder: store, layout: '{StudyInstanceUID}/{SOPInstanceUID}.dcm'}
                    completion: {quiet-period: %ds}
                    notify:
                      - email: [bench@example.org]
                """.formatted(FreePorts.next(), smtp.getSmtp().getPort(), quiet.toSeconds()), StandardCharsets.UTF_8);
        Map<String, Long> lastResponse = new ConcurrentHashMap<>();
        Map<String, Long> mailed = new ConcurrentHashMap<>();
        try (FerryService ferry = FerryService.start(ConfigLoader.load(config))) {
            int port = ferry.ports().get(0);
            Thread watcher = new Thread(() -> watch(smtp, files.keySet(), mailed), "mail-watcher");
            watcher.setDaemon(true);
            watcher.start();
            List<Thread> senders = new ArrayList<>();
            for (Map.Entry<String, List<Path>> study : files.entrySet()) {
                Thread sender = new Thread(() -> send(port, study.getValue(), study.getKey(), lastResponse));
                senders.add(sender);
                sender.start();
            }
            for (Thread sender : senders) {
                sender.join();
            }
            long deadline = System.nanoTime() + quiet.toNanos() + Duration.ofSeconds(60).toNanos();
            while (mailed.size() < studies && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            watcher.interrupt();
        }
        if (mailed.size() < studies) {
            throw new IllegalStateException("only " + mailed.size() + " of " + studies + " mails arrived");
        }
        List<Long> latencies = new ArrayList<>();
        for (String uid : files.keySet()) {
            latencies.add((mailed.get(uid) - lastResponse.get(uid) - quiet.toNanos()) / 1_000_000);
        }
        return latencies;
    }

    private static void send(int port, List<Path> files, String studyUid, Map<String, Long> lastResponse) {
        try {
            List<StoreScu.FileToSend> toSend = new ArrayList<>();
            for (Path file : files) {
                toSend.add(StoreScu.inspect(file));
            }
            Duration limit = Duration.ofSeconds(60);
            RequestorSettings settings = new RequestorSettings("SCANNER", "FERRY", "127.0.0.1", port,
                    StoreScu.contexts(toSend), 256 * 1024, null, new Timeouts(limit, limit, limit), null);
            try (Association association = Requestor.connect(settings)) {
                for (StoreScu.FileToSend file : toSend) {
                    StoreScu.Result result = StoreScu.send(association, file);
                    if (!result.ok()) {
                        throw new IOException(file.path() + " not stored: " + result.status());
                    }
                }
                lastResponse.put(studyUid, System.nanoTime());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Notes when each study's mail is first in the inbox, polling every millisecond. */
    private static void watch(GreenMail smtp, java.util.Set<String> studyUids, Map<String, Long> mailed) {
        int seen = 0;
        while (!Thread.currentThread().isInterrupted()) {
            MimeMessage[] messages = smtp.getReceivedMessages();
            long now = System.nanoTime();
            for (int i = seen; i < messages.length; i++) {
                String text;
                try {
                    text = messages[i].getContent().toString();
                } catch (IOException | jakarta.mail.MessagingException e) {
                    continue;
                }
                for (String uid : studyUids) {
                    if (text.contains(uid)) {
                        mailed.putIfAbsent(uid, now);
                    }
                }
            }
            seen = messages.length;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
