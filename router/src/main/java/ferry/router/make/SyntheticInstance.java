package ferry.router.make;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One object of a synthetic study, ready to be written: its header (every element before Pixel Data) and, for
 * images, the pixels to make as it is written (never held whole in memory). Written as a Part 10 file in Explicit VR
 * Little Endian.
 *
 * @param path     where it goes under the output folder ({@code patient0001/study01/series01-MR/MR00001.dcm})
 * @param header   the data set without Pixel Data
 * @param pixels   the pixel format, or null for an object without pixels (SR)
 * @param pattern  what the pixels show
 * @param variant  which step of the pattern (the instance number)
 * @param noise    the seed of the pixels' random values
 */
public record SyntheticInstance(String path, DataSet header, PixelFormat pixels, PixelPattern pattern, int variant,
                                long noise) {
    /** The transfer syntax synthetic objects are written in. */
    public static final TransferSyntax SYNTAX = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

    public SyntheticInstance {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(header, "header");
    }

    /** Its SOP Instance UID. */
    public String sopInstanceUid() {
        return header.getString(Tags.SOPInstanceUID);
    }

    /** Writes it as a Part 10 file to {@code out} (not closed). */
    public void write(OutputStream out) throws IOException {
        DicomWriter.writeFile(out, new DataSet(), header, SYNTAX);
        if (pixels == null) {
            return;
        }
        // Pixel Data (7FE0,0010), explicit VR little endian with a 4-byte length (PS3.5 §7.1.2): OW for 16-bit
        // samples, OB for 8-bit ones (PS3.5 §8.1.2); the value follows, made a row at a time.
        long length = pixels.length() + (pixels.length() & 1);
        boolean words = pixels.bitsAllocated() > 8;
        out.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', (byte) (words ? 'W' : 'B'), 0, 0,
            (byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)});
        pattern.write(out, pixels, variant, new SplittableRandom(noise));
    }

    /** Writes it to {@code file}, whole or not at all ({@link WholeFile}). */
    public void writeFile(Path file) throws IOException {
        WholeFile.write(file, this::write);
    }
}
