package ferry.router.web.dicomweb;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The start of a DICOM Part 10 stream (PS3.10 §7.1): the 128-byte preamble, {@code DICM} and the file meta
 * information group, always Explicit VR Little Endian, read element by element so that the stream is left exactly
 * at the data set's first byte. At most {@value #MAX_META} bytes of meta information are read.
 */
final class PartTenHead {
    static final int MAX_META = 64 * 1024;
    /** VRs whose explicit length is 4 bytes after 2 reserved ones (PS3.5 §7.1.2). */
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV");

    /** Not the start of a Part 10 file. */
    static final class NotPartTenException extends IOException {
        NotPartTenException(String message) {
            super(message);
        }
    }

    private PartTenHead() {
    }

    /**
     * Reads the preamble, {@code DICM} and the file meta information from {@code in} (which must be the one given,
     * as the data set is read from it next), and returns the meta information.
     *
     * @throws NotPartTenException when the stream does not start as a Part 10 file
     */
    static DataSet read(PushbackInputStream in) throws IOException {
        byte[] start = in.readNBytes(132);
        if (start.length < 132 || !new String(start, 128, 4, StandardCharsets.US_ASCII).equals("DICM")) {
            throw new NotPartTenException("it is not a DICOM file: no 'DICM' after a 128-byte preamble (PS3.10 §7.1)");
        }
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        while (true) {
            byte[] tag = in.readNBytes(4);
            if (tag.length < 4 || (tag[0] & 0xFF | (tag[1] & 0xFF) << 8) != 0x0002) {
                if (tag.length > 0) {
                    in.unread(tag);
                }
                break;
            }
            byte[] vr = in.readNBytes(2);
            String name = new String(vr, StandardCharsets.US_ASCII);
            long length;
            byte[] lengthBytes;
            if (LONG_VRS.contains(name)) {
                lengthBytes = in.readNBytes(6);
                length = lengthBytes.length < 6 ? -1 : (lengthBytes[2] & 0xFFL) | (lengthBytes[3] & 0xFFL) << 8
                        | (lengthBytes[4] & 0xFFL) << 16 | (lengthBytes[5] & 0xFFL) << 24;
            } else {
                lengthBytes = in.readNBytes(2);
                length = lengthBytes.length < 2 ? -1 : (lengthBytes[0] & 0xFF) | (lengthBytes[1] & 0xFF) << 8;
            }
            if (vr.length < 2 || length < 0 || meta.size() + length > MAX_META) {
                throw new NotPartTenException("its file meta information is cut off or longer than " + MAX_META
                        + " bytes");
            }
            byte[] value = in.readNBytes((int) length);
            if (value.length < length) {
                throw new NotPartTenException("its file meta information is cut off");
            }
            meta.write(tag);
            meta.write(vr);
            meta.write(lengthBytes);
            meta.write(value);
        }
        if (meta.size() == 0) {
            throw new NotPartTenException("it has no file meta information (group 0002, PS3.10 §7.1)");
        }
        return DicomReader.readDataSet(new ByteArrayInputStream(meta.toByteArray()),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ReadOptions.IN_MEMORY);
    }
}
