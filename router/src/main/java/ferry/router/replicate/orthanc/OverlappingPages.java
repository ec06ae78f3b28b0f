package ferry.router.replicate.orthanc;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a listing that a server gives by offset ({@code since}, {@code limit}, as Orthanc's {@code /instances} and
 * {@code /tools/find}), page after page, so that each entry is given once although entries are deleted meanwhile.
 *
 * <p>By offset alone, an entry deleted from an earlier page moves every later one a place forward, and the first
 * entry of the next page would be skipped: an Orthanc that recycles its storage deletes whole patients while a
 * replication lists it. So each page is asked from a little before where the last one ended, and begins after the
 * last entry already given; when none of the entries of the last page is in it (more deletions than the overlap),
 * it is asked from further back, up to the start of the listing. This relies on the server listing in a stable order
 * (Orthanc lists in the order it stored the instances; new ones come last). Only when every entry of the last page
 * was deleted is a page given from the start of the listing again, with entries already given.
 */
final class OverlappingPages {
    /** Reads {@code limit} entries from {@code since}; fewer at the end of the listing. */
    @FunctionalInterface
    interface Window<T> {
        List<T> read(long since, int limit) throws IOException, InterruptedException;
    }

    /** Takes a page of new entries; false stops the listing. */
    @FunctionalInterface
    interface Sink<T> {
        boolean accept(List<T> page) throws IOException, InterruptedException;
    }

    /** The identity of an entry. */
    @FunctionalInterface
    interface Identity<T> {
        String of(T entry);
    }

    private final int page;
    private final int overlap;

    /** @param page how many new entries a request asks for (the overlap, a tenth of it, comes on top) */
    OverlappingPages(int page) {
        if (page < 1) {
            throw new IllegalArgumentException("page " + page);
        }
        this.page = page;
        this.overlap = Math.max(1, page / 10);
    }

    /** Reads the whole listing through {@code window}, handing each page of new entries to {@code sink}. */
    <T> void read(Window<T> window, Identity<T> identity, Sink<T> sink) throws IOException, InterruptedException {
        Set<String> previous = Set.of();
        long next = 0;
        while (true) {
            long back = Math.min(next, overlap);
            long since;
            List<T> entries;
            int fresh;
            while (true) {
                since = next - back;
                entries = window.read(since, (int) (page + back));
                fresh = after(entries, previous, identity);
                if (since == 0 || fresh > 0) {
                    break;
                }
                back = Math.min(next, 2 * back);
            }
            List<T> page = entries.subList(fresh, entries.size());
            if (!page.isEmpty() && !sink.accept(List.copyOf(page))) {
                return;
            }
            if (entries.size() < this.page + (next - since)) {
                return;
            }
            next = since + entries.size();
            previous = new HashSet<>();
            for (T entry : entries) {
                previous.add(identity.of(entry));
            }
        }
    }

    /** The index after the last entry already given (0 when none is). */
    private static <T> int after(List<T> entries, Set<String> given, Identity<T> identity) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (given.contains(identity.of(entries.get(i)))) {
                return i + 1;
            }
        }
        return 0;
    }
}
