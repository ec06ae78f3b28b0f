package ferry.router.forward;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An answer's body as it arrives, written to a file (streamed: a buffer at a time, never whole in memory; a failure
 * to write it is a {@link FileSystemException}) or kept in memory up to a limit; it counts the bytes received, so that {@link HttpEndpoint} can tell a stalled answer from a
 * slow one, and can be cut off ({@link #abort}).
 */
final class ReceivedBody implements HttpResponse.BodySubscriber<ReceivedBody> {
    private final Path file;
    private final int limit;
    private final boolean failOverLimit;
    private final AtomicLong received = new AtomicLong();
    private final CompletableFuture<ReceivedBody> done = new CompletableFuture<>();
    private final ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private volatile Flow.Subscription subscription;
    private FileChannel channel;

    private ReceivedBody(Path file, int limit, boolean failOverLimit) {
        this.file = file;
        this.limit = limit;
        this.failOverLimit = failOverLimit;
    }

    /** A body written to {@code file}, created or replaced. */
    static ReceivedBody toFile(Path file) {
        return new ReceivedBody(file, 0, false);
    }

    /**
     * A body kept in memory: its first {@code limit} bytes, the rest left unread; or, with {@code failOverLimit}, an
     * IOException when there is more.
     */
    static ReceivedBody inMemory(int limit, boolean failOverLimit) {
        return new ReceivedBody(null, limit, failOverLimit);
    }

    /** The bytes received so far. */
    long received() {
        return received.get();
    }

    /** The body kept in memory (empty for a file). */
    byte[] bytes() {
        return memory.toByteArray();
    }

    /** Stops receiving: the connection is given up and the body fails with {@code why}. */
    void abort(IOException why) {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        fail(why);
    }

    @Override
    public CompletionStage<ReceivedBody> getBody() {
        return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (file != null) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                abort(local(e));
                return;
            }
        }
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (done.isDone()) {
            return;
        }
        try {
            for (ByteBuffer buffer : buffers) {
                received.addAndGet(buffer.remaining());
                if (channel != null) {
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                } else if (!keep(buffer)) {
                    return;
                }
            }
        } catch (IOException e) {
            abort(local(e));
            return;
        }
        subscription.request(1);
    }

    /** A failure to write the file as a {@link FileSystemException}: this side's trouble, not the server's. */
    private IOException local(IOException e) {
        return e instanceof FileSystemException ? e : new FileSystemException(file.toString(), null, e.toString());
    }

    /** Keeps what fits under the limit; false when the limit is reached (and the body ended by it). */
    private boolean keep(ByteBuffer buffer) {
        int room = limit - memory.size();
        int take = Math.min(room, buffer.remaining());
        byte[] bytes = new byte[take];
        buffer.get(bytes);
        memory.write(bytes, 0, take);
        if (!buffer.hasRemaining()) {
            return true;
        }
        if (failOverLimit) {
            abort(new IOException("an answer over " + limit + " bytes"));
        } else {
            subscription.cancel();
            done.complete(this);
        }
        return false;
    }

    @Override
    public void onError(Throwable throwable) {
        fail(throwable);
    }

    @Override
    public void onComplete() {
        try {
            closeChannel();
            done.complete(this);
        } catch (IOException e) {
            done.completeExceptionally(e);
        }
    }

    private void fail(Throwable why) {
        try {
            closeChannel();
        } catch (IOException e) {
            why.addSuppressed(e);
        }
        done.completeExceptionally(why);
    }

    private synchronized void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
