package ferry.router.make;

/**
 * The shape of native (uncompressed) pixel data, as the Image Pixel module describes it (PS3.3 C.7.6.3): unsigned
 * samples, interleaved colour (Planar Configuration 0), little endian.
 *
 * @param photometric MONOCHROME2 or RGB
 */
public record PixelFormat(int rows, int columns, int frames, int samplesPerPixel, int bitsAllocated, int bitsStored,
                          String photometric) {
    /** Rows and columns are US values (PS3.3 C.7.6.3.1). */
    public static final int MAX_SIDE = 65535;

    public PixelFormat {
        if (rows < 1 || columns < 1 || rows > MAX_SIDE || columns > MAX_SIDE) {
            throw new IllegalArgumentException("rows and columns are 1 to " + MAX_SIDE + ", not " + rows + "x"
                    + columns);
        }
        if (frames < 1) {
            throw new IllegalArgumentException("at least one frame, not " + frames);
        }
        if (bitsAllocated != 8 && bitsAllocated != 16 || bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new IllegalArgumentException(bitsStored + " bits stored in " + bitsAllocated + " allocated");
        }
        if (samplesPerPixel == 1 ? !photometric.startsWith("MONOCHROME") : samplesPerPixel != 3) {
            throw new IllegalArgumentException(samplesPerPixel + " samples per pixel as " + photometric);
        }
    }

    /** The length of the pixel data in bytes, without the padding byte an odd length gets. */
    public long length() {
        return (long) rows * columns * frames * samplesPerPixel * (bitsAllocated / 8);
    }

    /** The largest sample value. */
    public int maxValue() {
        return (1 << bitsStored) - 1;
    }
}
