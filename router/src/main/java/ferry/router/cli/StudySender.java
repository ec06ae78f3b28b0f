package ferry.router.cli;

import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.pdu.AsyncOperationsWindow;
import ferry.net.service.StoreScu;
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
    private IOException unreachable;
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

    private void flush() {
        List<StoreScu.FileToSend> batch = new ArrayList<>(pending);
        pending.clear();
        association = StoreRounds.send(batch, association, 8, this::connect, this::record, this::fail);
    }

    /** A new association; once one could not be opened, none is tried again (each would wait as long). */
    private Association connect(int operations) throws IOException {
        if (unreachable == null) {
            try {
                return Requestor.connect(settings(operations));
            } catch (IOException e) {
                unreachable = e;
            }
        }
        throw unreachable;
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
