package ferry.router.make;

/**
 * Decoded pixels ready for Pixel Data (7FE0,0010): interleaved samples (Planar Configuration 0), unsigned, each in
 * {@code bitsAllocated / 8} bytes little endian (PS3.5 §8.1.1).
 *
 * @param bitsStored  how many bits of each sample are used (values up to 2^bitsStored - 1)
 * @param photometric MONOCHROME2 or RGB
 * @param data        the bytes, not copied: callers must not change them
 * @param note        what was left out or changed on the way (an alpha channel, a palette), or empty
 */
public record NativePixels(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored,
                           String photometric, byte[] data, String note) {
    public NativePixels {
        new PixelFormat(rows, columns, 1, samplesPerPixel, bitsAllocated, bitsStored, photometric); // checks
        if (data.length != (long) rows * columns * samplesPerPixel * (bitsAllocated / 8)) {
            throw new IllegalArgumentException(data.length + " bytes for " + rows + "x" + columns + "x"
                    + samplesPerPixel + " samples of " + bitsAllocated + " bits");
        }
    }
}
