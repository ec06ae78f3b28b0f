package ferry.core.io;

import ferry.core.data.DataSet;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What reading a DICOM file gave.
 *
 * @param fileMeta       the file meta information group (0002,xxxx); empty when the file had none
 * @param dataSet        the data set
 * @param transferSyntax the transfer syntax the data set was read in (declared, or inferred when there was no
 *                       file meta information)
 * @param complete       false when reading stopped early on purpose ({@link ReadOptions#stopBefore()})
 * @param warnings       problems that did not prevent reading, such as a missing preamble or trailing garbage
 * @param dataSetOffset  where the data set's bytes start in the file (after the meta group; for deflated files,
 *                       where the deflated bytes start), so they can be sent or copied without re-encoding
 */
public record DicomFile(DataSet fileMeta, DataSet dataSet, TransferSyntax transferSyntax, boolean complete,
                        List<String> warnings, long dataSetOffset) {
    public DicomFile {
        warnings = List.copyOf(warnings);
    }

    /** The bytes {@link #looksLikeDicom} wants to see: the preamble and "DICM". */
    public static final int SIGNATURE_LENGTH = 132;

    /**
     * Whether {@code file} can be DICOM, by its first {@value #SIGNATURE_LENGTH} bytes and its size: "DICM" after the
     * 128-byte preamble (PS3.10 §7.1) or at the very start, else a bare data set whose first element is the file meta group's (0002)
     * or the identifying group's (0008, where every composite object starts with SOP Common attributes, PS3.3
     * C.12.1) with a known VR or a length that fits the file. {@link DicomReader} reads more leniently than this (it
     * tries any bare data set); this is for deciding what to skip in a folder that holds other files too.
     */
    public static boolean looksLikeDicom(Path file) throws IOException {
        byte[] start = new byte[SIGNATURE_LENGTH];
        int length;
        long size;
        try (SeekableByteChannel channel = Files.newByteChannel(file);
             InputStream in = Channels.newInputStream(channel)) {
            size = channel.size();
            length = in.readNBytes(start, 0, start.length);
        }
        return looksLikeDicom(start, length, size);
    }

    /**
     * Whether a file of {@code size} bytes starting with {@code start[0..length)} (its first
     * {@value #SIGNATURE_LENGTH} bytes, or all of a shorter file) can be DICOM: see {@link #looksLikeDicom(Path)}.
     */
    public static boolean looksLikeDicom(byte[] start, int length, long size) {
        if (length >= 132 && start[128] == 'D' && start[129] == 'I' && start[130] == 'C' && start[131] == 'M'
                || length >= 4 && start[0] == 'D' && start[1] == 'I' && start[2] == 'C' && start[3] == 'M') {
            return true;
        }
        if (length < 8) {
            return false;
        }
        int little = (start[0] & 0xFF) | (start[1] & 0xFF) << 8;
        int big = (start[0] & 0xFF) << 8 | (start[1] & 0xFF);
        if (little != 0x0002 && little != 0x0008 && big != 0x0008) {
            return false;
        }
        if (Vr.ofCode((start[4] & 0xFF) << 8 | (start[5] & 0xFF)) != null) {
            return true; // explicit VR
        }
        long implicitLength = (start[4] & 0xFFL) | (start[5] & 0xFFL) << 8 | (start[6] & 0xFFL) << 16
                | (start[7] & 0xFFL) << 24;
        return (little == 0x0002 || little == 0x0008) && implicitLength <= size - 8; // implicit VR: little endian
    }
}
