package ferry.router.web.api;

import ferry.router.status.FerryStatus;
import java.util.List;

/**
 * A route in force, as {@code GET /api/routes} shows it.
 *
 * @param name              its name
 * @param line              its line in the configuration file (0 for the embedded default)
 * @param isDefault         whether it takes what no other route matched
 * @param continueToNext    whether the routes after it still apply
 * @param stores            the folders it stores into
 * @param forwards          the destinations it forwards to
 * @param notifications     how many notifications a completed study of it makes
 * @param receivedSinceStart objects and bytes it received since the start
 * @param receivedAllTime   objects and bytes it received since the journal began
 */
public record RouteView(String name, int line, boolean isDefault, boolean continueToNext, List<String> stores,
                        List<String> forwards, int notifications, FerryStatus.Count receivedSinceStart,
                        FerryStatus.Count receivedAllTime) {
}
