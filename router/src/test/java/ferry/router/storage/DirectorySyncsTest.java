package ferry.router.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DirectorySyncs}: which fsyncs are made for which requests, and what a failure or a close answers. */
class DirectorySyncsTest {
    @TempDir
    Path dir;

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void requestsMadeWhileARoundRunsShareOneFsyncPerDirectoryInTheNextRound() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Path> synced = new CopyOnWriteArrayList<>();
        try (DirectorySyncs syncs = new DirectorySyncs(directory -> {
            held.countDown();
            await(release);
            Placement.forceDirectory(directory);
            synced.add(directory);
        }, Duration.ZERO)) {
            CompletableFuture<Void> first = syncs.sync(a);
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> meanwhile = List.of(syncs.sync(a), syncs.sync(b), syncs.sync(a),
                    syncs.syncAll(List.of(b, a, b)));
            assertThat(first).isNotDone();
            assertThat(meanwhile).noneMatch(CompletableFuture::isDone);

            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<Void> done : meanwhile) {
                done.get(10, TimeUnit.SECONDS);
            }
            assertThat(synced).as("a's request during a's fsync waits for the next round")
                    .containsExactly(a, a, b);
            assertThat(syncs.requests()).isEqualTo(6);
            assertThat(syncs.syncs()).isEqualTo(3);
        }
    }

    @Test
    void requestsMadeWithinTheGatheringAfterARoundsFirstShareOneFsyncPerDirectory() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        List<Path> synced = new CopyOnWriteArrayList<>();
        try (DirectorySyncs syncs = new DirectorySyncs(directory -> {
            Placement.forceDirectory(directory);
            synced.add(directory);
        }, Duration.ofSeconds(1))) {
            List<CompletableFuture<Void>> requests = List.of(syncs.sync(a), syncs.sync(b), syncs.sync(a),
                    syncs.sync(a));
            for (CompletableFuture<Void> done : requests) {
                done.get(10, TimeUnit.SECONDS);
            }
            assertThat(synced).containsExactly(a, b);
            assertThat(syncs.syncs()).isEqualTo(2);
        }
    }

    @Test
    void noDirectoriesNeedNoFsync() throws Exception {
        try (DirectorySyncs syncs = new DirectorySyncs(directory -> {
            throw new AssertionError("no fsync expected");
        }, Duration.ZERO)) {
            assertThat(syncs.syncAll(List.of())).isCompleted();
            assertThat(syncs.requests()).isZero();
        }
    }

    @Test
    void aFailedFsyncFailsEveryRequestOfItsDirectoryWithAMessageNamingItAndOnlyThose() throws Exception {
        Path bad = Files.createDirectory(dir.resolve("bad"));
        Path good = Files.createDirectory(dir.resolve("good"));
        try (DirectorySyncs syncs = new DirectorySyncs(directory -> {
            if (directory.equals(bad)) {
                throw new IOException("Input/output error");
            }
        }, Duration.ZERO)) {
            CompletableFuture<Void> failed = syncs.sync(bad);
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IOException.class)
                    .hasMessageContaining("could not fsync directory " + bad)
                    .hasMessageContaining("Input/output error");
            syncs.sync(good).get(10, TimeUnit.SECONDS);
            assertThat(syncs.syncs()).isEqualTo(1);
        }
    }

    @Test
    void closeAnswersTheRequestsMadeBeforeItAndRefusesLaterOnes() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DirectorySyncs syncs = new DirectorySyncs(directory -> {
            held.countDown();
            await(release);
        }, Duration.ZERO);
        CompletableFuture<Void> running = syncs.sync(a);
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> waiting = syncs.sync(a);
        Thread closing = new Thread(syncs::close);
        closing.start();
        release.countDown();
        closing.join(10_000);

        assertThat(closing.isAlive()).isFalse();
        assertThat(running).isCompleted();
        assertThat(waiting).as("asked before the close").isCompleted();
        assertThatThrownBy(() -> syncs.sync(a).get(1, TimeUnit.SECONDS)).cause()
                .isInstanceOf(IOException.class).hasMessageContaining("Ferry is stopping");
    }
}
