package ferry.router.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GroupSync}: one sync for every caller that asked meanwhile. */
class GroupSyncTest {
    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    @Test
    void callersAskingDuringASyncShareTheNextOne() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger syncs = new AtomicInteger();
        GroupSync group = new GroupSync(thread, () -> {
            if (syncs.incrementAndGet() == 1) {
                firstStarted.countDown();
                await(release);
            }
        }, 0, "closed");

        List<CompletableFuture<Void>> calls = new ArrayList<>();
        calls.add(group.request());
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        for (int n = 0; n < 5; n++) {
            calls.add(group.request());
        }
        release.countDown();
        for (CompletableFuture<Void> call : calls) {
            call.get(10, TimeUnit.SECONDS);
        }
        assertThat(syncs.get()).as("the first, then one for the five that asked during it").isEqualTo(2);
    }

    @Test
    void aRequestAfterASyncEndedGetsASyncOfItsOwn() throws Exception {
        AtomicInteger syncs = new AtomicInteger();
        GroupSync group = new GroupSync(thread, syncs::incrementAndGet, 0, "closed");
        group.request().get(10, TimeUnit.SECONDS);
        group.request().get(10, TimeUnit.SECONDS);
        assertThat(syncs.get()).isEqualTo(2);
    }

    @Test
    void aLingeringSyncServesTheCallersOfItsLinger() throws Exception {
        AtomicInteger syncs = new AtomicInteger();
        GroupSync group = new GroupSync(thread, syncs::incrementAndGet, 200, "closed");
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            calls.add(group.request());
        }
        for (CompletableFuture<Void> call : calls) {
            call.get(10, TimeUnit.SECONDS);
        }
        assertThat(syncs.get()).isEqualTo(1);
    }

    @Test
    void aFailedSyncFailsItsCallersAndTheNextRequestTriesAgain() throws Exception {
        AtomicInteger syncs = new AtomicInteger();
        GroupSync group = new GroupSync(thread, () -> {
            if (syncs.incrementAndGet() == 1) {
                throw new IOException("EIO");
            }
        }, 0, "closed");
        assertThatThrownBy(() -> group.request().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("EIO");
        group.request().get(10, TimeUnit.SECONDS);
        assertThat(syncs.get()).isEqualTo(2);
    }

    @Test
    void aRequestOnceTheThreadIsShutDownFailsWithTheClosedMessage() {
        thread.shutdown();
        GroupSync group = new GroupSync(thread, () -> { }, 0, "journal x is closed");
        assertThatThrownBy(() -> group.request().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("journal x is closed");
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IOException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
