package ferry.core.testing;

import java.time.Duration;

/**
 * Waits in tests for something another thread or process does on its own time (a log line, a listening port).
 * The deadline is generous on purpose: it only bounds a hang, it is never a timing assertion, and a loaded CI
 * machine may take seconds where a quiet one takes milliseconds.
 */
public final class Await {
    /** How long a condition may take before the test fails. */
    public static final Duration DEADLINE = Duration.ofSeconds(60);

    /** A condition that may throw while it is not yet true (a file not yet written, say). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Returns as soon as {@code condition} holds; fails with {@code what} when it has not within the deadline. */
    public static void until(String what, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + what);
                if (last != null) {
                    failure.initCause(last);
                }
                throw failure;
            }
            Thread.sleep(20);
        }
    }

    /** Waits until something accepts connections on {@code address}:{@code port}. */
    public static void listening(java.net.InetAddress address, int port) throws InterruptedException {
        until("something listens on " + address.getHostAddress() + ":" + port, () -> {
            try (java.net.Socket ignored = new java.net.Socket(address, port)) {
                return true;
            }
        });
    }
}
