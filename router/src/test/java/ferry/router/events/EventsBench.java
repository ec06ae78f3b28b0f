package ferry.router.events;

import ferry.router.metrics.FerryMetrics;
import ferry.router.receive.ReceiveCounters;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micro-benchmark of publishing what the receive pipeline publishes for each instance ({@code bench/events.sh}):
 * nanoseconds and bytes allocated per {@link InstanceReceived} made and published, on 1 and 2 threads, to no
 * listener, to the listeners of {@code ferry run} without metrics ({@code ferry status}'s counters, the
 * {@link EventLog}), and with the Prometheus metrics too. Three calling AE titles and two routes, as a site has.
 */
public final class EventsBench {
    private EventsBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        Events none = new Events();
        Events plain = new Events();
        plain.listen(new ReceiveCounters());
        plain.listen(new EventLog());
        Events metered = new Events();
        metered.listen(new ReceiveCounters());
        FerryMetrics metrics = new FerryMetrics(new FerryMetrics.Sources(List::of, () -> List.of(Path.of(".")), 0,
                () -> 0), "bench");
        metered.listen(metrics);
        metered.listen(new EventLog());
        System.out.printf(Locale.ROOT, "%-28s %8s %14s %12s%n", "listeners", "threads", "ns/instance", "bytes/inst");
        for (int threads : new int[] {1, 2}) {
            run("none", none, threads, seconds);
            run("counters + log", plain, threads, seconds);
            run("counters + log + metrics", metered, threads, seconds);
        }
        metrics.close();
    }

    private static void run(String name, Events events, int threads, double seconds) throws Exception {
        measure(events, threads, seconds / 2); // warm-up
        long[] result = measure(events, threads, seconds);
        System.out.printf(Locale.ROOT, "%-28s %8d %14.1f %12.1f%n", name, threads,
                (double) result[0] * threads / result[1], (double) result[2] / result[1]);
    }

    /** Returns the nanoseconds elapsed, the instances published and the bytes allocated by the publishing threads. */
    private static long[] measure(Events events, int threads, double seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong published = new AtomicLong();
        AtomicLong allocated = new AtomicLong();
        com.sun.management.ThreadMXBean memory = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Thread> workers = new ArrayList<>();
        String[] callers = {"CT01", "MR02", "US03"};
        List<List<String>> routes = List.of(List.of("archive"), List.of("archive", "research"));
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                long before = memory.getThreadAllocatedBytes(Thread.currentThread().getId());
                long count = 0;
                while (!stop.get()) {
                    for (int i = 0; i < 1000; i++) {
                        events.publish(new InstanceReceived(1, "11112", callers[i % 3], "FERRY", routes.get(i & 1),
                                128 * 1024 + i, 250_000 + i));
                    }
                    count += 1000;
                }
                allocated.addAndGet(memory.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
                published.addAndGet(count);
            });
            workers.add(worker);
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        return new long[] {System.nanoTime() - start, published.get(), allocated.get()};
    }
}
