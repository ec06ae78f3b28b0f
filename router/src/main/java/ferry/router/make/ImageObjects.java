package ferry.router.make;

import static ferry.router.make.Attributes.imagePixel;
import static ferry.router.make.Attributes.text;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Makes a Secondary Capture Image object (PS3.3 A.8.1, with the SC Equipment module's Conversion Type WSD, as dcmtk's
 * img2dcm does) from an ordinary image file:
 * <ul>
 * <li>a JPEG is kept as it is, byte for byte, in encapsulated Pixel Data (PS3.5 §A.4: an empty Basic Offset Table
 * item, then the JPEG as one fragment), in the transfer syntax of its process ({@link JpegFrameHeader}), with the
 * image attributes its frame header gives and Lossy Image Compression 01;</li>
 * <li>PNG, BMP, GIF and what else the JDK's ImageIO decodes, and Netpbm images ({@link PnmReader}), become
 * uncompressed grey or RGB pixels of 8 or 16 bits, in Explicit VR Little Endian.</li>
 * </ul>
 * Patient, study and series come from a template object when one is given ({@link TemplateScope}); what is still
 * missing is made up as img2dcm does: new Study and Series Instance UIDs, empty type 2 attributes.
 */
public final class ImageObjects {
    /** Larger image files are refused rather than read into memory. */
    public static final long MAX_IMAGE_BYTES = 1L << 30;

    private ImageObjects() {
    }

    /**
     * The object for the image in {@code image}, with patient, study (and series) from {@code template} as
     * {@code scope} says (both null: none) and the {@code settings} applied last. Its UIDs are new ones from
     * {@code seed}.
     *
     * @throws ImageException when the file is no image this can read, with the reason
     * @throws IOException    when it cannot be read at all
     */
    public static ImageObject make(Path image, DataSet template, TemplateScope scope, List<AttributeSetting> settings,
                                   Seed seed) throws ImageException, IOException {
        long size = Files.size(image);
        if (size > MAX_IMAGE_BYTES) {
            throw new ImageException("the file has " + size + " bytes; images of more than " + MAX_IMAGE_BYTES
                    + " bytes are not read");
        }
        byte[] data = Files.readAllBytes(image);
        DataSet dataSet = new DataSet();
        if (template != null) {
            scope.copy(template, dataSet);
        }
        String note;
        TransferSyntax syntax;
        if (data.length >= 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8 && (data[2] & 0xFF) == 0xFF) {
            JpegFrameHeader header = JpegFrameHeader.read(data);
            syntax = TransferSyntax.of(header.transferSyntax());
            jpeg(dataSet, header, data);
            note = "";
        } else {
            NativePixels pixels = PnmReader.looksLikePnm(data) ? PnmReader.read(data) : decode(data);
            syntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            uncompressed(dataSet, pixels);
            note = pixels.note();
        }
        identify(dataSet, template, scope, seed);
        Position first = new Position(1, 1, 1, 1, 1);
        for (AttributeSetting setting : settings) {
            setting.apply(dataSet, first);
        }
        return new ImageObject(new MadeObject(new DataSet(), dataSet, syntax), note);
    }

    /** SOP, study and series identity and the type 2 attributes of the SC IOD's modules that are still missing. */
    private static void identify(DataSet dataSet, DataSet template, TemplateScope scope, Seed seed) {
        text(dataSet, Tags.SOPClassUID, Uids.SecondaryCaptureImageStorage);
        text(dataSet, Tags.SOPInstanceUID, seed.uid("instance"));
        if (!dataSet.contains(Tags.StudyInstanceUID)) {
            text(dataSet, Tags.StudyInstanceUID, seed.uid("study"));
        }
        if (!dataSet.contains(Tags.SeriesInstanceUID)) {
            text(dataSet, Tags.SeriesInstanceUID, seed.uid("series"));
        }
        if (!dataSet.contains(Tags.Modality)) {
            text(dataSet, Tags.Modality, "OT");
        }
        text(dataSet, Tags.ConversionType, "WSD");
        for (int tag : new int[] {Tags.PatientName, Tags.PatientID, Tags.PatientBirthDate, Tags.PatientSex,
            Tags.StudyDate, Tags.StudyTime, Tags.ReferringPhysicianName, Tags.StudyID, Tags.AccessionNumber,
            Tags.SeriesNumber, Tags.Laterality, Tags.PatientOrientation}) {
            if (!dataSet.contains(tag)) {
                text(dataSet, tag);
            }
        }
        // like img2dcm --instance-inc: an image added to a template's series comes after the template
        Integer previous = scope == TemplateScope.SERIES && template != null ? instanceNumber(template) : null;
        text(dataSet, Tags.InstanceNumber, Integer.toString(previous == null ? 1 : previous + 1));
    }

    private static Integer instanceNumber(DataSet template) {
        try {
            return template.getInt(Tags.InstanceNumber);
        } catch (RuntimeException notANumber) {
            return null;
        }
    }

    /** A JPEG kept as it is: the image attributes its frame header gives, and the encapsulated Pixel Data. */
    private static void jpeg(DataSet dataSet, JpegFrameHeader header, byte[] data) throws ImageException {
        String photometric = header.photometricInterpretation();
        if (header.lines() == 0 || header.samplesPerLine() == 0) {
            throw new ImageException("the JPEG's frame header gives " + header.samplesPerLine() + "x"
                    + header.lines() + " pixels (a height of 0 is given later, in a DNL segment, which DICOM "
                    + "does not allow: PS3.5 §8.2.1)");
        }
        if (header.precision() == 8) {
            decodable(data); // ImageIO decodes 8-bit JPEGs; it would fail on the retired 12-bit ones
        }
        imagePixel(dataSet, header.lines(), header.samplesPerLine(), header.components().size(), photometric,
                header.precision() > 8 ? 16 : 8, header.precision());
        text(dataSet, Tags.LossyImageCompression, "01");
        text(dataSet, Tags.LossyImageCompressionMethod, "ISO_10918_1");
        Fragments fragments = new Fragments();
        fragments.add(Bytes.EMPTY); // Basic Offset Table: empty for a single frame (PS3.5 §A.4)
        fragments.add(new Bytes(data));
        dataSet.put(Tag.PIXEL_DATA, Vr.OB, fragments);
    }

    /** Decoded pixels: the Image Pixel module and native Pixel Data. */
    private static void uncompressed(DataSet dataSet, NativePixels pixels) {
        imagePixel(dataSet, pixels.rows(), pixels.columns(), pixels.samplesPerPixel(), pixels.photometric(),
                pixels.bitsAllocated(), pixels.bitsStored());
        dataSet.setBytes(Tag.PIXEL_DATA, pixels.bitsAllocated() > 8 ? Vr.OW : Vr.OB, pixels.data());
    }

    /** A check of a JPEG decodes about this many pixels, every n-th of a larger image's rows and columns. */
    private static final double CHECKED_PIXELS = 1 << 20;

    /** Checks that ImageIO decodes the whole JPEG: a truncated or corrupt one is refused with ImageIO's reason. */
    private static void decodable(byte[] data) throws ImageException {
        if (imageIo(data, "the JPEG", true) == null) {
            throw new ImageException("the JDK has no JPEG decoder to check the image with");
        }
    }

    /** An image ImageIO decodes, as native pixels. */
    private static NativePixels decode(byte[] data) throws ImageException {
        BufferedImage image = imageIo(data, "the image", false);
        if (image == null) {
            throw new ImageException("not an image Ferry reads: it is none of JPEG, PNG, BMP, GIF, TIFF or PNM "
                    + "(Netpbm) by its first bytes");
        }
        return ImageRasters.pixels(image);
    }

    /**
     * The first image in {@code data} as ImageIO's reader for its format decodes it, or null when no reader knows
     * the format. Its size is read first, so that an image too large for this JVM's heap is refused before it is
     * decoded ({@link ImageRasters#requireHeap}). {@code check}: only every n-th pixel is kept (about a million),
     * and the decoder's warnings (a premature end) refuse the image too.
     */
    private static BufferedImage imageIo(byte[] data, String what, boolean check) throws ImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                StringBuilder warnings = new StringBuilder();
                reader.addIIOReadWarningListener((source, warning) -> warnings.append(warning));
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                if (check) {
                    int step = (int) Math.max(1, Math.ceil(Math.sqrt(width * height / CHECKED_PIXELS)));
                    param.setSourceSubsampling(step, step, 0, 0);
                } else {
                    ImageRasters.requireHeap(width, height, bytesPerPixel(reader));
                }
                BufferedImage image = reader.read(0, param);
                if (check && !warnings.isEmpty()) {
                    throw new ImageException(what + " cannot be decoded: " + warnings);
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new ImageException(what + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** Bytes a decoded pixel of the reader's first image takes (8 when the reader does not say). */
    private static int bytesPerPixel(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        if (type == null) {
            return 8;
        }
        int bits = 0;
        for (int size : type.getSampleModel(1, 1).getSampleSize()) {
            bits += size;
        }
        return Math.max(1, (bits + 7) / 8);
    }
}
