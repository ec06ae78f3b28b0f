package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.Status;
import ferry.net.service.StoreScu;
import ferry.router.config.ConfigLoader;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.SmallDisk;
import ferry.router.testing.TestStudy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, on real file systems of known size (tmpfs): new objects are refused with 0xA700 exactly while the free
 * space is short.
 */
class DiskFullTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void objectsAreRefusedOnlyWhileTheFreeSpaceIsReallyUnderTheMinimum() throws Exception {
        // 32 MB for the spool, at least 24 MB kept free: room for about 4 objects of 2 MB at a time. 40 MB pass
        // through it on their way to a store on another disk, one at a time: each is sent once the one before has
        // left the spool, so the disk never holds more than one.
        SmallDisk data = track(SmallDisk.mount(dir.resolve("data"), 32L << 20));
        int port = RouterEndToEndTest.freePort();
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nmin-free-disk: 24MB\n"
                + "listeners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        TestStudy study = new TestStudy("ROOM", "2.25.8100", 1, 20, 2 << 20);
        List<Path> sent = study.write(dir.resolve("out"));

        try (FerryService service = FerryService.start(ConfigLoader.load(config))) {
            List<StoreScu.FileToSend> files = new ArrayList<>();
            for (Path file : sent) {
                files.add(StoreScu.inspect(file));
            }
            try (Association association = Requestor.connect(new RequestorSettings("SCANNER", "FERRY", "127.0.0.1",
                    port, StoreScu.contexts(files), 0, null, Timeouts.DEFAULT, null))) {
                for (StoreScu.FileToSend file : files) {
                    long free = data.free();
                    StoreScu.Result result = StoreScu.send(association, file);
                    assertThat(result.status()).as("%s sent with %d MB free", file.path().getFileName(), free >> 20)
                            .isEqualTo(Status.SUCCESS);
                    Await.until("the object left the spool",
                            () -> RouterEndToEndTest.spooledObjects(service.config().spoolDirectory()).isEmpty());
                }
            }
            assertThat(service.counters().refusedForDisk()).isZero();
        }
        assertStoredIntact(dir.resolve("store"), sent);

        data.fill(20L << 20);
        try (FerryService service = FerryService.start(ConfigLoader.load(config))) {
            ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("out"), "-v");

            assertThat(run.err()).as("20 MB free, under the 24 MB minimum").contains("OutOfResources")
                    .doesNotContain("Received Store Response (Success)");
            assertThat(service.counters().refusedForDisk()).isEqualTo(study.size());
        }
    }

    private SmallDisk track(SmallDisk disk) {
        cleanup.add(disk);
        return disk;
    }

    /** Each sent file is stored once, with the same data set (read back from the stored file). */
    private static void assertStoredIntact(Path store, List<Path> sent) throws Exception {
        Map<String, Path> stored = new HashMap<>();
        for (Path file : RouterEndToEndTest.files(store)) {
            assertThat(stored.put(RouterEndToEndTest.read(file).getString(Tags.SOPInstanceUID), file))
                    .as("stored once: " + file).isNull();
        }
        for (Path file : sent) {
            DataSet original = RouterEndToEndTest.read(file);
            Path copy = stored.get(original.getString(Tags.SOPInstanceUID));
            assertThat(copy).as("stored copy of " + file.getFileName()).isNotNull();
            assertThat(RouterEndToEndTest.read(copy)).isEqualTo(original);
        }
        assertThat(stored).hasSize(sent.size());
    }
}
