package ferry.router.testing;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MR studies written as Part 10 files for router tests: {@code series × perSeries} objects with the tags layouts
 * and rules look at, and pixel data of a given size.
 *
 * @param patientId   PatientID of every object
 * @param studyUid    StudyInstanceUID
 * @param series      number of series
 * @param perSeries   objects per series
 * @param pixelBytes  size of PixelData
 */
public record TestStudy(String patientId, String studyUid, int series, int perSeries, int pixelBytes) {
    /** MR Image Storage. */
    public static final String MR = "1.2.840.10008.5.1.4.1.1.4";

    /** A study of {@code count} objects in one series, 2 KiB of pixels each. */
    public static TestStudy of(String patientId, String studyUid, int count) {
        return new TestStudy(patientId, studyUid, 1, count, 2048);
    }

    /** The data set of object {@code instance} (1-based) of series {@code seriesNumber} (1-based). */
    public DataSet object(int seriesNumber, int instance) {
        DataSet ds = new DataSet();
        ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        ds.setString(Tags.SOPClassUID, Vr.UI, MR);
        ds.setString(Tags.SOPInstanceUID, Vr.UI, studyUid + "." + seriesNumber + "." + instance);
        ds.setString(Tags.StudyDate, Vr.DA, "20261122");
        ds.setString(Tags.StudyTime, Vr.TM, "101500");
        ds.setString(Tags.Modality, Vr.CS, "MR");
        ds.setString(Tags.StudyDescription, Vr.LO, "Brain research");
        ds.setString(Tags.SeriesDescription, Vr.LO, "t1 mprage " + seriesNumber);
        ds.setString(Tags.PatientName, Vr.PN, "Test^Patient");
        ds.setString(Tags.PatientID, Vr.LO, patientId);
        ds.setString(Tags.EthnicGroup, Vr.SH, "SUBJ-" + patientId);
        ds.setString(Tags.StudyInstanceUID, Vr.UI, studyUid);
        ds.setString(Tags.SeriesInstanceUID, Vr.UI, studyUid + "." + seriesNumber);
        ds.setString(Tags.StudyID, Vr.SH, "1");
        ds.setString(Tags.SeriesNumber, Vr.IS, Integer.toString(seriesNumber));
        ds.setString(Tags.InstanceNumber, Vr.IS, Integer.toString(instance));
        byte[] pixels = new byte[pixelBytes];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31 + instance);
        }
        ds.setBytes(Tag.PIXEL_DATA, Vr.OW, pixels);
        return ds;
    }

    /** Writes every object into {@code folder} (created) and returns the files in sending order. */
    public List<Path> write(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int s = 1; s <= series; s++) {
            for (int i = 1; i <= perSeries; i++) {
                Path file = folder.resolve(String.format("s%02d_i%05d.dcm", s, i));
                DicomWriter.writeFile(file, new DataSet(), object(s, i), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                files.add(file);
            }
        }
        return files;
    }

    /** How many objects the study has. */
    public int size() {
        return series * perSeries;
    }
}
