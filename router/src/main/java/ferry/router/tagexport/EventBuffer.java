package ferry.router.tagexport;

import java.io.ByteArrayOutputStream;

/**
 * The bytes of a batch of events as they are made, which can be cut back to where an event began when making it
 * failed half-way, so that a batch never holds half an event.
 */
public final class EventBuffer extends ByteArrayOutputStream {
    public EventBuffer(int size) {
        super(size);
    }

    /** Forgets everything written after the first {@code length} bytes. */
    public synchronized void truncate(int length) {
        if (length < 0 || length > count) {
            throw new IllegalArgumentException("cannot cut " + count + " bytes back to " + length);
        }
        count = length;
    }

    /** The array the bytes are in (its first {@link #size()} bytes); not a copy. */
    public synchronized byte[] array() {
        return buf;
    }
}
