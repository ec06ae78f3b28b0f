package ferry.router.make;

import java.util.Objects;

/**
 * A Secondary Capture object made from an image ({@link ImageObjects}): the object (its pixels in a JPEG's own
 * transfer syntax, else Explicit VR Little Endian), written all or nothing by {@link MadeObject#write}, and a note on
 * what changed on the way (empty when nothing).
 */
public record ImageObject(MadeObject object, String note) {
    public ImageObject {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(note, "note");
    }
}
