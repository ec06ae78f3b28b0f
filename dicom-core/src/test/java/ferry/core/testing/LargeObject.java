package ferry.core.testing;

import ferry.core.data.BulkData;
import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A DICOM object far larger than a small test heap, for tests that prove objects are streamed: written as a stream
 * (header by {@link DicomWriter}, then the pixel bytes block by block, each block different so a lost or repeated
 * fragment shows), so the writing JVM does not hold it either. Explicit VR Little Endian.
 *
 * @param file       the Part 10 file
 * @param pixelBytes the length of Pixel Data
 * @param pixelCrc   the CRC-32C of the pixel bytes
 */
public record LargeObject(Path file, long pixelBytes, long pixelCrc) {
    /** 300 MiB of pixels. */
    public static final long PIXEL_BYTES = 300L << 20;
    private static final int BLOCK = 1 << 16;

    /** Writes {@code header} and {@code pixelBytes} (a multiple of 64 KiB) of OW Pixel Data into {@code file}. */
    public static LargeObject write(Path file, DataSet header, long pixelBytes) throws IOException {
        CRC32C crc = new CRC32C();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            DicomWriter.writeHeader(out, DicomWriter.completeMeta(new DataSet(), header,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            DicomWriter.writeDataSet(out, header, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            // (7FE0,0010) OW with a 32-bit length (PS3.5 §7.1.2), then the value block by block
            ByteBuffer element = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            element.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'W')
                    .putShort((short) 0).putInt((int) pixelBytes);
            out.write(element.array());
            byte[] block = new byte[BLOCK];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) (i * 31 + 7);
            }
            for (long n = 0; n < pixelBytes / BLOCK; n++) {
                ByteBuffer.wrap(block).putLong(n);
                crc.update(block);
                out.write(block);
            }
        }
        return new LargeObject(file, pixelBytes, crc.getValue());
    }

    /** The CRC-32C of a value read from its file. */
    public static long crc(BulkData value) throws IOException {
        try (InputStream in = value.open()) {
            return crc(in, Long.MAX_VALUE);
        }
    }

    /** The CRC-32C of the next {@code length} bytes of {@code in} (or all of them), read 1 MiB at a time. */
    public static long crc(InputStream in, long length) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 20];
        long left = length;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            crc.update(buffer, 0, n);
            left -= n;
        }
        return crc.getValue();
    }
}
