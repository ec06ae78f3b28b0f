package ferry.router.export;

import java.util.Locale;

/**
 * What a {@code ferry export-tags} run came to, so far or in the end.
 *
 * @param matched   instances the query matched
 * @param sent      sent to the destination and taken by it in this run
 * @param resent    of {@code sent}, those a stopped run may have sent already (in doubt in the record) to a
 *                  destination that cannot tell whether it holds them (a Splunk HTTP Event Collector): it may now
 *                  hold them twice, under the same event id
 * @param before    exported by an earlier run (in the record), not sent again
 * @param held      found in the destination already (sent by a run stopped before it recorded so), not sent again
 * @param routed    forwarded to the destination by a route (the queue delivers them), not sent
 * @param missing   with no stored file to read the tags from (gone, or never stored)
 * @param refused   refused by the destination (its answer was logged); a later run tries them again
 * @param failure   why the run stopped before the end (the destination failed), or null
 */
public record ExportReport(long matched, long sent, long resent, long before, long held, long routed, long missing,
                           long refused, String failure) {
    /** True when every match is in the destination or cannot be: nothing a run again would send. */
    public boolean complete() {
        return failure == null && refused == 0;
    }

    /** One line: "3 matched: 2 sent, 1 exported before, …". */
    public String describe() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d matched: %d sent", matched, sent));
        if (resent > 0) {
            line.append(String.format(Locale.ROOT, " (%d of them again, after a stopped run: the destination cannot "
                    + "tell whether it holds them, so it may hold them twice, under the same event_id)", resent));
        }
        line.append(String.format(Locale.ROOT, ", %d exported before", before));
        if (held > 0) {
            line.append(String.format(Locale.ROOT, ", %d found already there", held));
        }
        if (routed > 0) {
            line.append(String.format(Locale.ROOT, ", %d forwarded to it by a route", routed));
        }
        line.append(String.format(Locale.ROOT, ", %d without a stored file, %d refused", missing, refused));
        if (failure != null) {
            line.append("; stopped: ").append(failure);
        }
        return line.toString();
    }
}
