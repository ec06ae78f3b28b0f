package ferry.router.make;

import java.nio.charset.StandardCharsets;

/**
 * Reads Netpbm images (PBM, PGM, PPM: magic numbers P1 to P6, as netpbm's pbm(5), pgm(5) and ppm(5) define them),
 * which the JDK's ImageIO does not read. A trivial format: a text header (magic number, width, height, and the
 * maximum value except for bitmaps, with {@code #} comments), then the samples as decimal text (P1–P3) or bytes
 * (P4–P6; two bytes big endian when the maximum is over 255). Bitmaps, where 1 is black, become 8-bit grey, 0 black
 * and 255 white; grey and colour keep their values, 8 bits up to a maximum of 255 (scaled to 255 when lower), else
 * 16 bits with as many bits stored as the maximum needs (4095: 12).
 */
final class PnmReader {
    private final byte[] data;
    private int at;

    private PnmReader(byte[] data) {
        this.data = data;
    }

    /** Whether {@code data} starts like a Netpbm image: {@code P1} to {@code P6}. */
    static boolean looksLikePnm(byte[] data) {
        return data.length >= 3 && data[0] == 'P' && data[1] >= '1' && data[1] <= '6';
    }

    /**
     * Decodes the image in {@code data}.
     *
     * @throws ImageException naming what is wrong and where
     */
    static NativePixels read(byte[] data) throws ImageException {
        return new PnmReader(data).image();
    }

    private NativePixels image() throws ImageException {
        int kind = data[1] - '0';
        at = 2;
        int width = headerNumber("width");
        int height = headerNumber("height");
        boolean bitmap = kind == 1 || kind == 4;
        int max = bitmap ? 1 : headerNumber("maximum value");
        if (width < 1 || height < 1 || width > PixelFormat.MAX_SIDE || height > PixelFormat.MAX_SIDE) {
            throw new ImageException("a PNM image of " + width + "x" + height + " pixels: DICOM images have 1 to "
                    + PixelFormat.MAX_SIDE + " rows and columns");
        }
        if (max < 1 || max > 65535) {
            throw new ImageException("the PNM maximum value is " + max + "; it is 1 to 65535");
        }
        int samples = kind == 3 || kind == 6 ? 3 : 1;
        boolean binary = kind >= 4;
        if (binary) {
            at++; // the single white-space character after the header
        }
        boolean wide = max > 255;
        long samplesInImage = (long) width * height * samples;
        // checked before anything is allocated: each sample takes at least a byte of the file (a bit for P4)
        need(kind == 4 ? (long) (width + 7) / 8 * height : samplesInImage * (binary && wide ? 2 : 1),
                kind == 4 ? "the bitmap's rows" : "the samples");
        if (samplesInImage * (wide ? 2 : 1) > Integer.MAX_VALUE - 8) {
            throw new ImageException("a PNM image of " + width + "x" + height + " pixels is too large");
        }
        ImageRasters.requireHeap(width, height, samples * (wide ? 2 : 1));
        int count = (int) samplesInImage;
        byte[] out = new byte[count * (wide ? 2 : 1)];
        if (kind == 4) {
            int rowBytes = (width + 7) / 8;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    boolean black = (data[at + y * rowBytes + x / 8] >> (7 - x % 8) & 1) == 1;
                    out[y * width + x] = (byte) (black ? 0 : 255);
                }
            }
        } else {
            for (int i = 0; i < count; i++) {
                int value;
                if (!binary) {
                    value = textSample(kind == 1, i, count);
                } else if (wide) {
                    value = (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
                    at += 2;
                } else {
                    value = data[at++] & 0xFF;
                }
                if (value > max) {
                    throw new ImageException("PNM sample " + (i + 1) + " is " + value + ", over the maximum value "
                            + max);
                }
                if (bitmap) {
                    value = value == 1 ? 0 : 255;
                } else if (!wide && max < 255) {
                    value = (value * 255 + max / 2) / max;
                }
                if (wide) {
                    out[2 * i] = (byte) value;
                    out[2 * i + 1] = (byte) (value >>> 8);
                } else {
                    out[i] = (byte) value;
                }
            }
        }
        int bitsStored = wide ? 32 - Integer.numberOfLeadingZeros(max) : 8;
        String note = !bitmap && !wide && max < 255 ? "PNM values scaled from 0–" + max + " to 0–255" : "";
        return new NativePixels(height, width, samples, wide ? 16 : 8, bitsStored,
                samples == 3 ? "RGB" : "MONOCHROME2", out, note);
    }

    /** The next decimal number of the header, after white space and comments. */
    private int headerNumber(String what) throws ImageException {
        skipSpaceAndComments();
        int start = at;
        long value = 0;
        while (at < data.length && data[at] >= '0' && data[at] <= '9' && value <= Integer.MAX_VALUE) {
            value = value * 10 + data[at++] - '0';
        }
        if (at == start || at < data.length && !whiteSpace(data[at]) && data[at] != '#') {
            throw new ImageException("the PNM header's " + what + " is not a number: '" + word(start) + "'"
                    + (word(start).startsWith("\\") ? " (a literal \\n: was the file made with an echo that does "
                    + "not turn \\n into new lines? printf does)" : ""));
        }
        if (at >= data.length) {
            throw new ImageException("the PNM image ends after its header's " + what);
        }
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    /** A sample of a plain (text) image: a decimal number, or for plain bitmaps a single 0 or 1. */
    private int textSample(boolean bit, int index, int count) throws ImageException {
        skipSpaceAndComments();
        if (at >= data.length) {
            throw new ImageException("the PNM image ends after " + index + " of its " + count + " samples");
        }
        int start = at;
        long value = 0;
        while (at < data.length && data[at] >= '0' && data[at] <= '9' && value <= 65535 && (!bit || at == start)) {
            value = value * 10 + data[at++] - '0';
        }
        if (at == start) {
            throw new ImageException("PNM sample " + (index + 1) + " is not a number: '" + word(start) + "'");
        }
        return (int) value;
    }

    private void skipSpaceAndComments() {
        while (at < data.length) {
            if (data[at] == '#') {
                while (at < data.length && data[at] != '\n' && data[at] != '\r') {
                    at++;
                }
            } else if (whiteSpace(data[at])) {
                at++;
            } else {
                return;
            }
        }
    }

    private void need(long bytes, String what) throws ImageException {
        if (data.length - at < bytes) {
            throw new ImageException("the PNM image ends within " + what + ": " + bytes + " bytes needed, "
                    + Math.max(0, data.length - at) + " left");
        }
    }

    /** The text from {@code start} to the next white space, at most 20 characters, for messages. */
    private String word(int start) {
        int end = start;
        while (end < data.length && end - start < 20 && !whiteSpace(data[end])) {
            end++;
        }
        return new String(data, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static boolean whiteSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == 0x0C;
    }
}
