package ferry.router.cli;

import org.slf4j.LoggerFactory;

/** SIGHUP handling for {@code ferry run}, through the JDK's {@code sun.misc.Signal} (module jdk.unsupported). */
final class Signals {
    private Signals() {
    }

    /** Runs {@code action} on each SIGHUP; where the platform has no SIGHUP, does nothing (reload still works). */
    static void onHangUp(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(Signals.class).info("no SIGHUP here ({}): use ferry reload", e.getMessage());
        }
    }
}
