package ferry.router.receive;

import ferry.router.forward.ForwardConfig;
import ferry.router.notify.NotifyConfig;
import ferry.router.rules.Condition;
import ferry.router.rules.RouteRule;
import ferry.router.storage.StoreConfig;
import ferry.router.study.CompletionConfig;
import java.util.List;
import java.util.Objects;

/**
 * One route: when it applies, whether later routes are still checked, and what it does.
 *
 * @param name           unique name, used in the journal, the log and status
 * @param when           the condition
 * @param continueToNext whether later routes are still checked after this one matched
 * @param isDefault      whether this is the default route (applies only when no other route matched)
 * @param stores         the folders the object is stored into
 * @param forwards       the destinations the object is forwarded to (through the queue)
 * @param completion     when its studies and series count as complete
 * @param notifications  who is told of completed studies (series); empty for none (its studies are not tracked)
 * @param line           the line of the route in its file, for messages (0 when not from a file)
 */
public record RouteConfig(String name, Condition when, boolean continueToNext, boolean isDefault,
                          List<StoreConfig> stores, List<ForwardConfig> forwards, CompletionConfig completion,
                          List<NotifyConfig> notifications, int line) {
    public RouteConfig {
        stores = List.copyOf(stores);
        forwards = List.copyOf(forwards);
        Objects.requireNonNull(completion, "completion");
        notifications = List.copyOf(notifications);
    }

    /** The routing half of this route. */
    public RouteRule rule() {
        return new RouteRule(name, when, continueToNext, isDefault, line);
    }
}
