package ferry.router.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ferry.core.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class CommandChannelTest {
    static final String HOSTILE = "$(touch pwned) `touch pwned`; rm -rf pwned && echo 'a  b' \"c\"\n| next line *";

    @TempDir
    Path dir;

    /** An executable shell script in the test's folder (the test's own use of /bin/sh, not Ferry's). */
    Path script(String name, String body) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    NotificationChannel channel(String yaml) throws Exception {
        return TestConfigs.channel(yaml, SmtpConfig.defaults(), System.getenv(), dir);
    }

    /** Delivers the seed 000 report through {@code channel}; the lines it logged. */
    static List<String> loggedBy(NotificationChannel channel) throws NotificationException {
        Logger logger = (Logger) LoggerFactory.getLogger(CommandChannel.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            channel.deliver(Reports.seed000());
        } finally {
            logger.detachAppender(events);
        }
        return events.list.stream().filter(event -> event.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aCommandGetsTheReportAndAFewHarmlessVariablesButNoneOfFerrysSecrets() throws Exception {
        Map<String, String> ferryEnvironment = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", "/var/lib/ferry",
                "LANG", "de_CH.UTF-8", "LC_TIME", "en_DK.UTF-8", "TZ", "Europe/Zurich", "USER", "ferry"));
        ferryEnvironment.putAll(Map.of("FERRY_WEBHOOK_SECRET", "hmac-key", "FERRY_SMTP_PASSWORD", "mail-pw",
                "FERRY_TLS_PASSWORD", "store-pw", "FERRY_DEID_SECRET", "project-key", "PACS_TOKEN", "bearer-token",
                "FERRY_JAVA_OPTS", "-Xmx2g", "JAVA_HOME", "/usr/lib/jvm/java-17"));
        Path env = Path.of("/usr/bin/env");
        NotificationChannel channel = TestConfigs.channel("command: {run: [" + env + "]}", SmtpConfig.defaults(),
                ferryEnvironment, dir);

        List<String> variables = loggedBy(channel).stream()
                .map(line -> line.substring(("command " + env + ": ").length())).toList();

        assertThat(variables).containsExactlyInAnyOrder("PATH=/usr/bin:/bin", "HOME=/var/lib/ferry",
                "LANG=de_CH.UTF-8", "LC_TIME=en_DK.UTF-8", "TZ=Europe/Zurich", "USER=ferry",
                "FERRY_STUDY_UID=1.2.826.0.1.3680043.2.1143", "FERRY_SERIES_UID=", "FERRY_ROUTE=btu",
                "FERRY_FOLDER=" + Reports.FOLDER, "FERRY_OBJECTS=4707", "FERRY_TOTAL=4707", "FERRY_OUTCOME=SUCCESS",
                "FERRY_CALLING_AE=MMILREC", "FERRY_CALLED_AE=BTUANON", "FERRY_PEER=10.0.0.5", "FERRY_ROUND=1");
    }

    NotificationException failure(NotificationChannel channel) {
        return catchThrowableOfType(NotificationException.class, () -> channel.deliver(Reports.seed000()));
    }

    @Test
    void theCommandWritesAFileNamingTheStudyFolder() throws Exception {
        Path script = script("process", """
                printf '%s\\n' "$1" "$2" "$FERRY_FOLDER" "$FERRY_STUDY_UID" "$FERRY_OBJECTS/$FERRY_TOTAL" \\
                    "$FERRY_CALLING_AE>$FERRY_CALLED_AE@$FERRY_PEER" "$FERRY_ROUTE $FERRY_OUTCOME $FERRY_ROUND" \\
                    "[$FERRY_SERIES_UID]" > "$3"
                """);

        channel("command: {run: [" + script + ", '#p', '#a>#c@#r', " + dir.resolve("out") + "]}")
                .deliver(Reports.seed000());

        assertThat(Files.readAllLines(dir.resolve("out"))).containsExactly(Reports.FOLDER,
                "MMILREC>BTUANON@10.0.0.5", Reports.FOLDER, "1.2.826.0.1.3680043.2.1143", "4707/4707",
                "MMILREC>BTUANON@10.0.0.5", "btu SUCCESS 1", "[]");
    }

    @Test
    void aHostileValueArrivesAsOneLiteralArgument() throws Exception {
        Path script = script("args", "printf '%s|' \"$#\" \"$@\" > out\n");
        String quotedDir = "'" + dir + "'";

        channel("command: {run: [" + script + ", '{description}', x], directory: " + quotedDir + "}")
                .deliver(Reports.hostile(HOSTILE));
        assertThat(Files.readString(dir.resolve("out"))).isEqualTo("2|" + HOSTILE + "|x|");

        channel("command: {run: '" + script + " {description}  {called}', directory: " + quotedDir + "}")
                .deliver(Reports.hostile(HOSTILE));
        assertThat(Files.readString(dir.resolve("out"))).isEqualTo("2|" + HOSTILE + "|BTUANON|");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void theTimeLimitStopsTheProgramAndWhatItStarted() throws Exception {
        Path script = script("slow", """
                sleep 60 &
                echo $! > sleep.pid
                echo started a sleep
                wait
                """);

        NotificationException e = failure(channel("command: {run: [" + script + "], time-limit: 1s, directory: '"
                + dir + "'}"));

        assertThat(e.permanent()).isFalse();
        assertThat(e).hasMessage("command " + script + ": did not finish within its time limit of 1.0s; stopped it "
                + "and what it started; last output:\nstarted a sleep");
        long sleep = Long.parseLong(Files.readString(dir.resolve("sleep.pid")).strip());
        Await.until("sleep " + sleep + " is gone", () -> ProcessHandle.of(sleep).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aNonZeroExitIsATemporaryFailureWithTheLastOutputLines() throws Exception {
        Path script = script("fails", """
                for i in $(seq 1 29); do echo "line $i"; done
                echo "no space left on device" >&2
                exit 3
                """);

        NotificationException e = failure(channel("command: " + script));

        assertThat(e.permanent()).isFalse();
        assertThat(e.getMessage()).startsWith("command " + script + ": exited with code 3; last output:\nline 11\n")
                .endsWith("line 29\nno space left on device").doesNotContain("line 10\n");
    }

    @Test
    void outputIsLoggedLineByLineWithTheChannel() throws Exception {
        Path script = script("talks", "echo one\necho two >&2\n");

        assertThat(loggedBy(channel("command: " + script)))
                .containsExactlyInAnyOrder("command " + script + ": one", "command " + script + ": two");
    }

    @Test
    void aProgramThatCannotRunIsATemporaryFailure() throws Exception {
        NotificationException e = failure(channel("command: " + dir.resolve("missing")));

        assertThat(e.permanent()).isFalse();
        assertThat(e).hasMessageStartingWith("command " + dir.resolve("missing") + ": cannot run");
    }
}
