package ferry.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.router.events.AssociationOpened;
import ferry.router.events.InstanceReceived;
import ferry.router.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceivedPerMinuteTest {
    static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
    final MovableClock clock = new MovableClock(START.plusSeconds(5));
    final ReceivedPerMinute perMinute = new ReceivedPerMinute(clock);

    private void receive(long bytes) {
        perMinute.on(new InstanceReceived(1, "11112", "CT01", "FERRY", List.of("ct"), bytes, 1_000_000));
    }

    @Test
    void countsObjectsAndBytesInTheMinuteTheyArrivedTheOldestMinuteFirst() {
        receive(1000);
        receive(500);
        clock.set(START.plus(Duration.ofMinutes(2)).plusSeconds(30));
        receive(70);
        perMinute.on(new AssociationOpened(2, "11112", "CT01", "FERRY", "127.0.0.1:4000"));

        ReceivedPerMinute.Series series = perMinute.last(4);

        assertThat(series.at()).isEqualTo(clock.instant());
        assertThat(series.minutes()).containsExactly(
                new ReceivedPerMinute.Minute(START.minus(Duration.ofMinutes(1)), 0, 0),
                new ReceivedPerMinute.Minute(START, 2, 1500),
                new ReceivedPerMinute.Minute(START.plus(Duration.ofMinutes(1)), 0, 0),
                new ReceivedPerMinute.Minute(START.plus(Duration.ofMinutes(2)), 1, 70));
    }

    @Test
    void aMinuteOlderThanTheRingIsForgottenAndItsSlotCountsAfresh() {
        receive(1000);
        clock.set(START.plus(Duration.ofMinutes(ReceivedPerMinute.MINUTES)).plusSeconds(1));
        receive(10);

        List<ReceivedPerMinute.Minute> minutes = perMinute.last(ReceivedPerMinute.MINUTES).minutes();

        assertThat(minutes).hasSize(ReceivedPerMinute.MINUTES);
        assertThat(minutes.get(0).at()).isEqualTo(START.plus(Duration.ofMinutes(1)));
        assertThat(minutes.stream().mapToLong(ReceivedPerMinute.Minute::objects).sum()).isEqualTo(1);
        assertThat(minutes.get(minutes.size() - 1)).isEqualTo(new ReceivedPerMinute.Minute(
                START.plus(Duration.ofMinutes(ReceivedPerMinute.MINUTES)), 1, 10));
    }

    @Test
    void refusesToGiveMoreMinutesThanItKeepsOrNone() {
        assertThatThrownBy(() -> perMinute.last(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> perMinute.last(ReceivedPerMinute.MINUTES + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("minutes must be from 1 to 180");
    }
}
