package ferry.router.events;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EventsTest {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Events.class);

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    private static InstanceReceived instance(String callingAe) {
        return new InstanceReceived(7, "11112", callingAe, "FERRY", List.of("mr"), 1024, 1_000_000);
    }

    @Test
    void everyListenerHearsEveryEventInTheOrderTheyWereAdded() {
        Events events = new Events();
        List<String> heard = new CopyOnWriteArrayList<>();
        events.listen(event -> heard.add("first " + event.getClass().getSimpleName()));
        events.listen(event -> heard.add("second " + event.getClass().getSimpleName()));

        events.publish(instance("CT01"));
        events.publish(new DestinationRecovered("pacs", Duration.ofSeconds(3)));

        assertThat(heard).containsExactly("first InstanceReceived", "second InstanceReceived",
                "first DestinationRecovered", "second DestinationRecovered");
    }

    @Test
    void aListenerThatThrowsIsLoggedOnceAMinuteAndTheOthersStillHear() {
        Events events = new Events();
        List<FerryEvent> heard = new CopyOnWriteArrayList<>();
        events.listen(event -> {
            throw new IllegalStateException("broken observer");
        });
        events.listen(heard::add);

        for (int i = 0; i < 1000; i++) {
            events.publish(instance("CT" + i));
        }

        assertThat(heard).hasSize(1000);
        assertThat(events.failures()).isEqualTo(1000);
        assertThat(log.list).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).contains("an observer of Ferry's events").contains(
                    "failed on InstanceReceived").contains("nothing else is affected");
            assertThat(line.getThrowableProxy().getMessage()).isEqualTo("broken observer");
        });
    }

    @Test
    void durationsAndSizesAreWrittenForPeople() {
        assertThat(EventLog.duration(Duration.ofMillis(420))).isEqualTo("0.42 s");
        assertThat(EventLog.duration(Duration.ofMillis(12_340))).isEqualTo("12.3 s");
        assertThat(EventLog.duration(Duration.ofSeconds(245))).isEqualTo("4 min 5 s");
        assertThat(EventLog.duration(Duration.ofMinutes(200))).isEqualTo("3 h 20 min");
        assertThat(EventLog.bytes(820)).isEqualTo("820 B");
        assertThat(EventLog.bytes(15_700_000)).isEqualTo("15.7 MB");
        assertThat(EventLog.bytes(345_000_000_000L)).isEqualTo("345 GB");
    }
}
