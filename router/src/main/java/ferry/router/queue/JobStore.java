package ferry.router.queue;

import ferry.router.database.SqlDialect;
import ferry.router.journal.JournalTransaction;
import ferry.router.journal.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The forwarding queue's table ({@code forward_job}) and nothing else: each operation the queue, {@code ferry queue}
 * and housekeeping need, as typed values; the SQL text is {@link JobSql}'s, bound through {@link Rows}. Writes take
 * the journal's {@link JournalTransaction}, so the caller decides how they commit (with an object's finish, waited
 * for, or riding with the next commit); reads take a connection of {@link ferry.router.journal.Journal#read}, so
 * several of them can see one committed state. Stateless and thread-safe.
 */
public final class JobStore {

    /** A job's state in the table. */
    enum State {
        /** Waiting for its first or next attempt. */
        PENDING,
        /** Given up, kept with its reason for {@code ferry queue retry} or {@code purge}. */
        FAILED,
        /** Delivered, or purged. */
        DONE;

        /** How the table and the messages write it: {@code pending}, {@code failed}, {@code done}. */
        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String word) {
            return valueOf(word.toUpperCase(Locale.ROOT));
        }
    }

    /** A failed job and when it failed. */
    record Failed(ForwardJob job, Instant failedAt) {
    }

    /** A job and its state. */
    record Stored(ForwardJob job, State state) {
    }

    /**
     * One destination's jobs not done.
     *
     * @param pending   waiting for an attempt (including those being delivered now)
     * @param failed    given up
     * @param oldest    when the oldest of them was made
     * @param lastError the latest error of one of them, or null
     */
    record Counts(long pending, long failed, Instant oldest, String lastError) {
    }

    /** The jobs of a destination that {@code ferry queue} lists: how many, and the first ones. */
    record Listing(long total, List<JobView> first) {
    }

    /**
     * A job as housekeeping sees it.
     *
     * @param doneAt when it was delivered or purged; null while it is pending or failed
     */
    public record Ended(long id, Instant createdAt, Instant doneAt) {
    }

    /**
     * Writes {@code jobs} as pending, due at their creation, of this node's spool and claimed by it until
     * {@code leaseUntil}; returns them with their ids, in the same order.
     */
    List<ForwardJob> insert(JournalTransaction transaction, List<ForwardJob> jobs, Instant leaseUntil)
            throws SQLException {
        List<ForwardJob> written = new ArrayList<>(jobs.size());
        long lease = JournalTransaction.nanos(leaseUntil);
        for (ForwardJob job : jobs) {
            long createdAt = JournalTransaction.nanos(job.createdAt());
            written.add(job.withId(Rows.insert(transaction, JobSql.INSERT_JOB, job.objectId(), job.route(),
                    job.destination(), job.file().toString(), job.sopClassUid(), job.sopInstanceUid(),
                    job.transferSyntaxUid(), job.callingAeTitle(), job.studyUid(), createdAt, createdAt,
                    transaction.node(), transaction.node(), lease)));
        }
        return written;
    }

    /**
     * Claims for this node up to {@code limit} pending jobs of {@code destination} with ids above {@code afterId}
     * that it may take ({@link JobSql#CLAIM_SQLITE}), until {@code now + lease}; returns them by id, with when each
     * may be tried. On PostgreSQL jobs another node is claiming at the same moment are passed over.
     */
    List<Lane.Waiting> claim(JournalTransaction transaction, String destination, long afterId, int limit,
                             ClaimSettings claims, Instant now) throws SQLException {
        String node = transaction.node();
        String sql = transaction.dialect() == SqlDialect.POSTGRESQL ? JobSql.CLAIM_POSTGRESQL : JobSql.CLAIM_SQLITE;
        PreparedStatement claim = transaction.statement(sql);
        claim.setString(1, node);
        claim.setLong(2, JournalTransaction.nanos(now.plus(claims.lease())));
        bindClaimable(claim, 3, destination, afterId, limit, node, claims, now);
        List<Lane.Waiting> claimed = new ArrayList<>();
        try (ResultSet row = claim.executeQuery()) {
            while (row.next()) {
                claimed.add(waiting(row));
            }
        }
        // RETURNING gives the rows in no promised order
        claimed.sort(Comparator.comparingLong(waiting -> waiting.job().id()));
        return claimed;
    }

    /**
     * The jobs {@link #claim} would claim, read only: what the one node on SQLite, which holds every job already,
     * takes into its lanes (a write per read would cost its writer, docs/cluster.md).
     */
    List<Lane.Waiting> claimable(Connection connection, String node, String destination, long afterId, int limit,
                                 ClaimSettings claims, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(JobSql.SELECT_CLAIMABLE)) {
            bindClaimable(select, 1, destination, afterId, limit, node, claims, now);
            List<Lane.Waiting> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    found.add(waiting(row));
                }
            }
            return found;
        }
    }

    /** Binds the parameters of {@code JobSql.CLAIMABLE} from position {@code first} on. */
    private static void bindClaimable(PreparedStatement statement, int first, String destination, long afterId,
                                      int limit, String node, ClaimSettings claims, Instant now) throws SQLException {
        long at = JournalTransaction.nanos(now);
        statement.setString(first, destination);
        statement.setLong(first + 1, afterId);
        statement.setString(first + 2, node);
        statement.setBoolean(first + 3, claims.sharedStorage());
        statement.setString(first + 4, node);
        statement.setLong(first + 5, at);
        statement.setLong(first + 6, at);
        statement.setInt(first + 7, limit);
    }

    private static Lane.Waiting waiting(ResultSet row) throws SQLException {
        return new Lane.Waiting(job(row), JournalTransaction.instant(row.getLong(13)));
    }

    /**
     * Renews until {@code until} the leases of jobs {@code ids} that this node still holds (PostgreSQL only: on
     * SQLite no other node could take them); returns how many.
     */
    int renew(JournalTransaction transaction, Collection<Long> ids, Instant until) throws SQLException {
        if (transaction.dialect() != SqlDialect.POSTGRESQL || ids.isEmpty()) {
            return 0;
        }
        PreparedStatement renew = transaction.statement(JobSql.RENEW_LEASES);
        renew.setLong(1, JournalTransaction.nanos(until));
        renew.setArray(2, renew.getConnection().createArrayOf("bigint", ids.toArray()));
        renew.setString(3, transaction.node());
        return renew.executeUpdate();
    }

    /**
     * The destinations with due jobs that {@code node} may claim and does not hold (a dead node's, unclaimed ones),
     * each with the lowest id of them.
     */
    Map<String, Long> claimableElsewhere(Connection connection, String node, ClaimSettings claims, Instant now)
            throws SQLException {
        long at = JournalTransaction.nanos(now);
        Map<String, Long> found = new TreeMap<>();
        Rows.list(connection, JobSql.CLAIMABLE_ELSEWHERE, row -> Map.entry(row.getString(1), row.getLong(2)), at,
                node, claims.sharedStorage(), node, at).forEach(first -> found.put(first.getKey(), first.getValue()));
        return found;
    }

    /** Job {@code id} delivered at {@code at}; {@code note} says how (an object the destination already had), or null. */
    void done(JournalTransaction transaction, long id, Instant at, String note) throws SQLException {
        Rows.update(transaction, JobSql.JOB_DONE, JournalTransaction.nanos(at), note, id);
    }

    /** Job {@code id} failed once more: tried again at {@code next}. */
    void retry(JournalTransaction transaction, long id, Instant next, String error) throws SQLException {
        Rows.update(transaction, JobSql.JOB_RETRY, JournalTransaction.nanos(next), error, id);
    }

    /** Job {@code id} waits until {@code next} with its attempts unchanged (it was a breaker's failed probe). */
    void postpone(JournalTransaction transaction, long id, Instant next, String error) throws SQLException {
        Rows.update(transaction, JobSql.JOB_POSTPONED, JournalTransaction.nanos(next), error, id);
    }

    /** Job {@code id} failed for good at {@code at}, its last attempt counted. */
    void fail(JournalTransaction transaction, long id, Instant at, String reason) throws SQLException {
        Rows.update(transaction, JobSql.JOB_FAILED, JournalTransaction.nanos(at), reason, id);
    }

    /** How a failed job came back to pending. */
    enum Revived {
        /** It was not failed: nothing changed. */
        NOT_FAILED,
        /** Claimed by this node, which delivers it. */
        CLAIMED,
        /** Left for the node whose spool holds its file (no shared storage). */
        LEFT_FOR_ITS_NODE
    }

    /** A failed job back to pending, its attempts counted from zero, due at {@code at}. */
    Revived revive(JournalTransaction transaction, long id, Instant at, ClaimSettings claims) throws SQLException {
        String node = transaction.node();
        Boolean claimed = Rows.first(transaction, JobSql.RETRY_FAILED, row -> row.getBoolean(1),
                JournalTransaction.nanos(at), node, claims.sharedStorage(), node,
                JournalTransaction.nanos(at.plus(claims.lease())), id);
        return claimed == null ? Revived.NOT_FAILED : claimed ? Revived.CLAIMED : Revived.LEFT_FOR_ITS_NODE;
    }

    /** A pending job due at {@code at}; false when it is not pending. */
    boolean dueAt(JournalTransaction transaction, long id, Instant at) throws SQLException {
        return Rows.update(transaction, JobSql.DUE_NOW, JournalTransaction.nanos(at), id) == 1;
    }

    /** A failed job done at {@code at}, its reason kept as "purged: …"; false when it is not failed. */
    boolean purge(JournalTransaction transaction, long id, Instant at) throws SQLException {
        return Rows.update(transaction, JobSql.PURGE_FAILED, JournalTransaction.nanos(at), id) == 1;
    }

    /** The jobs of {@code file} not done, as the transaction sees them (0: no job needs the file any more). */
    long liveJobsOf(JournalTransaction transaction, Path file) throws SQLException {
        return Rows.number(transaction, JobSql.COUNT_LIVE_JOBS_OF_FILE, file.toString());
    }

    /** Those of {@code files} that a job not done still needs (one statement for them all). */
    Set<Path> inUseAmong(Connection connection, List<Path> files) throws SQLException {
        Set<Path> inUse = new HashSet<>();
        try (PreparedStatement count = connection.prepareStatement(JobSql.COUNT_LIVE_JOBS_OF_FILE)) {
            for (Path file : files) {
                count.setString(1, file.toAbsolutePath().normalize().toString());
                try (ResultSet row = count.executeQuery()) {
                    if (row.next() && row.getLong(1) > 0) {
                        inUse.add(file);
                    }
                }
            }
        }
        return inUse;
    }

    /** The pending jobs per destination that {@code node} may claim (of its spool, or all with shared storage). */
    Map<String, Long> pendingByDestination(Connection connection, String node, ClaimSettings claims)
            throws SQLException {
        Map<String, Long> pending = new TreeMap<>();
        Rows.list(connection, JobSql.COUNT_PENDING_BY_DESTINATION,
                row -> Map.entry(row.getString(1), row.getLong(2)), node, claims.sharedStorage())
                .forEach(count -> pending.put(count.getKey(), count.getValue()));
        return pending;
    }

    /** The destinations with jobs not done, and their counts, by name. */
    Map<String, Counts> countsByDestination(Connection connection) throws SQLException {
        Map<String, long[]> counts = new TreeMap<>();
        for (StateCount part : Rows.list(connection, JobSql.COUNT_BY_DESTINATION, row -> new StateCount(
                row.getString(1), State.of(row.getString(2)), row.getLong(3), row.getLong(4)))) {
            long[] c = counts.computeIfAbsent(part.destination(), d -> new long[] {0, 0, Long.MAX_VALUE});
            c[part.state() == State.FAILED ? 1 : 0] += part.count();
            c[2] = Math.min(c[2], part.oldest());
        }
        Map<String, String> errors = new TreeMap<>();
        Rows.list(connection, JobSql.LAST_ERROR_BY_DESTINATION, row -> Map.entry(row.getString(1), row.getString(2)))
                .forEach(error -> errors.put(error.getKey(), error.getValue()));
        Map<String, Counts> result = new TreeMap<>();
        counts.forEach((name, c) -> result.put(name, new Counts(c[0], c[1], JournalTransaction.instant(c[2]),
                errors.get(name))));
        return result;
    }

    /** A row of {@link JobSql#COUNT_BY_DESTINATION}: the jobs of a destination in one state, the oldest made when. */
    private record StateCount(String destination, State state, long count, long oldest) {
    }

    /** The destinations with jobs not done. */
    Set<String> liveDestinations(Connection connection) throws SQLException {
        return new TreeSet<>(Rows.list(connection, JobSql.SELECT_LIVE_DESTINATIONS, row -> row.getString(1)));
    }

    /** The failed jobs, by id. */
    List<Failed> failed(Connection connection) throws SQLException {
        return Rows.list(connection, JobSql.SELECT_FAILED,
                row -> new Failed(job(row), JournalTransaction.instant(row.getLong(14))));
    }

    /** The jobs of {@code ids} that exist, by id. */
    Map<Long, Stored> jobs(Connection connection, Collection<Long> ids) throws SQLException {
        Map<Long, Stored> found = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(JobSql.SELECT_JOB)) {
            for (long id : ids) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        found.put(id, new Stored(job(row), State.of(row.getString(14))));
                    }
                }
            }
        }
        return found;
    }

    /** The jobs of {@code destination} that are failed or waiting for a retry: how many, and the first {@code limit}. */
    Listing listing(Connection connection, String destination, int limit) throws SQLException {
        long total = Rows.list(connection, JobSql.COUNT_LISTED, row -> row.getLong(1), destination).get(0);
        if (total == 0) {
            return new Listing(0, List.of());
        }
        return new Listing(total, Rows.list(connection, JobSql.SELECT_LISTED, JobStore::view, destination, limit));
    }

    /**
     * Up to {@code limit} jobs of {@code destination} not done with ids above {@code afterId}, by id: all of them, or
     * those in {@code state} ({@link JobView#STATES}).
     */
    List<JobView> views(Connection connection, String destination, String state, long afterId, int limit)
            throws SQLException {
        String sql = switch (state == null ? "" : state) {
            case "pending" -> JobSql.SELECT_VIEWS_FIRST_ATTEMPT;
            case "retrying" -> JobSql.SELECT_VIEWS_RETRYING;
            case "failed" -> JobSql.SELECT_VIEWS_FAILED;
            default -> JobSql.SELECT_VIEWS;
        };
        return Rows.list(connection, sql, JobStore::view, destination, afterId, limit);
    }

    /** A row of {@link JobSql#SELECT_VIEWS}. */
    private static JobView view(ResultSet row) throws SQLException {
        boolean failed = State.FAILED.word().equals(row.getString(4));
        int attempts = row.getInt(5);
        long doneAt = row.getLong(8);
        Instant failedAt = failed && !row.wasNull() ? JournalTransaction.instant(doneAt) : null;
        return new JobView(row.getLong(1), row.getString(2), row.getString(3),
                failed ? "failed" : attempts > 0 ? "retrying" : "pending", attempts,
                JournalTransaction.instant(row.getLong(6)), failed ? null : JournalTransaction.instant(row.getLong(7)),
                failedAt, row.getString(9), row.getString(10), row.getString(11), row.getString(12));
    }

    /** The received objects (journal ids) that have a job not done. */
    public Set<Long> objectsWithLiveJobs(Connection connection) throws SQLException {
        return new HashSet<>(Rows.list(connection, JobSql.OBJECTS_WITH_LIVE_JOBS, row -> row.getLong(1)));
    }

    /** Up to {@code limit} jobs with ids above {@code afterId}, in id order (the order they were made). */
    public List<Ended> after(Connection connection, long afterId, int limit) throws SQLException {
        return Rows.list(connection, JobSql.JOBS_AFTER, row -> {
            long doneAt = row.getLong(4);
            boolean done = !row.wasNull() && State.DONE.word().equals(row.getString(3));
            return new Ended(row.getLong(1), JournalTransaction.instant(row.getLong(2)),
                    done ? JournalTransaction.instant(doneAt) : null);
        }, afterId, limit);
    }

    /** Deletes those of {@code ids} that are done (the others stay). */
    public void deleteDone(JournalTransaction transaction, List<Long> ids) throws SQLException {
        Rows.forEachId(transaction, JobSql.DELETE_DONE_JOB, ids);
    }

    /** The job in a row whose first 12 columns are those a claim returns ({@link JobSql#CLAIM_SQLITE}). */
    private static ForwardJob job(ResultSet row) throws SQLException {
        return new ForwardJob(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
                Path.of(row.getString(5)), row.getString(6), row.getString(7), row.getString(8), row.getString(9),
                row.getString(10), row.getInt(11), JournalTransaction.instant(row.getLong(12)));
    }
}
