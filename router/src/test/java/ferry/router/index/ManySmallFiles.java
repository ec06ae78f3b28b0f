package ferry.router.index;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Makes many small files for bench/index.sh (not a test): copies of one template file (written by
 * bench/make-objects.sh with ferry make, so the header is realistic), each with its own SOP Instance UID and Instance
 * Number, 100 per series. Arguments: template file, folder, count. Seconds where pydicom took minutes.
 */
public final class ManySmallFiles {
    private ManySmallFiles() {
    }

    public static void main(String[] args) throws Exception {
        DicomFile template = DicomReader.read(Path.of(args[0]), ReadOptions.IN_MEMORY);
        Path folder = Files.createDirectories(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        DataSet object = template.dataSet();
        String root = object.getString(Tags.SeriesInstanceUID);
        for (int i = 0; i < count; i++) {
            object.setString(Tags.SOPInstanceUID, Vr.UI, root + "." + (i / 100 + 1) + "." + (i + 1));
            object.setString(Tags.SeriesInstanceUID, Vr.UI, root + "." + (i / 100 + 1));
            object.setString(Tags.InstanceNumber, Vr.IS, Integer.toString(i % 100 + 1));
            DicomWriter.writeFile(folder.resolve(String.format(Locale.ROOT, "%07d.dcm", i)), new DataSet(), object,
                    template.transferSyntax());
        }
    }
}
