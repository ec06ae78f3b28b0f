package ferry.router.cli;

import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.pdu.AsyncOperationsWindow;
import ferry.net.service.StoreScu;
import ferry.net.service.UnfinishedSendException;
import ferry.router.make.SyntheticInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends the files of {@code ferry make --study --send} as they are made, the way {@code ferry send} does: C-STORE over
 * one association (opened again when the peer ends it), a window of 8 outstanding requests when the peer agrees,
 * files gathered in batches of {@link #BATCH} so that making and sending overlap little memory. Files it was given to
 * delete (made in a temporary folder) are deleted once answered.
 */
final class StudySender implements AutoCloseable {
    /** Files sent over the association at once; each is deleted when answered, if it was temporary. */
    static final int BATCH = 32;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final PeerAddress peer;
    private final String callingAeTitle;
    private final Map<String, Set<String>> contexts = new LinkedHashMap<>();
    private final boolean deleteSent;
    private final List<StoreScu.FileToSend> pending = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private Association association;
    private String unreachable;
    private long sent;
    private long warnings;

    /**
     * A sender to {@code peer} for objects of these SOP classes (all in {@link SyntheticInstance#SYNTAX});
     * {@code deleteSent}: delete each file once the peer answered for it.
     */
    StudySender(PeerAddress peer, String callingAeTitle, Set<String> sopClasses, boolean deleteSent) {
        this.peer = peer;
        this.callingAeTitle = callingAeTitle;
        this.deleteSent = deleteSent;
        for (String sopClass : sopClasses) {
            contexts.put(sopClass, Set.of(SyntheticInstance.SYNTAX.uid()));
        }
    }

    /** Sends {@code file} (a batch at a time). */
    void send(Path file) throws IOException {
        pending.add(StoreScu.inspect(file));
        if (pending.size() >= BATCH) {
            flush();
        }
    }

    /** Objects stored by the peer (with or without a warning status). */
    long sent() {
        return sent;
    }

    /** Of those, objects stored with a warning status. */
    long warnings() {
        return warnings;
    }

    /** One line per object not stored, with the reason. */
    List<String> failures() {
        return failures;
    }

    /** Sends what is pending and releases the association. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            if (association != null) {
                association.close();
                association = null;
            }
        }
    }

    private void flush() throws IOException {
        List<StoreScu.FileToSend> queue = new ArrayList<>(pending);
        pending.clear();
        boolean oneAtATime = false;
        while (!queue.isEmpty()) {
            if (association == null && unreachable == null) {
                try {
                    association = Requestor.connect(settings(oneAtATime ? 1 : 8));
                } catch (IOException e) {
                    unreachable = ConnectionProblem.describe(e);
                }
            }
            if (association == null) {
                for (StoreScu.FileToSend file : queue) {
                    fail(file, "not sent: " + unreachable);
                }
                return;
            }
            try {
                StoreScu.sendAll(association, queue, this::record);
                return;
            } catch (UnfinishedSendException e) {
                // as ferry send: one unanswered request failed; several are sent again one at a time
                association.close();
                association = null;
                List<StoreScu.FileToSend> unanswered = e.unanswered();
                if (unanswered.size() == 1) {
                    fail(unanswered.get(0), "no response: " + e.getMessage());
                    queue = e.notBegun();
                    oneAtATime = false;
                } else if (unanswered.isEmpty()) {
                    for (StoreScu.FileToSend file : e.notBegun()) {
                        fail(file, "not sent: " + e.getMessage());
                    }
                    return;
                } else {
                    queue = new ArrayList<>(unanswered);
                    queue.addAll(e.notBegun());
                    oneAtATime = true;
                }
            }
        }
    }

    private void record(StoreScu.Result result) {
        if (result.ok()) {
            sent++;
            if (result.status().code() != 0) {
                warnings++;
            }
            delete(result.file());
        } else {
            fail(result.file(), result.status() != null ? "refused: " + result.status() : "not sent: "
                    + result.notSent());
        }
    }

    private void fail(StoreScu.FileToSend file, String why) {
        failures.add(file.sopInstanceUid() + " (" + file.path().getFileName() + "): " + why);
        delete(file);
    }

    private void delete(StoreScu.FileToSend file) {
        if (deleteSent) {
            try {
                Files.deleteIfExists(file.path());
            } catch (IOException e) {
                failures.add(file.path() + ": could not be deleted after sending: " + e.getMessage());
            }
        }
    }

    private RequestorSettings settings(int operations) {
        return new RequestorSettings(callingAeTitle, peer.aeTitle(), peer.host(), peer.port(),
                StoreScu.contexts(contexts), ReceiveCommand.MAX_PDU_LENGTH,
                operations > 1 ? new AsyncOperationsWindow(operations, 1) : null,
                new Timeouts(TIMEOUT, TIMEOUT, TIMEOUT), null);
    }
}
