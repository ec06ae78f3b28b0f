package ferry.net.service;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.EvenLengthCopy;
import ferry.core.io.NotDicomException;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.UidRegistry;
import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.CStoreRsp;
import ferry.net.dimse.CommandField;
import ferry.net.dimse.Priority;
import ferry.net.dimse.Status;
import ferry.net.pdu.AsyncOperationsWindow;
import ferry.net.pdu.PresentationContextRq;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Storage SCU (PS3.4 Annex B): sends files with C-STORE. A file goes in its own transfer syntax when the peer
 * accepted it (its bytes are streamed as they are, odd-length values padded); an uncompressed file is converted to
 * another uncompressed syntax the peer accepted; a compressed file that no accepted context can carry fails with
 * that reason.
 */
public final class StoreScu {
    /** The uncompressed syntaxes proposed beside a file's own, in order of preference. */
    public static final List<String> UNCOMPRESSED = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid());

    private StoreScu() {
    }

    /** What a file is, as far as sending it goes; {@code size} is the file's length in bytes. */
    public record FileToSend(Path path, String sopClassUid, String sopInstanceUid, TransferSyntax transferSyntax,
                             long dataSetOffset, long size) {
    }

    /**
     * The outcome of one file: the peer's status, or why it was not sent ({@code status} then null), and how many
     * odd-length values of it were padded to even length as it was sent (PS3.5 §7.1.1).
     */
    public record Result(FileToSend file, Status status, String notSent, int paddedValues) {
        public boolean ok() {
            return status != null && status.isSuccessOrWarning();
        }
    }

    /**
     * Reads a file's meta information (and header when it has none) to know what to propose and send.
     *
     * @throws NotDicomException when the file is not DICOM at all ({@link DicomFile#looksLikeDicom})
     */
    public static FileToSend inspect(Path path) throws IOException {
        DicomFile file;
        long size;
        try (FileChannel channel = FileChannel.open(path, READ)) {
            size = channel.size();
            ByteBuffer start = ByteBuffer.allocate(DicomFile.SIGNATURE_LENGTH);
            while (start.hasRemaining() && channel.read(start, start.position()) >= 0) {
                // a positional read: the stream below still starts at the beginning
            }
            if (!DicomFile.looksLikeDicom(start.array(), start.position(), size)) {
                throw new NotDicomException(path + ": not a DICOM file (no \"DICM\" after a 128-byte preamble, "
                        + "and it does not start like a data set)");
            }
            file = DicomReader.read(Channels.newInputStream(channel), ReadOptions.DEFAULT.stoppingBefore(META_END));
        }
        String sopClass = file.fileMeta().getString(Tags.MediaStorageSOPClassUID);
        String sopInstance = file.fileMeta().getString(Tags.MediaStorageSOPInstanceUID);
        if (sopClass == null || sopInstance == null) {
            DataSet header = DicomReader.read(path, ReadOptions.DEFAULT.stoppingBefore(Tag.PIXEL_DATA)).dataSet();
            sopClass = header.getString(Tags.SOPClassUID);
            sopInstance = header.getString(Tags.SOPInstanceUID);
        }
        if (sopClass == null || sopInstance == null) {
            throw new IOException(path + ": no SOP Class UID and SOP Instance UID, so it cannot be sent");
        }
        return new FileToSend(path, sopClass, sopInstance, file.transferSyntax(), file.dataSetOffset(), size);
    }

    /** Opening for reading with a set made once (the varargs form builds a set for every file). */
    private static final Set<StandardOpenOption> READ = EnumSet.of(StandardOpenOption.READ);

    /** The first tag after the file meta group (0002,eeee): {@link #inspect} reads no further. */
    private static final int META_END = Tag.of(0x0003, 0);

    /**
     * The presentation contexts to propose for these files: per SOP class, one context with the uncompressed
     * syntaxes, and one per compressed syntax in use (so the peer can accept them separately). At most 128.
     */
    public static List<PresentationContextRq> contexts(Collection<FileToSend> files) {
        Map<String, Set<String>> syntaxes = new LinkedHashMap<>();
        for (FileToSend file : files) {
            syntaxes.computeIfAbsent(file.sopClassUid(), k -> new LinkedHashSet<>())
                    .add(file.transferSyntax().uid());
        }
        return contexts(syntaxes);
    }

    /**
     * The presentation contexts to propose for files of these SOP classes in these transfer syntaxes (known ones,
     * {@link TransferSyntax#of}), as {@link #contexts(Collection)} makes them. At most 128.
     */
    public static List<PresentationContextRq> contexts(Map<String, Set<String>> syntaxes) {
        // Loops, not streams, here and below: the first stream pipelines of a short-lived send cost milliseconds.
        int needed = 0;
        for (Set<String> own : syntaxes.values()) {
            needed++;
            for (String uid : own) {
                needed += TransferSyntax.of(uid).uncompressed() ? 0 : 1;
            }
        }
        if (needed > 128) {
            throw new IllegalArgumentException(needed + " presentation contexts needed for these files; "
                    + "an association carries at most 128 (send them in groups)");
        }
        List<PresentationContextRq> contexts = new ArrayList<>();
        int id = 1;
        for (Map.Entry<String, Set<String>> entry : syntaxes.entrySet()) {
            // One context with the uncompressed syntaxes, the files' own ones first; one per compressed syntax.
            LinkedHashSet<String> uncompressed = new LinkedHashSet<>();
            for (String own : entry.getValue()) {
                if (TransferSyntax.of(own).uncompressed()) {
                    uncompressed.add(own);
                }
            }
            uncompressed.addAll(UNCOMPRESSED);
            contexts.add(new PresentationContextRq(id, entry.getKey(), List.copyOf(uncompressed)));
            id += 2;
            for (String own : entry.getValue()) {
                if (!TransferSyntax.of(own).uncompressed()) {
                    contexts.add(new PresentationContextRq(id, entry.getKey(), List.of(own)));
                    id += 2;
                }
            }
        }
        return contexts;
    }

    /**
     * Splits files into groups whose presentation contexts fit one association (at most 128), keeping their
     * order within each group.
     */
    public static List<List<FileToSend>> batches(List<FileToSend> files) {
        List<List<FileToSend>> batches = new ArrayList<>();
        List<FileToSend> current = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (FileToSend file : files) {
            Set<String> own = new LinkedHashSet<>();
            own.add(file.sopClassUid());
            if (!file.transferSyntax().uncompressed()) {
                own.add(file.sopClassUid() + "|" + file.transferSyntax().uid());
            }
            Set<String> together = new LinkedHashSet<>(keys);
            together.addAll(own);
            if (together.size() > 128) {
                batches.add(current);
                current = new ArrayList<>();
                together = own;
            }
            keys = together;
            current.add(file);
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /** Sends one file and waits for the response. */
    public static Result send(Association association, FileToSend file) throws UnfinishedSendException {
        List<Result> results = new ArrayList<>(1);
        sendAll(association, List.of(file), results::add);
        return results.get(0);
    }

    /**
     * Sends files in order, keeping as many requests outstanding as the peer agreed to in the asynchronous
     * operations window (PS3.7 §D.3.3.3; one at a time without one), and hands each result to {@code results}
     * as its response arrives. A file that cannot be sent (no accepted context, or it cannot be opened, read or
     * converted any more) is reported without a request. Odd-length values are padded to even length on the way
     * (PS3.5 §7.1.1; {@link Result#paddedValues()}): a file sent as it is through {@link EvenLengthCopy}, a
     * converted one by {@link DicomWriter}.
     *
     * <p>A file sent as it is gets opened, and its first {@value #READ_SIZE} bytes read, before the response to the
     * previous request is awaited: while the peer is still storing that one. With one request at a time, each
     * object's wait otherwise adds the file access on this side to the peer's work on its side.
     *
     * @throws UnfinishedSendException when the association ends before every file was answered (the peer aborted
     *                                 or released it, the connection broke, or a file could not be read to its end
     *                                 and the association was aborted): it says which files were in flight
     */
    public static void sendAll(Association association, List<FileToSend> files, Consumer<Result> results)
            throws UnfinishedSendException {
        sendAll(association, files, null, results);
    }

    /**
     * What makes a C-STORE a sub-operation: of a C-MOVE, the move's originator named in each request (PS3.4
     * C.4.2.3); of a C-GET, sent on the requestor's own association, where a C-CANCEL-RQ (or a request set aside)
     * may arrive between the responses (PS3.4 C.4.3.3), which {@code interjection} takes.
     *
     * @param moveOriginatorAeTitle   Move Originator Application Entity Title (0000,1030), or null
     * @param moveOriginatorMessageId Move Originator Message ID (0000,1031), or null
     * @param interjection            takes a message other than a C-STORE-RSP, answering whether it was expected
     *                                (else the association is aborted); null: none is
     */
    record SubOperationOf(String moveOriginatorAeTitle, Integer moveOriginatorMessageId,
                          Predicate<Association.Message> interjection) {
    }

    /** Sends one file as a sub-operation of a C-MOVE or C-GET and waits for its response. */
    static Result sendSubOperation(Association association, FileToSend file, SubOperationOf origin)
            throws UnfinishedSendException {
        List<Result> results = new ArrayList<>(1);
        sendAll(association, List.of(file), origin, results::add);
        return results.get(0);
    }

    private static void sendAll(Association association, List<FileToSend> files, SubOperationOf origin,
                                Consumer<Result> results) throws UnfinishedSendException {
        int window = operationsWindow(association);
        ArrayDeque<Outstanding> outstanding = new ArrayDeque<>();
        byte[] buffer = BUFFERS.get();
        for (int index = 0; index < files.size(); index++) {
            FileToSend file = files.get(index);
            PresentationContext context = contextFor(association, file);
            if (context == null) {
                results.accept(new Result(file, null, "no accepted presentation context for "
                        + UidRegistry.nameOf(file.sopClassUid()) + " can carry " + (file.transferSyntax().uncompressed()
                        ? "it" : UidRegistry.nameOf(file.transferSyntax().uid()) + " (Ferry does not decompress)"), 0));
                continue;
            }
            TransferSyntax syntax = TransferSyntax.of(context.transferSyntax());
            boolean asIs = context.transferSyntax().equals(file.transferSyntax().uid());
            FileChannel channel = null;
            EvenLengthCopy copy = null;
            DataSet converted = null;
            try {
                if (asIs) {
                    channel = FileChannel.open(file.path(), READ);
                    copy = EvenLengthCopy.prepare(channel, file.dataSetOffset(), file.transferSyntax(), buffer);
                } else {
                    converted = DicomReader.read(file.path(), ReadOptions.DEFAULT).dataSet();
                }
            } catch (IOException e) {
                close(channel);
                results.accept(new Result(file, null, asIs ? "cannot read it: " + e.getMessage()
                        : "cannot convert it to " + UidRegistry.nameOf(syntax.uid()) + ": " + e.getMessage(), 0));
                continue;
            }
            boolean begun = false;
            try (FileChannel opened = channel) {
                if (outstanding.size() == window) {
                    results.accept(awaitResponse(association, outstanding, origin));
                }
                int messageId = association.nextMessageId();
                CStoreRq request = origin == null
                        ? new CStoreRq(messageId, file.sopClassUid(), file.sopInstanceUid(), Priority.MEDIUM)
                        : new CStoreRq(messageId, file.sopClassUid(), file.sopInstanceUid(), Priority.MEDIUM,
                                origin.moveOriginatorAeTitle(), origin.moveOriginatorMessageId());
                begun = true;
                // Closed only when the data set is complete: closing sends the last fragment, which a failed copy
                // must not (the peer would take a partial data set for the whole).
                OutputStream out = association.sendWithDataSet(context, request);
                int padded;
                if (opened != null) {
                    copy.copy(opened, buffer, out);
                    padded = copy.paddedValues();
                } else {
                    padded = DicomWriter.writeDataSet(out, converted, syntax);
                }
                out.close();
                outstanding.add(new Outstanding(messageId, file, padded));
            } catch (AssociationAbortedException e) {
                throw unfinished(e, outstanding, begun ? file : null, files, begun ? index + 1 : index);
            } catch (IOException e) {
                // The file, not the association: it could not be read to its end, so its data set cannot be finished.
                association.abort();
                throw unfinished(new AssociationAbortedException("aborted the association: cannot read " + file.path()
                        + " any more: " + e.getMessage(), e), outstanding, file, files, index + 1);
            }
        }
        try {
            while (!outstanding.isEmpty()) {
                results.accept(awaitResponse(association, outstanding, origin));
            }
        } catch (AssociationAbortedException e) {
            throw unfinished(e, outstanding, null, files, files.size());
        }
    }

    /** The files still unanswered, {@code current} (being sent, when not null) last, and those from {@code next} on. */
    private static UnfinishedSendException unfinished(AssociationAbortedException cause,
                                                      ArrayDeque<Outstanding> outstanding, FileToSend current,
                                                      List<FileToSend> files, int next) {
        List<FileToSend> unanswered = new ArrayList<>(outstanding.size() + 1);
        for (Outstanding request : outstanding) {
            unanswered.add(request.file());
        }
        if (current != null) {
            unanswered.add(current);
        }
        return new UnfinishedSendException(cause, unanswered, files.subList(next, files.size()));
    }

    /** Bytes read from a file at once: a 128 KiB MR slice in one read, and that much memory per sending thread. */
    static final int READ_SIZE = 256 * 1024;
    /**
     * Each sending thread's read buffer, kept: a queue sends one object per call, and a new 256 KiB array for each
     * (allocated and zeroed) cost more than reading the object into it.
     */
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[READ_SIZE]);

    /** Whether {@code association} has an accepted presentation context that can carry {@code file}. */
    public static boolean canCarry(Association association, FileToSend file) {
        return contextFor(association, file) != null;
    }

    /** The accepted context to send {@code file} on: its own transfer syntax, else an uncompressed one. */
    private static PresentationContext contextFor(Association association, FileToSend file) {
        List<String> preference = new ArrayList<>();
        preference.add(file.transferSyntax().uid());
        if (file.transferSyntax().uncompressed()) {
            preference.addAll(UNCOMPRESSED);
            preference.add(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid());
        }
        return association.info().contextFor(file.sopClassUid(), preference).orElse(null);
    }

    /** The requests this side may leave outstanding: the window the peer accepted, else one. */
    static int operationsWindow(Association association) {
        AsyncOperationsWindow agreed = association.info().peerUserInformation().asyncOperationsWindow();
        if (agreed == null) {
            return 1;
        }
        return agreed.maxInvoked() == 0 ? MAX_OUTSTANDING : Math.min(agreed.maxInvoked(), MAX_OUTSTANDING);
    }

    /** Never more requests in flight than this, whatever the peer allows. */
    public static final int MAX_OUTSTANDING = 16;

    /** A request sent (or being sent) and not answered yet, with the number of values padded in its data set. */
    private record Outstanding(int messageId, FileToSend file, int paddedValues) {
    }

    /**
     * Reads one C-STORE-RSP and matches it to an outstanding request by message ID; messages the sub-operation's
     * {@code origin} expects meanwhile go to it.
     */
    private static Result awaitResponse(Association association, ArrayDeque<Outstanding> outstanding,
                                        SubOperationOf origin) throws AssociationAbortedException {
        Association.Message answer;
        do {
            try {
                answer = association.receive();
            } catch (AssociationAbortedException e) {
                throw e;
            } catch (IOException e) {
                association.abort();
                throw new AssociationAbortedException("aborted the association: " + e.getMessage(), e);
            }
        } while (answer != null && !(answer.command() instanceof CStoreRsp) && origin != null
                && origin.interjection() != null && origin.interjection().test(answer));
        if (answer == null) {
            throw new AssociationAbortedException("the peer released the association with " + outstanding.size()
                    + " C-STORE requests unanswered");
        }
        if (answer.command() instanceof CStoreRsp response) {
            // An iterator's remove, not remove(Object): a record's equals is bootstrapped through invokedynamic,
            // which costs a short-lived send tens of milliseconds of method handle spinning on its first call.
            for (Iterator<Outstanding> i = outstanding.iterator(); i.hasNext(); ) {
                Outstanding request = i.next();
                if (request.messageId() == response.messageIdBeingRespondedTo()) {
                    i.remove();
                    return new Result(request.file(), response.status(), null, request.paddedValues());
                }
            }
        }
        association.abort();
        throw new AssociationAbortedException("aborted the association: expected a C-STORE-RSP to one of "
                + outstanding.size() + " outstanding requests, got a " + CommandField.name(answer.command().commandField())
                + (answer.command() instanceof CStoreRsp response ? " to message " + response.messageIdBeingRespondedTo()
                        : ""));
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // only read from; nothing is lost
            }
        }
    }
}
