package ferry.router.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Signal handling through the JDK's {@code sun.misc.Signal} (module jdk.unsupported): SIGHUP for {@code ferry run},
 * SIGTERM and SIGINT for a command that stops on them as on a request ({@code ferry replicate --follow}).
 */
final class Signals {
    /** coreutils' env (8.31 and later) can start a program with a signal's default action restored. */
    private static final List<String> HANG_UP_RESTORED = List.of("/usr/bin/env", "--default-signal=HUP");

    private Signals() {
    }

    /**
     * Runs {@code action} on each SIGHUP. Where the platform has no SIGHUP, or the process was started with hang-ups
     * ignored (under {@code nohup}, by some cron daemons and init scripts) — the JVM then refuses the handler — says
     * so in the log: {@code ferry reload} still works.
     */
    static void onHangUp(Runnable action) {
        try {
            sun.misc.SignalHandler before =
                    sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
            if (before == sun.misc.SignalHandler.SIG_IGN) {
                LoggerFactory.getLogger(Signals.class).warn("SIGHUP is ignored in this process (started under nohup "
                        + "or with hang-ups ignored), so it does not reload: use ferry reload, or start Ferry with "
                        + "./ferry, which restores it");
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(Signals.class).info("no SIGHUP here ({}): use ferry reload", e.getMessage());
        }
    }

    /**
     * Runs {@code action} on SIGTERM and SIGINT instead of ending the JVM at once, so that a command asked to stop
     * can finish what it does and exit with its own exit code. Where a signal cannot be handled, the JVM's default
     * (shutdown hooks, exit 143 or 130) stays.
     */
    static void onStop(Runnable action) {
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the default stays: shutdown hooks run
            }
        }
    }

    /**
     * The words to put before a command so that it starts with SIGHUP's default action even when this process
     * ignores hang-ups (a JVM passes an ignored SIGHUP on to the programs it starts, whose own JVM would then refuse
     * {@link #onHangUp}'s handler); empty where {@code env} cannot do it.
     */
    static List<String> hangUpRestored() {
        if (!Files.isExecutable(Path.of(HANG_UP_RESTORED.get(0)))) {
            return List.of();
        }
        try {
            Process probe = new ProcessBuilder(HANG_UP_RESTORED.get(0), HANG_UP_RESTORED.get(1), "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return HANG_UP_RESTORED;
            }
            probe.destroyForcibly();
        } catch (IOException e) {
            // no env that can: the daemon starts as it is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }
}
