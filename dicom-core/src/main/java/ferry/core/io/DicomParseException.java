package ferry.core.io;

import java.io.IOException;

/**
 * A data set or file that cannot be read: says where (byte offset from the start of the file or stream, and the
 * element path such as {@code (0008,1140)[1]>(0008,1155)}) and what is wrong.
 */
public final class DicomParseException extends IOException {
    private final long offset;
    private final String elementPath;
    private final String reason;

    public DicomParseException(long offset, String elementPath, String reason) {
        this(offset, elementPath, reason, null);
    }

    public DicomParseException(long offset, String elementPath, String reason, Throwable cause) {
        super("at offset " + offset + (elementPath.isEmpty() ? "" : " in " + elementPath) + ": " + reason, cause);
        this.offset = offset;
        this.elementPath = elementPath;
        this.reason = reason;
    }

    /** The byte offset where the problem was found, from the start of the file (inflated offset when deflated). */
    public long offset() {
        return offset;
    }

    /** The element being read, as a path of tags from the top-level data set; empty before the first element. */
    public String elementPath() {
        return elementPath;
    }

    /** What is wrong, without the location. */
    public String reason() {
        return reason;
    }
}
