package ferry.router.journal;

import java.util.Locale;

/**
 * What each {@link Durability} level promises, and every decision about files and commits that follows from it. This
 * is the one place that says so: the spool, the journal, the store actions and the folder destinations ask it their
 * questions, and no other class tests the level (docs/durability.md explains the levels to users and points here).
 *
 * <p><b>What a C-STORE success promises.</b> The response is sent once the object's spool file and its journal record
 * are safe: at {@link #PROCESS process} handed to the operating system, so a crash or {@code kill -9} of Ferry loses
 * no acknowledged object; at {@link #POWER power} on disk, so a power cut loses none either. After the response,
 * what the routes did (placed files, forwarding jobs, the object finished) is recorded; a crash before that record
 * is safe leaves the object unfinished, and the next start carries out again what it lacks.
 *
 * <p><b>What it costs.</b> At {@code process} nothing is fsync'd on an object's way to its response; at
 * {@code power} one fsync of its spool file and its share of one fdatasync of the receipt log, at the same time.
 *
 * <table>
 * <caption>The decisions</caption>
 * <tr><th>question</th><th>process</th><th>power</th></tr>
 * <tr><td>{@link #checksumsSpoolFiles}</td><td>no</td><td>yes</td></tr>
 * <tr><td>{@link #syncsSpoolFiles}</td><td>no</td><td>yes</td></tr>
 * <tr><td>{@link #syncsNamesAhead}</td><td>no</td><td>yes</td></tr>
 * <tr><td>{@link #recyclesSpoolFiles}</td><td>yes</td><td>no</td></tr>
 * <tr><td>{@link #forcesPlacedFiles}</td><td>no</td><td>yes</td></tr>
 * <tr><td>{@link #releasesSpoolNamesOnceDurable}</td><td>no: once committed</td><td>yes</td></tr>
 * <tr><td>{@link #callersCommit}</td><td>yes</td><td>no: a writer thread, with group sync</td></tr>
 * </table>
 */
public record DurabilityPolicy(
        Durability level,
        boolean checksumsSpoolFiles,
        boolean syncsSpoolFiles,
        boolean syncsNamesAhead,
        boolean recyclesSpoolFiles,
        boolean forcesPlacedFiles,
        boolean releasesSpoolNamesOnceDurable,
        boolean callersCommit) {

    /**
     * Durability {@code process}, the default: the spool file and the journal record have been handed to the
     * operating system (written, not fsync'd). A crash or {@code kill -9} of Ferry loses nothing acknowledged: what
     * was written is in the kernel's page cache, not the process's memory. A power cut or kernel crash may lose the
     * objects acknowledged in the last seconds; the journal stays consistent (SQLite WAL at {@code synchronous =
     * NORMAL} fsyncs at its checkpoints).
     */
    public static final DurabilityPolicy PROCESS = new DurabilityPolicy(Durability.PROCESS, false, false, false,
            true, false, false, true);

    /**
     * Durability {@code power}: the spool file, its name and the journal record are on disk before the response, so
     * a power cut loses nothing acknowledged either. What became of an object afterwards (its actions, its finish) may
     * be lost at a power cut; its spool file stays until the finish is on disk, so the next start carries it out
     * again and finds its files placed. A record may reach the disk before its file: the record carries the file's
     * checksum, and a start drops records whose file does not match (never acknowledged).
     */
    public static final DurabilityPolicy POWER = new DurabilityPolicy(Durability.POWER, true, true, true,
            false, true, true, false);

    /** The policy of {@code level}. */
    public static DurabilityPolicy of(Durability level) {
        return level == Durability.POWER ? POWER : PROCESS;
    }

    /**
     * Whether the spool takes each file's CRC-32C while writing it, for its record: where a record can reach the disk
     * before its file (both are synced at the same time), a start after a power cut tells by the checksum a file that
     * did not make it (its object was never acknowledged: the record is dropped) from one that did.
     */
    @Override
    public boolean checksumsSpoolFiles() {
        return checksumsSpoolFiles;
    }

    /**
     * Whether an object's spool file, and its name in the spool folder, are fsync'd before its response: the file on
     * the receiving thread while the receipt log is fdatasync'd, the folder (only for a name not made ahead, see
     * {@link #syncsNamesAhead}) by the spool's folder syncer, once for every object that asked meanwhile.
     */
    @Override
    public boolean syncsSpoolFiles() {
        return syncsSpoolFiles;
    }

    /**
     * Whether the spool fsyncs its folder once for each batch of names it makes ahead (empty files for the next
     * objects), so that an object written into one needs no fsync of the folder before its response.
     */
    @Override
    public boolean syncsNamesAhead() {
        return syncsNamesAhead;
    }

    /**
     * Whether a spool file no forwarding job needs any more is kept for a later object to be written into (under a
     * new name) rather than deleted. Not where names must be synced: a recycled file's new name would need an fsync
     * of the folder before each response. Never a file with another name (a stored file's hard link).
     */
    @Override
    public boolean recyclesSpoolFiles() {
        return recyclesSpoolFiles;
    }

    /**
     * Whether a placed file (copied bytes, before they are linked into place) and every folder whose entries changed
     * are fsync'd before the store or delivery counts as done; a moved source then keeps its name until the new one
     * is on disk.
     */
    @Override
    public boolean forcesPlacedFiles() {
        return forcesPlacedFiles;
    }

    /**
     * When a finished object's spool name may go: true, only once the finish is on disk (after an fsync of the
     * journal's write-ahead log shared by every object finished meanwhile, {@link Journal#whenDurable}), so a start
     * after a power cut always finds the spool file of an object whose finish it lacks; false, as soon as the finish
     * is committed. (Forwarding jobs' deliveries, which release spool files too, always commit on disk where this is
     * true: {@link Journal#writeLater} work ends with an fsync there.)
     */
    @Override
    public boolean releasesSpoolNamesOnceDurable() {
        return releasesSpoolNamesOnceDurable;
    }

    /**
     * How the journal commits: true, whoever needs a commit makes it on its own thread (the journal's timer commits
     * what nobody waits for within a few milliseconds), records safe in the receipt log by one write each, nothing
     * fsync'd; false, a writer thread commits beside the receiving threads, which wait for a group fdatasync of the
     * receipt log instead, and commits are fsync'd only when they hold work that must be on disk before anyone is
     * told, or when the receipt log is due to start again.
     */
    @Override
    public boolean callersCommit() {
        return callersCommit;
    }

    @Override
    public String toString() {
        return level.toString().toLowerCase(Locale.ROOT);
    }
}
