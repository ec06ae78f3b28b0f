package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.testing.Peers;
import ferry.core.testing.Pydicom;
import ferry.core.testing.ToolRun;
import ferry.router.cli.FerryCommandTest.Run;
import ferry.router.testing.PeerReadback;
import ferry.router.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry make --image}: seed 004's image step with Ferry in place of img2dcm, images of every kind read back
 * by dcmtk, dciodvfy and pydicom, and bad images refused by name with nothing written.
 */
class MakeImageCommandTest {
    /** Seed 004's 10×10 plain bitmap, all 0 (white), with the new lines its echo meant. */
    static final String SEED_PNM = "P1\n10 10\n" + "0 0 0 0 0 0 0 0 0 0\n".repeat(10);

    @TempDir
    Path tmp;

    static Run make(Object... args) {
        String[] all = new String[args.length + 1];
        all[0] = "make";
        for (int i = 0; i < args.length; i++) {
            all[i + 1] = args[i].toString();
        }
        return FerryCommandTest.runInProcess(all);
    }

    static ToolRun dcmtk(String tool, String... args) {
        Path program = Peers.requireExecutable(tool, "apt-get install dcmtk");
        String[] command = new String[args.length + 1];
        command[0] = program.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ToolRun run = ToolRun.run(command);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run;
    }

    /** Seed 004's second step, with dcmtk as the seed has it: two.dcm holds a patient, a study and a series. */
    Path seedTemplate() throws Exception {
        Files.writeString(tmp.resolve("empty.dump"), "");
        dcmtk("dump2dcm", tmp.resolve("empty.dump").toString(), tmp.resolve("one.dcm").toString());
        String dump = dcmtk("dcmdump", tmp.resolve("one.dcm").toString()).out(StandardCharsets.ISO_8859_1)
                + "(0010,0010) PN [WORKSHOP01]\n" + "(0010,0020) LN [WORKSHOP01]\n"
                + "(0020,000D) UI [1.3.6.1.4.1.45037.5.2.1.987655444]\n"
                + "(0020,000E) UI [1.3.6.1.4.1.45037.5.2.1.123456789]\n";
        Files.writeString(tmp.resolve("step2.dump"), dump, StandardCharsets.ISO_8859_1);
        dcmtk("dump2dcm", tmp.resolve("step2.dump").toString(), tmp.resolve("two.dcm").toString());
        return tmp.resolve("two.dcm");
    }

    static DataSet read(Path file) throws Exception {
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }

    static void assertFromTemplate(DataSet made) {
        assertThat(made.getString(Tags.SOPClassUID)).isEqualTo(Uids.SecondaryCaptureImageStorage);
        assertThat(made.getString(Tags.ConversionType)).isEqualTo("WSD");
        assertThat(made.getString(Tags.PatientName)).isEqualTo("WORKSHOP01");
        assertThat(made.getString(Tags.PatientID)).isEqualTo("WORKSHOP01");
        assertThat(made.getString(Tags.StudyInstanceUID)).isEqualTo("1.3.6.1.4.1.45037.5.2.1.987655444");
        assertThat(made.getString(Tags.SeriesInstanceUID)).isEqualTo("1.3.6.1.4.1.45037.5.2.1.123456789");
        assertThat(made.getInt(Tags.Rows)).isEqualTo(10);
        assertThat(made.getInt(Tags.Columns)).isEqualTo(10);
        assertThat(made.getString(Tags.PhotometricInterpretation)).isEqualTo("MONOCHROME2");
    }

    @Test
    void seed004sBitmapJoinsTheSeriesOfTheDumpedFile() throws Exception {
        Path template = seedTemplate();
        Files.writeString(tmp.resolve("image.pnm"), SEED_PNM, StandardCharsets.US_ASCII);

        Run run = make("--image", tmp.resolve("image.pnm"), "--series-from", template, "-o", tmp.resolve("three.dcm"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("three.dcm (Secondary Capture, 10x10 MONOCHROME2, Explicit VR Little Endian)");
        PeerReadback.assertReadAlike(tmp.resolve("three.dcm"));
        DataSet made = read(tmp.resolve("three.dcm"));
        assertFromTemplate(made);
        byte[] white = new byte[100];
        Arrays.fill(white, (byte) 255);
        assertThat(made.getBytes(Tags.PixelData)).isEqualTo(white);
    }

    /**
     * The JPEG of seed 004's bitmap (made with ImageIO: ImageMagick's convert is not installed) is kept byte for byte
     * as the one fragment after an empty offset table; the header has what img2dcm gives the same JPEG and template,
     * and dcmtk's dcmdjpeg decodes it to the pixels ImageIO decodes.
     */
    @Test
    void seed004sJpegIsKeptAsItIsWithTheAttributesImg2dcmGivesIt() throws Exception {
        Path template = seedTemplate();
        BufferedImage white = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
        white.getRaster().setSamples(0, 0, 10, 10, 0, new int[100]);
        for (int i = 0; i < 100; i++) {
            white.getRaster().setSample(i % 10, i / 10, 0, 255);
        }
        byte[] jpeg = TestImages.encode(white, "jpg");
        Files.write(tmp.resolve("image.jpg"), jpeg);

        Run run = make("--image", tmp.resolve("image.jpg"), "--series-from", template, "-o", tmp.resolve("three.dcm"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path three = tmp.resolve("three.dcm");
        assertThat(PeerReadback.assertPydicomAgrees(three)).isEqualTo(Uids.JPEGBaseline8Bit);
        PeerReadback.assertDcmdumpQuiet(three);
        PeerReadback.assertValidIod(three);
        DicomFile file = DicomReader.read(three, ReadOptions.IN_MEMORY);
        assertThat(file.transferSyntax().uid()).isEqualTo(Uids.JPEGBaseline8Bit);
        Fragments fragments = (Fragments) file.dataSet().value(Tags.PixelData);
        assertThat(fragments.items()).hasSize(2);
        assertThat(((Bytes) fragments.items().get(0)).bytes()).as("empty basic offset table").isEmpty();
        byte[] fragment = ((Bytes) fragments.items().get(1)).bytes();
        assertThat(Arrays.copyOf(fragment, jpeg.length)).isEqualTo(jpeg);
        assertThat(fragment.length - jpeg.length).as("at most a zero after the EOI marker").isBetween(0, 1);
        assertThat(pydicomFirstFrame(three)).startsWith(HexFormat.of().formatHex(jpeg));
        assertFromTemplate(file.dataSet());
        assertThat(file.dataSet().getString(Tags.LossyImageCompression)).isEqualTo("01");

        dcmtk("img2dcm", "--series-from", template.toString(), tmp.resolve("image.jpg").toString(),
                tmp.resolve("img2dcm.dcm").toString());
        DicomFile img2dcm = DicomReader.read(tmp.resolve("img2dcm.dcm"), ReadOptions.IN_MEMORY);
        assertThat(file.transferSyntax()).isEqualTo(img2dcm.transferSyntax());
        for (int tag : new int[] {Tags.SOPClassUID, Tags.PatientName, Tags.PatientID, Tags.StudyInstanceUID,
            Tags.SeriesInstanceUID, Tags.ConversionType, Tags.SamplesPerPixel, Tags.PhotometricInterpretation,
            Tags.Rows, Tags.Columns, Tags.BitsAllocated, Tags.BitsStored, Tags.HighBit, Tags.PixelRepresentation,
            Tags.LossyImageCompression, Tags.LossyImageCompressionMethod}) {
            assertThat(file.dataSet().getStrings(tag)).as("%08X", tag)
                    .isEqualTo(img2dcm.dataSet().getStrings(tag));
        }

        dcmtk("dcmdjpeg", three.toString(), tmp.resolve("decoded.dcm").toString());
        byte[] decoded = read(tmp.resolve("decoded.dcm")).getBytes(Tags.PixelData);
        assertThat(decoded).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(Math.abs((decoded[i] & 0xFF) - 255)).as("pixel %d", i).isLessThanOrEqualTo(1);
        }
    }

    /** The first frame of encapsulated Pixel Data as pydicom finds it, in hex. */
    static String pydicomFirstFrame(Path file) {
        ToolRun run = ToolRun.run(Pydicom.requirePython().toString(), "-c", String.join("\n",
                "import sys, pydicom",
                "from pydicom.encaps import generate_pixel_data_frame",
                "ds = pydicom.dcmread(sys.argv[1])",
                "print(next(generate_pixel_data_frame(ds.PixelData)).hex())"), file.toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run.out(StandardCharsets.US_ASCII).strip();
    }

    @Test
    void colourJpegsKeepTheirSubsampledYbrAndDcmtkDecodesThem() throws Exception {
        BufferedImage colour = TestImages.colour(64, 48);
        Files.write(tmp.resolve("photo.jpg"), TestImages.encode(colour, "jpg"));

        Run run = make("--image", tmp.resolve("photo.jpg"), "--set", "PatientID=PHOTO1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path made = tmp.resolve("photo.dcm");
        PeerReadback.assertReadAlike(made);
        DataSet dataSet = read(made);
        assertThat(dataSet.getString(Tags.PhotometricInterpretation)).isEqualTo("YBR_FULL_422");
        assertThat(dataSet.getInt(Tags.SamplesPerPixel)).isEqualTo(3);
        assertThat(dataSet.getInt(Tags.PlanarConfiguration)).isZero();
        assertThat(dataSet.getString(Tags.PatientID)).isEqualTo("PHOTO1");
        assertThat(dataSet.getString(Tags.Modality)).isEqualTo("OT");
        dcmtk("dcmdjpeg", made.toString(), tmp.resolve("decoded.dcm").toString());
        DataSet decoded = read(tmp.resolve("decoded.dcm"));
        assertThat(decoded.getBytes(Tags.PixelData)).hasSize(64 * 48 * 3);
    }

    @Test
    void pngBmpAndGifBecomeUncompressedPixelsEqualToWhatImageIoDecodes() throws Exception {
        BufferedImage colour = TestImages.colour(9, 5);
        BufferedImage grey16 = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        int[] levels = {0, 1, 4095, 40000, 65535, 12345};
        grey16.getRaster().setPixels(0, 0, 3, 2, levels);
        for (String format : List.of("png", "bmp", "gif")) {
            Files.write(tmp.resolve("colour." + format), TestImages.encode(colour, format));
            Run run = make("--image", tmp.resolve("colour." + format), "-o", tmp.resolve(format + ".dcm"));
            assertThat(run.exitCode()).as(run.err()).isZero();
            PeerReadback.assertReadAlike(tmp.resolve(format + ".dcm"));
            DataSet made = read(tmp.resolve(format + ".dcm"));
            BufferedImage decoded = javax.imageio.ImageIO.read(tmp.resolve("colour." + format).toFile());
            byte[] expected = new byte[9 * 5 * 3];
            for (int i = 0; i < 45; i++) {
                int rgb = decoded.getRGB(i % 9, i / 9);
                expected[3 * i] = (byte) (rgb >> 16);
                expected[3 * i + 1] = (byte) (rgb >> 8);
                expected[3 * i + 2] = (byte) rgb;
            }
            assertThat(made.getString(Tags.PhotometricInterpretation)).as(format).isEqualTo("RGB");
            byte[] pixels = made.getBytes(Tags.PixelData);
            assertThat(pixels).as("%s: 135 bytes and a zero to make them even", format).hasSize(136).endsWith(0);
            assertThat(Arrays.copyOf(pixels, 135)).as(format).isEqualTo(expected);
        }

        Files.write(tmp.resolve("grey16.png"), TestImages.encode(grey16, "png"));
        Run run = make("--image", tmp.resolve("grey16.png"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        PeerReadback.assertReadAlike(tmp.resolve("grey16.dcm"));
        DataSet grey = read(tmp.resolve("grey16.dcm"));
        assertThat(grey.getInt(Tags.BitsAllocated)).isEqualTo(16);
        assertThat(grey.getInt(Tags.BitsStored)).isEqualTo(16);
        assertThat(grey.getBytes(Tags.PixelData)).containsExactly(0, 0, 1, 0, 0xFF, 0x0F, 0x40, 0x9C, 0xFF, 0xFF,
                0x39, 0x30);
    }

    @Test
    void aStudyTemplateGivesANewSeriesOfThatStudy() throws Exception {
        Path template = seedTemplate();
        Files.writeString(tmp.resolve("image.pnm"), SEED_PNM, StandardCharsets.US_ASCII);

        Run run = make("--image", tmp.resolve("image.pnm"), "--study-from", template);

        assertThat(run.exitCode()).as(run.err()).isZero();
        DataSet made = read(tmp.resolve("image.dcm"));
        assertThat(made.getString(Tags.StudyInstanceUID)).isEqualTo("1.3.6.1.4.1.45037.5.2.1.987655444");
        assertThat(made.getString(Tags.SeriesInstanceUID)).isNotEqualTo("1.3.6.1.4.1.45037.5.2.1.123456789")
                .startsWith("2.25.");
        assertThat(made.getString(Tags.PatientName)).isEqualTo("WORKSHOP01");
    }

    @Test
    void imagesThatCannotBeMadeAreNamedWithTheReasonAndNothingIsWritten() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.grey(64, 64), "jpg");
        Files.write(tmp.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        Files.write(tmp.resolve("progressive.jpg"), TestImages.progressive(TestImages.grey(16, 16)));
        Files.writeString(tmp.resolve("notes.txt"), "not an image\n");
        Files.writeString(tmp.resolve("echo.pnm"), "P1\\n10 10\\n0 0 0\n");
        Files.write(tmp.resolve("good.jpg"), jpeg);
        Files.writeString(tmp.resolve("kept.dcm"), "an older file");
        Files.write(tmp.resolve("huge.png"), claimingHugeSize(TestImages.encode(TestImages.colour(2, 2), "png")));
        byte[] hugeJpeg = TestImages.encode(TestImages.grey(8, 8), "jpg");
        int sof = indexOf(hugeJpeg, (byte) 0xFF, (byte) 0xC0);
        hugeJpeg[sof + 5] = (byte) 0xEA; // 60000 lines,
        hugeJpeg[sof + 6] = (byte) 0x60;
        hugeJpeg[sof + 7] = (byte) 0xEA; // 60000 samples per line, 64 pixels of data
        hugeJpeg[sof + 8] = (byte) 0x60;
        Files.write(tmp.resolve("huge.jpg"), hugeJpeg);

        List<List<Object>> cases = List.of(
                List.of("truncated.jpg", "the JPEG cannot be decoded"),
                List.of("progressive.jpg", "a progressive JPEG (frame marker FFC2)"),
                List.of("notes.txt", "not an image Ferry reads"),
                List.of("echo.pnm", "printf does"),
                List.of("missing.png", "no such file"),
                List.of("huge.png", "an image of 60000x60000 pixels needs about"),
                List.of("huge.jpg", "the JPEG cannot be decoded"));
        for (List<Object> bad : cases) {
            Run run = make("--image", tmp.resolve((String) bad.get(0)), "-o", tmp.resolve("kept.dcm"));
            assertThat(run.exitCode()).as("%s: %s", bad.get(0), run.err()).isEqualTo(1);
            assertThat(run.err()).contains("ferry make: " + tmp.resolve((String) bad.get(0)) + ": ")
                    .contains((String) bad.get(1));
            assertThat(Files.readString(tmp.resolve("kept.dcm"))).isEqualTo("an older file");
        }
        Run notDicom = make("--image", tmp.resolve("good.jpg"), "--series-from", tmp.resolve("notes.txt"));
        assertThat(notDicom.exitCode()).isEqualTo(1);
        assertThat(notDicom.err()).contains("--series-from " + tmp.resolve("notes.txt") + ": not a DICOM file");
        Run itself = make("--image", tmp.resolve("good.jpg"), "-o", tmp.resolve("good.jpg"));
        assertThat(itself.exitCode()).isEqualTo(1);
        assertThat(itself.err()).contains("is the image itself");
        Run both = make("--image", tmp.resolve("good.jpg"), "--series-from", "a.dcm", "--study-from", "b.dcm");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .as("no file made, no temporary file left").containsExactlyInAnyOrder("truncated.jpg",
                            "progressive.jpg", "notes.txt", "echo.pnm", "good.jpg", "kept.dcm", "huge.png",
                            "huge.jpg");
        }
    }

    /** {@code png} with its header (IHDR) saying 60000 × 60000 pixels, its CRC fixed: a small file, a huge image. */
    static byte[] claimingHugeSize(byte[] png) {
        byte[] patched = png.clone();
        ByteBuffer header = ByteBuffer.wrap(patched, 16, 8); // after the signature, IHDR's length and type
        header.putInt(60000).putInt(60000);
        CRC32 crc = new CRC32();
        crc.update(patched, 12, 17); // type and data
        ByteBuffer.wrap(patched, 29, 4).putInt((int) crc.getValue());
        return patched;
    }

    static int indexOf(byte[] data, byte first, byte second) {
        for (int i = 0; i + 1 < data.length; i++) {
            if (data[i] == first && data[i + 1] == second) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
