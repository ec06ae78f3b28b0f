package ferry.router.web.api;

import java.util.List;

/** The JSON bodies the REST API takes and some of its small answers, as records (docs/api.md). */
final class Requests {
    private Requests() {
    }

    /**
     * Which forwarding jobs to retry or purge: those of these destinations and these job ids; both empty for all.
     *
     * @param destinations destination names
     * @param jobs         job ids
     */
    record JobTargets(List<String> destinations, List<Long> jobs) {
        JobTargets {
            destinations = destinations == null ? List.of() : List.copyOf(destinations);
            jobs = jobs == null ? List.of() : List.copyOf(jobs);
        }
    }

    /** Which failed notifications to send again: these ids; empty for every failed one. */
    record NotificationIds(List<Long> ids) {
        NotificationIds {
            ids = ids == null ? List.of() : List.copyOf(ids);
        }
    }

    /** Which objects of the unrouted area to route again, by their paths in it; empty for all. */
    record UnroutedPaths(List<String> paths) {
        UnroutedPaths {
            paths = paths == null ? List.of() : List.copyOf(paths);
        }
    }

    /**
     * What to send again.
     *
     * @param study       the Study Instance UID
     * @param series      a Series Instance UID of the study, to send that series only; or null
     * @param destination the destination's name
     */
    record Resend(String study, String series, String destination) {
    }

    /** What a change did, in words. */
    record Message(String message) {
    }

    /** How many notifications were sent again. */
    record Retried(int retried) {
    }

    /** A login ({@code POST /api/login}). */
    record Login(String username, String password) {
    }

    /**
     * Who is logged in ({@code POST /api/login}, {@code GET /api/session}).
     *
     * @param user               the user's name ({@code local} without users)
     * @param role               {@code viewer} or {@code admin}
     * @param how                {@code session}, {@code basic} or {@code local}
     * @param csrfToken          what state changes made with the session carry in {@code X-CSRF-Token}; null with
     *                           Basic credentials
     * @param idleTimeoutSeconds a session ends when unused this long
     */
    record Session(String user, String role, String how, String csrfToken, Long idleTimeoutSeconds) {
    }

    /** The answer of a logout. */
    record LoggedOut(boolean loggedOut) {
    }

    /** A page of the index's matches: DICOM JSON objects (PS3.18 F.2), and whether more follow. */
    record IndexPage(String level, int offset, int limit, boolean more, List<Object> matches) {
    }
}
