package ferry.net.service;

import ferry.core.data.DataSet;
import ferry.core.io.DataSetWalker;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Status;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A {@link StoreHandler} that writes each received object as a Part 10 file named by its SOP Instance UID in one
 * folder, as storescp does. The data set is streamed to a hidden {@code .part} file and renamed into place only
 * when complete, so a sender that aborts mid-object leaves no stored file. The data set is not re-encoded: its
 * bytes follow a file meta group describing the presentation context's transfer syntax. A data set that is not one
 * whole data set of the SOP class and instance the request names is refused ({@link DataSetCheck}) and not kept.
 */
public final class FolderStore implements StoreHandler {
    private final Path folder;

    public FolderStore(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    @Override
    public Status store(AssociationInfo association, PresentationContext context, CStoreRq request,
                        InputStream dataSet) throws IOException {
        String name = fileName(request.affectedSopInstanceUid());
        return write(folder.resolve(name + ".dcm"), association, context, request, dataSet);
    }

    /**
     * Writes one received object as the Part 10 file {@code target} (replaced if it exists), as {@link #store} does:
     * streamed to a hidden {@code .part} file beside it, checked ({@link DataSetCheck}) and renamed into place, its
     * data set's bytes as they came after a file meta group naming the context's transfer syntax and the peer's AE
     * title as Source Application Entity Title. Returns the status to answer; a refused object leaves no file.
     */
    public static Status write(Path target, AssociationInfo association, PresentationContext context,
                               CStoreRq request, InputStream dataSet) throws IOException {
        Path part = target.resolveSibling("." + target.getFileName() + ".part");
        DataSet meta = new DataSet();
        meta.setString(Tags.MediaStorageSOPClassUID, Vr.UI, request.affectedSopClassUid());
        meta.setString(Tags.MediaStorageSOPInstanceUID, Vr.UI, request.affectedSopInstanceUid());
        // the C-STORE's sender: the requestor of a storage association, the acceptor of a C-GET's (PS3.4 C.4.3.3)
        meta.setString(Tags.SourceApplicationEntityTitle, Vr.AE, association.requestor()
                ? association.calledAeTitle() : association.callingAeTitle());
        TransferSyntax syntax = TransferSyntax.of(context.transferSyntax());
        DataSetWalker walker = new DataSetWalker(syntax);
        boolean placed = false;
        try {
            DataSetWalker.Result walk;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 64 * 1024)) {
                DicomWriter.writeHeader(out, DicomWriter.completeMeta(meta, new DataSet(), syntax));
                walker.watching(dataSet).transferTo(out);
            } finally {
                walk = walker.finish();
            }
            Optional<Status> refusal = DataSetCheck.refusal(walk, request);
            if (refusal.isPresent()) {
                return refusal.get();
            }
            move(part, target);
            placed = true;
            return Status.SUCCESS;
        } finally {
            if (!placed) {
                Files.deleteIfExists(part);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A UID is digits and dots; anything else (a hostile sender) is replaced, so the name stays in the folder. */
    static String fileName(String uid) {
        StringBuilder out = new StringBuilder(Math.min(uid.length(), 64));
        for (int i = 0; i < uid.length() && out.length() < 64; i++) {
            char c = uid.charAt(i);
            out.append((c >= '0' && c <= '9') || (c == '.' && i > 0) ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }
}
