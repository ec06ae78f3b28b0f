package ferry.router.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A Splunk HTTP Event Collector for tests, made with the JDK's HTTP server on loopback: {@code POST
 * /services/collector/event} takes concatenated JSON event envelopes (as Splunk's HEC does), checks
 * {@code Authorization: Splunk TOKEN}, records every envelope it took and answers
 * {@code {"text":"Success","code":0}} (with an {@code ackId} when acknowledgement is on; {@code POST
 * /services/collector/ack} then answers true for it). What it answers can be changed while it runs
 * ({@link #answer}), and it can hold requests without answering ({@link #hold}). The port can be reused after
 * {@link #close()} to bring a "restarted" sink back.
 */
public final class HecSink implements AutoCloseable {
    /** The path of the event endpoint. */
    public static final String EVENT_PATH = "/services/collector/event";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the sink answers: an HTTP status and a body; null for the normal success. */
    public record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final String token;
    private final List<JsonNode> envelopes = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<Answer> answer = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private final AtomicLong nextAck = new AtomicLong();
    private final Map<Long, Boolean> acks = new ConcurrentHashMap<>();
    private volatile Predicate<JsonNode> refused = envelope -> false;
    private volatile int holdAfter = Integer.MAX_VALUE;
    private volatile boolean acknowledging;
    private volatile boolean ackedAtOnce;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "hec-sink");
        thread.setDaemon(true);
        return thread;
    });

    private HecSink(HttpServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /**
     * A sink on a free loopback port ({@code port} 0) or on {@code port}, taking {@code token}. Nagle is off on its
     * connections, as a HEC's answers come without waiting for a delayed ACK (the JDK server writes an answer's
     * head and body apart).
     */
    public static HecSink start(int port, String token) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        HecSink sink = new HecSink(server, token);
        server.createContext(EVENT_PATH, sink::event);
        server.createContext("/services/collector/ack", sink::ack);
        server.setExecutor(sink.threads);
        server.start();
        return sink;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/services/collector/event}. */
    public String url() {
        return "http://127.0.0.1:" + port() + EVENT_PATH;
    }

    /** Every envelope taken so far (each has {@code event}, {@code time}, {@code host}, ...). */
    public List<JsonNode> envelopes() {
        return List.copyOf(envelopes);
    }

    /** The {@code event} of every envelope taken so far. */
    public List<JsonNode> events() {
        return envelopes.stream().map(e -> e.get("event")).toList();
    }

    /** The event requests received (taken or not). */
    public int requests() {
        return requests.get();
    }

    /** The Authorization headers received. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Answers every request from now on with {@code status} and {@code body} (events not taken); null: success. */
    public void answer(Answer answer) {
        this.answer.set(answer);
    }

    /** Refuses every request holding an envelope that {@code which} picks, as HEC refuses malformed data. */
    public void refuse(Predicate<JsonNode> which) {
        this.refused = which;
    }

    /** Answers requests with an {@code ackId}, acknowledged at the first query when {@code acknowledged}. */
    public void acknowledge(boolean acknowledged) {
        this.acknowledging = true;
        this.ackedAtOnce = acknowledged;
    }

    /** Takes the events of requests from now on, then holds them without an answer until {@link #release()}. */
    public void hold() {
        hold.set(new CountDownLatch(1));
    }

    /**
     * Takes requests normally until {@code events} events were taken, then {@link #hold()}s from the next request on:
     * that request's events are taken (so the sender's batch is in the collector) and it waits for its answer.
     */
    public void holdAfter(int events) {
        this.holdAfter = events;
    }

    /** Answers the held requests, and holds no more after a number of events ({@link #holdAfter}). */
    public void release() {
        holdAfter = Integer.MAX_VALUE;
        CountDownLatch latch = hold.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    private void event(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            Answer fixed = answer.get();
            if (fixed != null) {
                reply(exchange, fixed.status(), fixed.body());
                return;
            }
            if (!("Splunk " + token).equals(authorization)) {
                reply(exchange, 403, "{\"text\":\"Invalid token\",\"code\":4}");
                return;
            }
            List<JsonNode> taken = new ArrayList<>();
            try (MappingIterator<JsonNode> all = JSON.readerFor(JsonNode.class).readValues(body)) {
                while (all.hasNext()) {
                    taken.add(all.next());
                }
            } catch (IOException | RuntimeException e) {
                reply(exchange, 400, "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":0}");
                return;
            }
            for (int i = 0; i < taken.size(); i++) {
                if (refused.test(taken.get(i))) {
                    reply(exchange, 400, "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":"
                            + i + "}");
                    return;
                }
            }
            synchronized (envelopes) {
                if (envelopes.size() >= holdAfter) {
                    hold.compareAndSet(null, new CountDownLatch(1));
                }
                envelopes.addAll(taken);
            }
            CountDownLatch latch = hold.get();
            if (latch != null) {
                latch.await();
            }
            if (acknowledging) {
                long id = nextAck.getAndIncrement();
                acks.put(id, ackedAtOnce);
                reply(exchange, 200, "{\"text\":\"Success\",\"code\":0,\"ackId\":" + id + "}");
            } else {
                reply(exchange, 200, "{\"text\":\"Success\",\"code\":0}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ack(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode asked = JSON.readTree(exchange.getRequestBody().readAllBytes());
            StringBuilder out = new StringBuilder("{\"acks\":{");
            for (JsonNode id : asked.path("acks")) {
                out.append(out.charAt(out.length() - 1) == '{' ? "" : ",").append('"').append(id.asLong())
                        .append("\":").append(acks.getOrDefault(id.asLong(), false));
            }
            reply(exchange, 200, out.append("}}").toString());
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops at once; held requests are dropped without an answer. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
