package ferry.router.make;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns an image ImageIO decoded into native DICOM pixels: grey stays grey (MONOCHROME2), colour becomes RGB;
 * 16-bit samples stay 16-bit, samples of fewer than 8 bits are scaled to 8 (with a note); a palette is looked up
 * (grey when all its colours are grey); an alpha channel is dropped, with a note.
 */
final class ImageRasters {
    private ImageRasters() {
    }

    static NativePixels pixels(BufferedImage image) throws ImageException {
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int width = image.getWidth();
        int height = image.getHeight();
        if (width > PixelFormat.MAX_SIDE || height > PixelFormat.MAX_SIDE) {
            throw new ImageException("an image of " + width + "x" + height + " pixels: DICOM images have at most "
                    + PixelFormat.MAX_SIDE + " rows and columns");
        }
        String note = model.hasAlpha() ? "transparency (alpha) dropped" : "";
        if (model instanceof IndexColorModel palette) {
            return fromPalette(palette, raster, width, height, note);
        }
        int type = model.getColorSpace().getType();
        if (type != ColorSpace.TYPE_GRAY && type != ColorSpace.TYPE_RGB) {
            throw new ImageException("the image's colour space is neither grey nor RGB (ColorSpace type " + type
                    + ", e.g. CMYK); DICOM images here are grey or RGB");
        }
        int samples = model.getNumColorComponents();
        int depth = model.getComponentSize(0);
        if (depth > 16) {
            throw new ImageException("the image has " + depth + "-bit samples; at most 16 are kept");
        }
        boolean wide = depth > 8;
        if ((long) width * height * samples * (wide ? 2 : 1) > Integer.MAX_VALUE - 8) {
            throw new ImageException("an image of " + width + "x" + height + " pixels is too large");
        }
        byte[] data = new byte[width * height * samples * (wide ? 2 : 1)];
        int max = (1 << depth) - 1;
        int i = 0;
        int[] pixel = new int[raster.getNumBands()];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.getPixel(x, y, pixel);
                for (int s = 0; s < samples; s++) {
                    int value = pixel[s];
                    if (depth < 8) {
                        value = (value * 255 + max / 2) / max;
                    }
                    data[i++] = (byte) value;
                    if (wide) {
                        data[i++] = (byte) (value >>> 8);
                    }
                }
            }
        }
        if (depth < 8) {
            note = join(note, depth + "-bit samples scaled to 8 bits");
        }
        return new NativePixels(height, width, samples, wide ? 16 : 8, wide ? depth : 8,
                samples == 1 ? "MONOCHROME2" : "RGB", data, note);
    }

    private static NativePixels fromPalette(IndexColorModel palette, Raster raster, int width, int height,
                                            String note) {
        boolean grey = true;
        for (int entry = 0; entry < palette.getMapSize(); entry++) {
            int red = palette.getRed(entry);
            grey &= red == palette.getGreen(entry) && red == palette.getBlue(entry);
        }
        int samples = grey ? 1 : 3;
        byte[] data = new byte[width * height * samples];
        int i = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int entry = raster.getSample(x, y, 0);
                data[i++] = (byte) palette.getRed(entry);
                if (!grey) {
                    data[i++] = (byte) palette.getGreen(entry);
                    data[i++] = (byte) palette.getBlue(entry);
                }
            }
        }
        return new NativePixels(height, width, samples, 8, 8, grey ? "MONOCHROME2" : "RGB", data, note);
    }

    private static String join(String note, String more) {
        return note.isEmpty() ? more : note + "; " + more;
    }

    /**
     * Refuses an image of {@code width} × {@code height} pixels of {@code bytesPerPixel} bytes decoded whose pixels,
     * held twice while converted (as decoded and as DICOM pixels), would take more than two thirds of this JVM's
     * heap: a clear answer instead of an OutOfMemoryError, also for a small file whose header claims a huge image.
     */
    static void requireHeap(long width, long height, int bytesPerPixel) throws ImageException {
        long needed = 2 * width * height * bytesPerPixel;
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > heap / 3 * 2) {
            throw new ImageException(String.format("an image of %dx%d pixels needs about %d MB to convert; this Java "
                    + "has %d MB of heap (more with FERRY_JAVA_OPTS=-Xmx2g)", width, height, needed >> 20, heap >> 20));
        }
    }
}
