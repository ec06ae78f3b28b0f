package ferry.router.make;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;

/**
 * What the pixels of a synthetic image show, so that a viewer (Orthanc's preview) has something to render and
 * slices of a series can be told apart. Pixels are made a row at a time as they are written: a large multi-frame
 * object costs one row of memory.
 */
public enum PixelPattern {
    /** A diagonal ramp from dark to bright, shifted along the series. */
    GRADIENT,
    /** Concentric rings around the centre, whose phase moves from slice to slice. */
    RINGS,
    /** Uniform random values (of the instance's own random sequence). */
    NOISE;

    /**
     * Writes the pixel data of one object: {@code format.length()} bytes, and a zero byte when that is odd (PS3.5
     * §7.1.1). {@code variant} makes each instance of a series differ (its number), {@code random} is used by
     * {@link #NOISE}.
     */
    public void write(OutputStream out, PixelFormat format, int variant, SplittableRandom random) throws IOException {
        int bytesPerSample = format.bitsAllocated() / 8;
        int samples = format.samplesPerPixel();
        byte[] row = new byte[format.columns() * samples * bytesPerSample];
        int max = format.maxValue();
        for (int frame = 0; frame < format.frames(); frame++) {
            for (int y = 0; y < format.rows(); y++) {
                int i = 0;
                for (int x = 0; x < format.columns(); x++) {
                    for (int s = 0; s < samples; s++) {
                        int value = this == NOISE ? random.nextInt(max + 1)
                                : value(format, x, y, variant + frame, s, max);
                        row[i++] = (byte) value;
                        if (bytesPerSample == 2) {
                            row[i++] = (byte) (value >>> 8);
                        }
                    }
                }
                out.write(row);
            }
        }
        if ((format.length() & 1) != 0) {
            out.write(0);
        }
    }

    /** The value of sample {@code s} at ({@code x}, {@code y}) in step {@code step} of the series or cine loop. */
    private int value(PixelFormat format, int x, int y, int step, int s, int max) {
        double level;
        if (this == GRADIENT) {
            double span = format.columns() + format.rows();
            level = ((x + y + step * span / 16) % span) / span;
        } else {
            double dx = x - format.columns() / 2.0;
            double dy = y - format.rows() / 2.0;
            double period = Math.max(4, Math.min(format.columns(), format.rows()) / 8.0);
            // StrictMath: Math.cos may differ in its last bit between the interpreter and compiled code
            level = 0.5 + 0.5 * StrictMath.cos(2 * Math.PI * Math.sqrt(dx * dx + dy * dy) / period - step * 0.6);
        }
        if (s == 1) {
            level = 1 - level; // colour images: green runs against red, blue is half of red
        } else if (s == 2) {
            level /= 2;
        }
        return (int) Math.round(level * max);
    }
}
