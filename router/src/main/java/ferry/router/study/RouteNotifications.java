package ferry.router.study;

import ferry.router.notify.CompletionReport;
import ferry.router.notify.NotificationChannel;
import java.util.List;
import java.util.Objects;

/**
 * A route's completion rules and the channels told of its completions, in configuration order (a channel's index
 * in this list identifies it in the outbox).
 *
 * @param route      the route's name
 * @param completion when its studies and series complete
 * @param channels   who is told
 */
public record RouteNotifications(String route, CompletionConfig completion, List<NotificationChannel> channels) {
    public RouteNotifications {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(completion, "completion");
        channels = List.copyOf(channels);
    }

    /** True when a channel wants series completions. */
    public boolean wantsSeries() {
        return channels.stream().anyMatch(channel -> channel.on() == CompletionReport.Level.SERIES);
    }
}
