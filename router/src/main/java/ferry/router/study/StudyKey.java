package ferry.router.study;

import java.util.Objects;

/**
 * A study as one route sees it: the same study sent to two routes is tracked, completed and reported per route.
 *
 * @param route    the route's name
 * @param studyUid the Study Instance UID
 */
public record StudyKey(String route, String studyUid) {
    public StudyKey {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(studyUid, "studyUid");
    }
}
