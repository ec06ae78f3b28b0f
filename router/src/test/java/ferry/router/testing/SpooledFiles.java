package ferry.router.testing;

import ferry.core.io.TransferSyntax;
import ferry.router.journal.ReceivedRecord;
import ferry.router.receive.Spool;

/** Spooled objects for the file a test wrote itself, as the spool would describe them. */
public final class SpooledFiles {
    private SpooledFiles() {
    }

    /**
     * The file of {@code record} as spooled ({@code nameOnDisk}: its name was made ahead and fsync'd into its folder,
     * so only the file needs an fsync); no head kept.
     */
    public static Spool.Spooled of(ReceivedRecord record, boolean nameOnDisk) {
        return new Spool.Spooled(record.spoolFile(), record.size(), 0, TransferSyntax.of(record.transferSyntaxUid()),
                new byte[0], 0, false, record.spoolChecksum(), nameOnDisk);
    }
}
