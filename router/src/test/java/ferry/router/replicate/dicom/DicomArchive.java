package ferry.router.replicate.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import ferry.router.forward.DestinationConfig;
import ferry.router.replicate.ReplicationSource;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The objects of a DICOM node under test, written by Ferry as Part 10 files: each with its patient, study date,
 * modality and pixel bytes of its own, so that a fetched file can be compared with what was put in.
 */
public final class DicomArchive {
    private final Path folder;
    /** The files written, by SOP Instance UID. */
    private final Map<String, Path> files = new LinkedHashMap<>();

    /** The files written, by SOP Instance UID. */
    public Map<String, Path> files() {
        return files;
    }

    public DicomArchive(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    /**
     * The archive most tests use, in {@code folder}: patient PID1's study 2.25.71 of 2024-01-15 with an MR series
     * 2.25.71.1 of 3 images and a CT series 2.25.71.2 of 2, and PID2's study 2.25.72 of 2025-06-10 with an MR series
     * 2.25.72.1 of 2; each SOP Instance UID is its series' and a number from 1.
     */
    public static DicomArchive sample(Path folder) throws IOException {
        return new DicomArchive(folder)
                .series("PID1", "2.25.71", "20240115", "2.25.71.1", "MR", 3, 40_000)
                .series("PID1", "2.25.71", "20240115", "2.25.71.2", "CT", 2, 3_000)
                .series("PID2", "2.25.72", "20250610", "2.25.72.1", "MR", 2, 40_000);
    }

    /**
     * Writes {@code count} instances of one series; their SOP Instance UIDs are {@code series.1} to
     * {@code series.count}, MR or CT Image Storage by modality.
     */
    public DicomArchive series(String patientId, String study, String studyDate, String series, String modality, int count,
                        int pixelBytes) throws IOException {
        for (int number = 1; number <= count; number++) {
            DataSet ds = new DataSet();
            ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 100");
            ds.setString(Tags.SOPClassUID, Vr.UI, modality.equals("CT") ? Uids.CTImageStorage : Uids.MRImageStorage);
            ds.setString(Tags.SOPInstanceUID, Vr.UI, series + "." + number);
            ds.setString(Tags.StudyDate, Vr.DA, studyDate);
            ds.setString(Tags.StudyTime, Vr.TM, "101500");
            ds.setString(Tags.AccessionNumber, Vr.SH, "A" + patientId);
            ds.setString(Tags.Modality, Vr.CS, modality);
            ds.setString(Tags.SeriesDescription, Vr.LO, modality + " series");
            ds.setString(Tags.PatientName, Vr.PN, "Müller^" + patientId);
            ds.setString(Tags.PatientID, Vr.LO, patientId);
            ds.setString(Tags.StudyInstanceUID, Vr.UI, study);
            ds.setString(Tags.SeriesInstanceUID, Vr.UI, series);
            ds.setString(Tags.StudyID, Vr.SH, "1");
            ds.setInts(Tags.SeriesNumber, Vr.IS, 1);
            ds.setInts(Tags.InstanceNumber, Vr.IS, number);
            byte[] pixels = new byte[pixelBytes];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) (i * 13 + number + series.hashCode());
            }
            ds.setBytes(Tag.PIXEL_DATA, Vr.OW, pixels);
            Path file = folder.resolve(series + "." + number + ".dcm");
            DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            files.put(series + "." + number, file);
        }
        return this;
    }

    /**
     * Writes a 64 x 64 CT image of 12 bits, compressed by dcmtk's dcmcjpeg to JPEG Lossless SV1, into {@code dir}
     * (skips or fails, as {@link Peers} says, without dcmtk).
     */
    public static Path jpegImage(Path dir, String study, String series, String sopInstance) throws IOException {
        Path dcmcjpeg = Peers.requireExecutable("dcmcjpeg", "apt-get install dcmtk");
        DataSet image = new DataSet();
        image.setString(Tags.SOPClassUID, Vr.UI, Uids.CTImageStorage);
        image.setString(Tags.SOPInstanceUID, Vr.UI, sopInstance);
        image.setString(Tags.StudyInstanceUID, Vr.UI, study);
        image.setString(Tags.SeriesInstanceUID, Vr.UI, series);
        image.setString(Tags.StudyDate, Vr.DA, "20240301");
        image.setString(Tags.Modality, Vr.CS, "CT");
        image.setString(Tags.PatientID, Vr.LO, "PID5");
        image.setInts(Tags.SamplesPerPixel, Vr.US, 1);
        image.setString(Tags.PhotometricInterpretation, Vr.CS, "MONOCHROME2");
        image.setInts(Tags.Rows, Vr.US, 64);
        image.setInts(Tags.Columns, Vr.US, 64);
        image.setInts(Tags.BitsAllocated, Vr.US, 16);
        image.setInts(Tags.BitsStored, Vr.US, 12);
        image.setInts(Tags.HighBit, Vr.US, 11);
        image.setInts(Tags.PixelRepresentation, Vr.US, 0);
        byte[] pixels = new byte[64 * 64 * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            pixels[i] = (byte) (i / 2 % 251);
            pixels[i + 1] = (byte) (i / 128 % 16);
        }
        image.setBytes(Tag.PIXEL_DATA, Vr.OW, pixels);
        Path plain = Files.createDirectories(dir.resolve("uncompressed")).resolve(sopInstance + ".dcm");
        DicomWriter.writeFile(plain, new DataSet(), image, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Path jpeg = Files.createDirectories(dir.resolve("jpeg")).resolve(sopInstance + ".dcm");
        ToolRun compressed = ToolRun.run(dcmcjpeg.toString(), "+e1", plain.toString(), jpeg.toString());
        assertThat(compressed.exitCode()).as(compressed.describe()).isZero();
        return jpeg;
    }

    /** The bytes of a file's data set, after its meta information. */
    public static byte[] dataSetBytes(Path file) throws IOException {
        DicomFile read = DicomReader.read(file, ReadOptions.DEFAULT);
        byte[] bytes = Files.readAllBytes(file);
        return Arrays.copyOfRange(bytes, (int) read.dataSetOffset(), bytes.length);
    }

    /**
     * Fetches each of {@code instances} from {@code source} into {@code folder} (created) and checks that each file
     * holds the data set bytes put in.
     */
    void assertFetchedAsPutIn(ReplicationSource source, List<SourceInstance> instances, Path folder)
            throws IOException, InterruptedException {
        Files.createDirectories(folder);
        for (SourceInstance instance : instances) {
            Path target = folder.resolve(instance.sopInstanceUid() + ".dcm");
            source.fetch(instance, target);
            assertThat(dataSetBytes(target)).as(instance.sopInstanceUid())
                    .isEqualTo(dataSetBytes(files.get(instance.sopInstanceUid())));
        }
    }

    /**
     * Fetches each of {@code instances} {@code rounds} times from four threads at once into {@code folder} (created)
     * and checks that each file holds the data set bytes put in: each fetch gets its own instance.
     */
    void assertFetchedAtOnceAsPutIn(ReplicationSource source, List<SourceInstance> instances, int rounds, Path folder)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Files.createDirectories(folder);
            List<Future<Path>> done = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (SourceInstance instance : instances) {
                    Path target = folder.resolve(instance.sopInstanceUid() + "-" + round + ".dcm");
                    done.add(threads.submit(() -> {
                        source.fetch(instance, target);
                        return target;
                    }));
                }
            }
            for (Future<Path> future : done) {
                Path target = future.get();
                String uid = target.getFileName().toString().replaceAll("-\\d+\\.dcm$", "");
                assertThat(dataSetBytes(target)).as(uid).isEqualTo(dataSetBytes(files.get(uid)));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** A {@code dicom:} entry for the node {@code aeTitle} on 127.0.0.1, Ferry calling as FERRY. */
    public static DestinationConfig.Dicom node(String aeTitle, int port, int maxParallel) {
        return new DestinationConfig.Dicom(aeTitle, "127.0.0.1", port, "FERRY", maxParallel, Duration.ofSeconds(30),
                Duration.ofSeconds(20), null);
    }
}
