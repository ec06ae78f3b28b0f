package ferry.router.metrics;

import ferry.router.events.AssociationEnded;
import ferry.router.events.AssociationOpened;
import ferry.router.events.DestinationDown;
import ferry.router.events.EventListener;
import ferry.router.events.FerryEvent;
import ferry.router.events.ForwardDelivered;
import ferry.router.events.ForwardFailed;
import ferry.router.events.InstanceReceived;
import ferry.router.events.InstanceRefused;
import ferry.router.events.NotificationFailed;
import ferry.router.events.NotificationSent;
import ferry.router.events.StudyCompleted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters that events drive (docs/metrics.md): counters of what was received, refused, forwarded, completed and
 * notified, the store latency histogram and the associations open. Each meter is made the first time its labels
 * occur and then found in a map, so an event costs a map lookup and an increment; an {@link InstanceReceived} is
 * counted on the association's thread without a lock.
 */
final class EventMeters implements EventListener {
    /** Distinct calling AE titles kept as labels; later ones are counted as {@link BoundedLabel#OTHER}. */
    static final int CALLING_AE_TITLES = 100;
    /** The route label of objects no route matched (as {@code ferry status} names them). */
    static final String UNROUTED = "(unrouted)";
    /** The buckets of the store latency histogram: 1 ms to 10 s. */
    static final List<Duration> LATENCY_BUCKETS = Arrays.stream(new long[] {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000,
            2500, 5000, 10000}).mapToObj(Duration::ofMillis).toList();

    private record Received(String listener, String route, String callingAe) {
    }

    private final MeterRegistry registry;
    private final BoundedLabel callingAes = new BoundedLabel(CALLING_AE_TITLES);
    private final Map<Received, Counter[]> received = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    /** Every other counter, by its name and label values. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    EventMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void on(FerryEvent event) {
        if (event instanceof InstanceReceived instance) {
            received(instance);
        } else if (event instanceof InstanceRefused refused) {
            counter("ferry.refused.objects", "C-STORE requests answered with a failure status", "listener",
                    refused.listener(), "status", refused.statusHex()).increment();
        } else if (event instanceof AssociationOpened opened) {
            open(opened.listener()).incrementAndGet();
        } else if (event instanceof AssociationEnded ended) {
            open(ended.opened().listener()).decrementAndGet();
            counter("ferry.associations", "Associations ended, by how", "listener", ended.opened().listener(),
                    "outcome", lower(ended.outcome())).increment();
        } else {
            afterReceiving(event);
        }
    }

    /** The events of the queue, the studies and the notifications. */
    private void afterReceiving(FerryEvent event) {
        if (event instanceof ForwardDelivered delivered) {
            counter("ferry.forward.deliveries", "Forward jobs delivered", "destination", delivered.destination())
                    .increment();
        } else if (event instanceof ForwardFailed failed) {
            counter("ferry.forward.failures", "Failed attempts at forward jobs, by what became of the job",
                    "destination", failed.destination(), "next", lower(failed.next())).increment();
        } else if (event instanceof DestinationDown down) {
            counter("ferry.destination.down", "Times a destination's circuit breaker opened", "destination",
                    down.destination()).increment();
        } else if (event instanceof StudyCompleted study) {
            counter("ferry.studies.completed", "Study and series completions", "route", study.route(), "level",
                    study.level(), "completed_by", study.completedBy()).increment();
        } else if (event instanceof NotificationSent sent) {
            notification(sent.route(), sent.channel(), "sent");
        } else if (event instanceof NotificationFailed failed) {
            notification(failed.route(), failed.channel(), failed.givenUp() ? "failed" : "retrying");
        }
    }

    private void received(InstanceReceived instance) {
        String callingAe = callingAes.of(instance.callingAeTitle());
        List<String> routes = instance.routes();
        if (routes.isEmpty()) {
            count(instance, UNROUTED, callingAe);
        }
        for (int i = 0; i < routes.size(); i++) {
            count(instance, routes.get(i), callingAe);
        }
        Timer timer = latency.get(instance.listener());
        if (timer == null) {
            timer = latency.computeIfAbsent(instance.listener(), this::latencyTimer);
        }
        timer.record(instance.storeNanos(), TimeUnit.NANOSECONDS);
    }

    private void count(InstanceReceived instance, String route, String callingAe) {
        // get before computeIfAbsent: no lambda made on the receiving thread once the meters exist
        Received key = new Received(instance.listener(), route, callingAe);
        Counter[] meters = received.get(key);
        if (meters == null) {
            meters = received.computeIfAbsent(key, this::receivedCounters);
        }
        meters[0].increment();
        meters[1].increment(instance.bytes());
    }

    private Counter[] receivedCounters(Received key) {
        return new Counter[] {
            Counter.builder("ferry.received.objects").description("Instances received and acknowledged")
                    .tags("listener", key.listener(), "route", key.route(), "calling_ae", key.callingAe())
                    .register(registry),
            Counter.builder("ferry.received").baseUnit(BaseUnits.BYTES)
                    .description("Bytes of the data sets received and acknowledged")
                    .tags("listener", key.listener(), "route", key.route(), "calling_ae", key.callingAe())
                    .register(registry)};
    }

    private Timer latencyTimer(String listener) {
        return Timer.builder("ferry.store.latency").description("From a C-STORE request to its success response")
                .tags("listener", listener).serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new))
                .distributionStatisticBufferLength(1)
                .register(registry);
    }

    private AtomicInteger open(String listener) {
        return open.computeIfAbsent(listener, name -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("ferry.associations.open", count, AtomicInteger::get)
                    .description("Associations being served now").tags("listener", name).register(registry);
            return count;
        });
    }

    private void notification(String route, String channel, String outcome) {
        counter("ferry.notifications", "Notification attempts, by outcome", "route", route, "channel", channel,
                "outcome", outcome).increment();
    }

    /** The counter {@code name} with these label names and values, made on first use. */
    private Counter counter(String name, String description, String... labels) {
        String[] key = Arrays.copyOf(labels, labels.length + 1);
        key[labels.length] = name;
        return counters.computeIfAbsent(List.of(key), k -> Counter.builder(name).description(description)
                .tags(labels).register(registry));
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
