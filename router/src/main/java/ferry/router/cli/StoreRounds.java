package ferry.router.cli;

import ferry.net.assoc.Association;
import ferry.net.service.StoreScu;
import ferry.net.service.UnfinishedSendException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends files over one association and over a new one each time one ends before they are all answered, as dcmsend
 * does ({@code ferry send}, {@code ferry make --send}): when the peer aborts (or the connection breaks) during one
 * object, that object fails with the reason and the rest go on. When several requests were unanswered (an
 * asynchronous window), which one the peer refused is unknown, so they are sent again one at a time. When a new
 * association cannot be opened, the files left fail with that reason. Each round ends at least one file or narrows
 * the window to one, so this ends.
 */
final class StoreRounds {
    /** Opens an association proposing an operations window of {@code window} (1: one request at a time). */
    @FunctionalInterface
    interface Opener {
        Association open(int window) throws IOException;
    }

    /** Told of a file that was not stored, with the reason. */
    @FunctionalInterface
    interface Failure {
        void fail(StoreScu.FileToSend file, String why);
    }

    private StoreRounds() {
    }

    /**
     * Sends {@code files}, on {@code open} when it is not null, else on an association {@code opener} opens with
     * {@code window}.
     *
     * @return the association still open after the last round (the caller closes or keeps it), or null
     */
    static Association send(List<StoreScu.FileToSend> files, Association open, int window, Opener opener,
                            Consumer<StoreScu.Result> record, Failure failure) {
        List<StoreScu.FileToSend> queue = files;
        Association association = open;
        boolean oneAtATime = false;
        while (!queue.isEmpty()) {
            if (association == null) {
                try {
                    association = opener.open(oneAtATime ? 1 : window);
                } catch (IOException e) {
                    for (StoreScu.FileToSend file : queue) {
                        failure.fail(file, "not sent: " + ConnectionProblem.describe(e));
                    }
                    return null;
                }
            }
            try {
                StoreScu.sendAll(association, queue, record);
                return association;
            } catch (UnfinishedSendException e) {
                association.close();
                association = null;
                List<StoreScu.FileToSend> unanswered = e.unanswered();
                if (unanswered.size() == 1) {
                    failure.fail(unanswered.get(0), "no response: " + e.getMessage());
                    queue = e.notBegun();
                    oneAtATime = false;
                } else if (unanswered.isEmpty()) {
                    for (StoreScu.FileToSend file : e.notBegun()) {
                        failure.fail(file, "not sent: " + e.getMessage());
                    }
                    return null;
                } else {
                    queue = new ArrayList<>(unanswered);
                    queue.addAll(e.notBegun());
                    oneAtATime = true;
                }
            }
        }
        return association;
    }
}
