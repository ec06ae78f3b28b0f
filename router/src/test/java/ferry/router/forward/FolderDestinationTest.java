package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.journal.DurabilityPolicy;
import ferry.router.storage.CollisionPolicy;
import ferry.router.storage.Layout;
import ferry.router.storage.StoreConfig;
import ferry.router.testing.TestStudy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FolderDestination}: a store action the queue can use. */
class FolderDestinationTest {
    @TempDir
    Path dir;

    FolderDestination folder(CollisionPolicy collision) {
        return new FolderDestination("copy", new DestinationConfig.Folder(new StoreConfig(dir.resolve("copy"),
                Layout.preset("default"), collision, List.of()), 2), DurabilityPolicy.PROCESS);
    }

    @Test
    void atDurabilityPowerWhatItPlacesIsForcedToDiskBeforeItCountsAsDelivered() throws Exception {
        Path file = TestStudy.of("F0", "2.25.800", 1).write(dir.resolve("out")).get(0);
        DestinationConfig.Folder config = new DestinationConfig.Folder(new StoreConfig(dir.resolve("copy"),
                Layout.preset("default"), CollisionPolicy.SKIP_IDENTICAL, List.of()), 2);
        try (Destination durable = Destinations.create("copy", config, name -> null, DurabilityPolicy.POWER);
             Destination plain = Destinations.create("copy", config, name -> null)) {
            Delivery delivery = durable.deliver(Outgoing.of(file));

            assertThat(delivery.result()).as(delivery.detail()).isEqualTo(Delivery.Result.DELIVERED);
            assertThat(durable.describe()).isEqualTo("folder " + dir.resolve("copy")
                    + " (fsync'd: durability power)");
            assertThat(plain.describe()).isEqualTo("folder " + dir.resolve("copy"));
        }
        assertThat(Files.mismatch(dir.resolve("copy/F0/20261122_101500/2.25.800.1/2.25.800.1.1.dcm"), file))
                .isEqualTo(-1L);
    }

    @Test
    void anObjectIsPlacedByTheLayoutAndItsFileLeftWhereItIs() throws Exception {
        Path file = TestStudy.of("F1", "2.25.801", 1).write(dir.resolve("out")).get(0);
        Path expected = dir.resolve("copy/F1/20261122_101500/2.25.801.1/2.25.801.1.1.dcm");
        try (FolderDestination copy = folder(CollisionPolicy.SKIP_IDENTICAL)) {
            Delivery delivery = copy.deliver(Outgoing.of(file));

            assertThat(copy.describe()).isEqualTo("folder " + dir.resolve("copy"));
            assertThat(delivery).isEqualTo(Delivery.delivered(expected.toString()));
        }
        assertThat(Files.mismatch(expected, file)).isEqualTo(-1L);
        assertThat(file).exists();
    }

    @Test
    void theSameObjectAgainIsAlreadyThereUnderSkipIdenticalAndKeptBesideUnderKeepBoth() throws Exception {
        Path file = TestStudy.of("F2", "2.25.802", 1).write(dir.resolve("out")).get(0);
        Path series = dir.resolve("copy/F2/20261122_101500/2.25.802.1");
        try (FolderDestination skip = folder(CollisionPolicy.SKIP_IDENTICAL);
             FolderDestination keep = folder(CollisionPolicy.KEEP_BOTH)) {
            Delivery first = skip.deliver(Outgoing.of(file));
            Delivery again = skip.deliver(Outgoing.of(file));
            Delivery beside = keep.deliver(Outgoing.of(file));

            assertThat(first.result()).isEqualTo(Delivery.Result.DELIVERED);
            assertThat(again).isEqualTo(Delivery.alreadyThere("identical to " + series.resolve("2.25.802.1.1.dcm")));
            assertThat(beside).isEqualTo(Delivery.delivered("name taken, kept both: "
                    + series.resolve("2.25.802.1.1A.dcm")));
        }
    }

    @Test
    void aFolderThatCannotBeMadeFails() throws Exception {
        Path file = TestStudy.of("F3", "2.25.803", 1).write(dir.resolve("out")).get(0);
        Files.writeString(dir.resolve("copy"), "a file where the folder should be");
        try (FolderDestination copy = folder(CollisionPolicy.SKIP_IDENTICAL)) {
            Delivery delivery = copy.deliver(Outgoing.of(file));

            assertThat(delivery.result()).isEqualTo(Delivery.Result.FAILED);
            assertThat(delivery.detail()).startsWith("folder " + dir.resolve("copy") + ": ");
        }
    }
}
