package ferry.router.forward;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.router.journal.DurabilityPolicy;
import ferry.router.storage.LayoutFolder;
import ferry.router.storage.Placement;
import ferry.router.storage.StoreConfig;
import java.io.IOException;

/**
 * A folder as a destination: each object is placed as a route's store action places it ({@link LayoutFolder}: the
 * layout names the file, the collision policy decides when the name is taken, a hard link where the file system
 * allows, the file appearing complete or not at all). The object's file is left where it is; when it is placed by a
 * hard link, the spool never writes a later object into it (docs/forwarding.md).
 *
 * <p>Outcomes: placed (also overwritten, or kept beside another under a suffixed name) is {@code DELIVERED};
 * skipped because an identical file is there ({@code skip-identical}) is {@code ALREADY_THERE}; a header that cannot
 * be read {@code REJECTED}; a failing file system (full, not mounted, no permission) {@code FAILED}. As for a store
 * action, the file is not checked further (the queue hands over received objects). Where the durability policy
 * forces placed files ({@link DurabilityPolicy#forcesPlacedFiles}), the placed file and the directories whose entries
 * changed are fsync'd before the object counts as delivered, since the queue then releases the spool file.
 */
public final class FolderDestination implements Destination {
    private final String name;
    private final DestinationConfig.Folder config;
    private final LayoutFolder store;
    private final DurabilityPolicy policy;

    public FolderDestination(String name, DestinationConfig.Folder config, DurabilityPolicy policy) {
        this.name = name;
        this.config = config;
        this.policy = policy;
        StoreConfig folder = config.store();
        this.store = new LayoutFolder(folder.folder(), folder.layout(), folder.collision(), new Placement(policy));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "folder " + store.folder() + (policy.forcesPlacedFiles() ? " (fsync'd: durability " + policy + ")" : "");
    }

    @Override
    public int maxParallel() {
        return config.maxParallel();
    }

    @Override
    public Delivery deliver(OutgoingObject object) {
        DataSet header;
        try {
            header = DicomReader.read(object.file(), ReadOptions.DEFAULT.stoppingBefore(store.layout().stopBefore()))
                    .dataSet();
        } catch (IOException e) {
            return Unreadable.of(object.file(), e);
        }
        LayoutFolder.Stored stored;
        try {
            stored = store.store(object.file(), header, false);
        } catch (IOException e) {
            return Delivery.failed(describe() + ": " + e.getMessage());
        }
        StringBuilder detail = new StringBuilder(stored.placed().path().toString());
        for (LayoutFolder.Renamed renamed : stored.renamed()) {
            detail.append("; renamed ").append(renamed.from()).append(" -> ").append(renamed.to());
        }
        return switch (stored.placed().outcome()) {
            case SKIPPED_IDENTICAL -> Delivery.alreadyThere("identical to " + detail);
            case PLACED -> Delivery.delivered(detail.toString());
            case OVERWROTE -> Delivery.delivered("overwrote " + detail);
            case KEPT_BOTH -> Delivery.delivered("name taken, kept both: " + detail);
        };
    }

    /** Nothing to release. */
    @Override
    public void close() {
    }
}
