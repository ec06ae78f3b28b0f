package ferry.router.forward;

import ferry.router.http.Request;
import ferry.router.http.RequestBody;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import ferry.core.data.DataSet;
import ferry.router.tagexport.ContentFlattener;
import ferry.router.tagexport.EventBuffer;
import ferry.router.tagexport.TagEvents;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * A Splunk HTTP Event Collector as a destination: the tags of each object one event ({@link TagEvents}) in Splunk's
 * JSON event envelope ({@code time}, {@code host}, {@code source}, {@code sourcetype}, {@code index}, {@code event}),
 * a batch of events in one {@code POST} to the event endpoint with {@code Authorization: Splunk <token>}
 * (docs/tag-export.md).
 *
 * <p>Outcomes: 2xx is {@code DELIVERED} for every event of the request. An answer that refuses an event's data
 * (400 with HEC code 6 "Invalid data format", 12 or 13 about the event field, 15 about indexed fields; or 413, too
 * large) sends a batch again one event at a time, so that only the refused event fails, {@code REJECTED}. Every
 * other answer (401 and 403 for the token, 400 "Incorrect index", 404, 429, 5xx) and no answer at all is
 * {@code FAILED}: it is the collector's or its configuration's trouble, not the event's, and the queue's retries
 * and breaker apply.
 *
 * <p>At least once, never exactly once: HEC keeps no id to recognise an event sent twice, so an event sent and
 * then not recorded as done (a {@code kill -9} between the two, an answer lost on the way back, a request that
 * timed out after the collector took it) is sent again. Each event carries its {@code event_id}, the same every
 * time, so a search can drop the copies ({@code | dedup event_id}). With {@code acknowledgement: on} a request
 * counts as delivered only once the collector says its events are indexed (HEC indexer acknowledgement on a
 * channel of this destination's): that makes "delivered" mean "searchable" and not only "received", but cannot
 * remove duplicates either, since an acknowledgement that does not come makes the events go again.
 */
public final class SplunkHecDestination implements Destination {
    /** HEC codes that refuse the data of an event, not the request (Splunk's "Troubleshoot HEC" table). */
    private static final Set<Integer> EVENT_CODES = Set.of(6, 12, 13, 15);
    private static final Duration FIRST_ACK_POLL = Duration.ofMillis(100);
    private static final Duration LONGEST_ACK_POLL = Duration.ofSeconds(2);

    private final String name;
    private final SplunkHecConfig config;
    private final HttpEndpoint endpoint;
    private final HttpEndpoint acks;
    private final TagEvents events;
    private final String host;
    private final String channel = UUID.randomUUID().toString();
    private final Clock clock;

    /**
     * @param token the HEC token, read from the configured variable
     * @param host  the {@code host} of the events when the configuration names none
     * @param ssl   TLS from the configured stores, or null for Java's defaults
     */
    public SplunkHecDestination(String name, SplunkHecConfig config, String token, String host, SSLContext ssl,
                                Clock clock, ContentFlattener flattener) {
        this.name = name;
        this.config = config;
        this.clock = clock;
        Map<String, String> headers = config.acknowledgement() ? Map.of("X-Splunk-Request-Channel", channel)
                : Map.of();
        this.endpoint = new HttpEndpoint(config.url(), config.timeout(), "Splunk " + token, headers, ssl);
        this.acks = config.acknowledgement() ? new HttpEndpoint(SplunkHecConfig.collectorRoot(config.url()),
                config.timeout(), "Splunk " + token, headers, ssl) : null;
        this.events = new TagEvents(name, config.shape(), flattener);
        this.host = config.host() == null ? host : config.host();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "Splunk HEC " + endpoint.describe() + " (" + (config.index() == null ? "the token's index"
                : "index " + config.index()) + ", " + config.shape().written()
                + (config.acknowledgement() ? ", indexer acknowledgement" : "") + ")";
    }

    @Override
    public int maxParallel() {
        return config.maxParallel();
    }

    @Override
    public int batchSize() {
        return config.batchSize();
    }

    @Override
    public Delivery deliver(OutgoingObject object) throws InterruptedException {
        return deliverAll(List.of(object)).get(0);
    }

    @Override
    public List<Delivery> deliverAll(List<OutgoingObject> objects) throws InterruptedException {
        Delivery[] outcomes = new Delivery[objects.size()];
        EventBuffer body = new EventBuffer(objects.size() * 2048);
        List<Integer> sent = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            OutgoingObject object = objects.get(i);
            int mark = body.size();
            try {
                DataSet header = TagEvents.header(object.file());
                try (JsonGenerator generator = TagEvents.generator(body)) {
                    envelope(object, header, generator);
                }
            } catch (IOException e) {
                body.truncate(mark);
                outcomes[i] = Unreadable.of(object.file(), e);
                continue;
            }
            body.write('\n');
            sent.add(i);
            ranges.add(new int[] {mark, body.size() - mark});
        }
        if (!sent.isEmpty()) {
            List<Delivery> answers = post(body.array(), ranges);
            for (int i = 0; i < sent.size(); i++) {
                outcomes[sent.get(i)] = answers.get(i);
            }
        }
        return List.of(outcomes);
    }

    /** Splunk's event envelope around the event of {@code object}. */
    private void envelope(OutgoingObject object, DataSet header, JsonGenerator g) throws IOException {
        Instant time = object.queuedAt() == null ? clock.instant() : object.queuedAt();
        g.writeStartObject();
        g.writeNumberField("time", BigDecimal.valueOf(time.toEpochMilli(), 3));
        g.writeStringField("host", host);
        g.writeStringField("source", config.source());
        g.writeStringField("sourcetype", config.sourcetype());
        if (config.index() != null) {
            g.writeStringField("index", config.index());
        }
        g.writeFieldName("event");
        events.write(JsonLinesDestination.about(object), header, g);
        g.writeEndObject();
    }

    /** POSTs the events at {@code ranges} of {@code bytes} in one request; one outcome per event. */
    private List<Delivery> post(byte[] bytes, List<int[]> ranges) throws InterruptedException {
        int start = ranges.get(0)[0];
        int[] last = ranges.get(ranges.size() - 1);
        int length = last[0] + last[1] - start;
        HttpEndpoint.Answer answer;
        try {
            answer = endpoint.send(Request.post("", new RequestBody.Bytes(bytes, start, length))
                    .header("Content-Type", "application/json"));
        } catch (IOException e) {
            return repeat(endpoint.failure(e), ranges.size());
        }
        String detail = endpoint.describe() + ": " + answer.quote();
        if (answer.ok()) {
            Delivery outcome = config.acknowledgement() ? acknowledged(answer)
                    : Delivery.delivered(endpoint.describe() + " took " + ranges.size() + " event(s)");
            return repeat(outcome, ranges.size());
        }
        if (refusesAnEvent(answer)) {
            if (ranges.size() == 1) {
                return List.of(Delivery.rejected(detail));
            }
            List<Delivery> one = new ArrayList<>();
            for (int[] range : ranges) {
                one.add(post(bytes, List.of(range)).get(0));
            }
            return one;
        }
        return repeat(Delivery.failed(detail), ranges.size());
    }

    /** 413, or 400 with a HEC code about an event's data. */
    private static boolean refusesAnEvent(HttpEndpoint.Answer answer) {
        if (answer.status() == 413) {
            return true;
        }
        JsonNode json = answer.json();
        return answer.status() == 400 && json != null && EVENT_CODES.contains(json.path("code").asInt(-1));
    }

    /** Waits until the collector acknowledges the request {@code answer} took (its {@code ackId}). */
    private Delivery acknowledged(HttpEndpoint.Answer answer) throws InterruptedException {
        JsonNode json = answer.json();
        if (json == null || !json.path("ackId").canConvertToLong()) {
            return Delivery.failed(endpoint.describe() + " took the events but gave no ackId: indexer "
                    + "acknowledgement is off for this token (the events are sent again: turn it on, or set "
                    + "acknowledgement: off)");
        }
        long ackId = json.path("ackId").asLong();
        Instant until = clock.instant().plus(config.ackTimeout());
        Duration wait = FIRST_ACK_POLL;
        String last = "no answer yet";
        while (clock.instant().isBefore(until)) {
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2).compareTo(LONGEST_ACK_POLL) > 0 ? LONGEST_ACK_POLL : wait.multipliedBy(2);
            try {
                HttpEndpoint.Answer status = acks.send(Request.post("/ack",
                        RequestBody.text("{\"acks\":[" + ackId + "]}")).header("Content-Type", "application/json"));
                JsonNode acked = status.json();
                if (status.ok() && acked != null && acked.path("acks").path(Long.toString(ackId)).asBoolean(false)) {
                    return Delivery.delivered(endpoint.describe() + " indexed the events (ackId " + ackId + ")");
                }
                last = status.quote();
            } catch (IOException e) {
                last = e.toString();
            }
        }
        return Delivery.failed(endpoint.describe() + " did not acknowledge ackId " + ackId + " within "
                + config.ackTimeout().toSeconds() + " s (" + last + "); the events are sent again");
    }

    private static List<Delivery> repeat(Delivery outcome, int times) {
        return Collections.nCopies(times, outcome);
    }

    /** Nothing to release: the HTTP client's kept connections close when idle. */
    @Override
    public void close() {
        endpoint.close();
        if (acks != null) {
            acks.close();
        }
    }
}
