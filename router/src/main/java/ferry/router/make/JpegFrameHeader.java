package ferry.router.make;

import ferry.core.tag.Uids;
import java.util.List;

/**
 * What a JPEG says about its image in the marker segments before its first scan (ISO/IEC 10918-1 Annex B): the
 * frame header (SOFn) — process, sample precision, lines, samples per line, components with their sampling factors —
 * and the JFIF (APP0) and Adobe (APP14) segments that tell its colour space. Only these headers are read; the
 * entropy-coded data is not decoded here.
 *
 * @param marker          the SOF marker's second byte: 0xC0 baseline, 0xC1 extended sequential, …
 * @param precision       bits per sample: 8, or 12 for extended sequential
 * @param lines           rows
 * @param samplesPerLine  columns
 * @param components      the frame's components in order
 * @param jfif            whether a JFIF APP0 segment comes first (YCbCr for three components)
 * @param adobeTransform  the Adobe APP14 segment's colour transform (0: none, RGB; 1: YCbCr), -1 without one
 */
public record JpegFrameHeader(int marker, int precision, int lines, int samplesPerLine, List<Component> components,
                              boolean jfif, int adobeTransform) {

    /** A frame component: its identifier and horizontal and vertical sampling factors. */
    public record Component(int id, int horizontal, int vertical) {
    }

    public JpegFrameHeader {
        components = List.copyOf(components);
    }

    /**
     * Reads the headers of the JPEG in {@code data}.
     *
     * @throws ImageException when it is no JPEG, ends before its frame header, or its frame header is broken
     */
    public static JpegFrameHeader read(byte[] data) throws ImageException {
        if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
            throw new ImageException("not a JPEG (it does not start with the SOI marker FF D8)");
        }
        boolean jfif = false;
        int adobe = -1;
        int at = 2;
        while (true) {
            while (at < data.length && (data[at] & 0xFF) == 0xFF && at + 1 < data.length
                    && (data[at + 1] & 0xFF) == 0xFF) {
                at++; // fill bytes before a marker (B.1.1.2)
            }
            if (at + 4 > data.length) {
                throw new ImageException("the JPEG ends before its frame header (SOF marker)");
            }
            if ((data[at] & 0xFF) != 0xFF) {
                throw new ImageException(String.format("broken JPEG: a marker was expected at offset %d, found %02X",
                        at, data[at] & 0xFF));
            }
            int marker = data[at + 1] & 0xFF;
            if (marker == 0xD9 || marker == 0xDA) {
                throw new ImageException("the JPEG has no frame header (SOF marker) before its "
                        + (marker == 0xDA ? "first scan" : "end"));
            }
            int length = u16(data, at + 2);
            if (length < 2 || at + 2 + length > data.length) {
                throw new ImageException(String.format("broken JPEG: marker FF%02X at offset %d has length %d, "
                        + "past the end of the file", marker, at, length));
            }
            int segment = at + 4;
            if (marker == 0xE0 && at == 2 && startsWith(data, segment, length - 2, "JFIF\0")) {
                jfif = true;
            } else if (marker == 0xEE && length >= 14 && startsWith(data, segment, length - 2, "Adobe")) {
                adobe = data[segment + 11] & 0xFF;
            } else if (isFrameHeader(marker)) {
                return frame(data, marker, segment, length - 2, jfif, adobe);
            }
            at += 2 + length;
        }
    }

    /** SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range (B.1.1.3). */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static JpegFrameHeader frame(byte[] data, int marker, int at, int length, boolean jfif, int adobe)
            throws ImageException {
        if (length < 6 || length != 6 + 3 * (data[at + 5] & 0xFF)) {
            throw new ImageException(String.format("broken JPEG: its frame header (FF%02X) has length %d for %d "
                    + "components", marker, length + 2, length < 6 ? 0 : data[at + 5] & 0xFF));
        }
        int count = data[at + 5] & 0xFF;
        Component[] components = new Component[count];
        for (int i = 0; i < count; i++) {
            int sampling = data[at + 7 + 3 * i] & 0xFF;
            components[i] = new Component(data[at + 6 + 3 * i] & 0xFF, sampling >> 4, sampling & 0x0F);
        }
        return new JpegFrameHeader(marker, data[at] & 0xFF, u16(data, at + 1), u16(data, at + 3),
                List.of(components), jfif, adobe);
    }

    /**
     * The transfer syntax that carries this JPEG as it is (PS3.5 §10.3, Annex A.4.1): JPEG Baseline (Process 1) for
     * an 8-bit baseline frame, JPEG Extended (Process 2 and 4) for an extended sequential one of 8 or 12 bits.
     *
     * @throws ImageException for every other process (progressive, lossless, hierarchical, arithmetic), with its name
     */
    public String transferSyntax() throws ImageException {
        if (marker == 0xC0 && precision == 8) {
            return Uids.JPEGBaseline8Bit;
        }
        if (marker == 0xC1 && (precision == 8 || precision == 12)) {
            return Uids.JPEGExtended12Bit;
        }
        String process = switch (marker) {
            case 0xC0, 0xC1 -> precision + "-bit sequential";
            case 0xC2 -> "progressive";
            case 0xC3 -> "lossless";
            case 0xC5, 0xC6, 0xC7, 0xCD, 0xCE, 0xCF -> "hierarchical";
            default -> "arithmetic-coded";
        };
        String why = marker == 0xC2 ? " (DICOM's transfer syntax for it is retired)"
                : marker <= 0xC1 ? " (8 bits, or 12 for extended sequential, are allowed)" : "";
        throw new ImageException(String.format("a %s JPEG (frame marker FF%02X)%s: Ferry keeps a JPEG as it is, "
                + "which it can for baseline and extended sequential ones (PS3.5 §A.4.1); save the image as a "
                + "baseline JPEG or as PNG", process, marker, why));
    }

    /**
     * The Photometric Interpretation of this JPEG's pixels (PS3.5 §8.2.1, PS3.3 C.7.6.3.1.2): MONOCHROME2 for one
     * component; for three, RGB when they are not colour-transformed (an Adobe segment with transform 0, or
     * components named R, G and B without JFIF), else YBR_FULL_422 when the chrominance is subsampled and YBR_FULL
     * when it is not.
     *
     * @throws ImageException for other numbers of components (CMYK, two-component images)
     */
    public String photometricInterpretation() throws ImageException {
        if (components.size() == 1) {
            return "MONOCHROME2";
        }
        if (components.size() != 3) {
            throw new ImageException("a JPEG of " + components.size() + " components (" + (components.size() == 4
                    ? "CMYK" : "neither grey nor colour") + "): DICOM images have 1 or 3 samples per pixel");
        }
        boolean namedRgb = components.get(0).id() == 'R' && components.get(1).id() == 'G'
                && components.get(2).id() == 'B';
        if (adobeTransform == 0 || !jfif && adobeTransform < 0 && namedRgb) {
            return "RGB";
        }
        Component luminance = components.get(0);
        for (Component chrominance : components.subList(1, 3)) {
            if (chrominance.horizontal() != luminance.horizontal() || chrominance.vertical() != luminance.vertical()) {
                return "YBR_FULL_422";
            }
        }
        return "YBR_FULL";
    }

    private static boolean startsWith(byte[] data, int at, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[at + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] data, int at) {
        return (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
    }
}
