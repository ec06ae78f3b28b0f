package ferry.router.make;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.BulkData;
import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.Implementation;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MadeObjectTest {
    @TempDir
    Path tmp;

    private static DataSet dataSet() {
        DataSet ds = new DataSet();
        ds.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.3");
        return ds;
    }

    @Test
    void writesThePartTenFileWithAFileMetaMadeAgainAndTheOtherMetaElementsKept() throws IOException {
        DataSet meta = new DataSet();
        meta.setString(Tags.MediaStorageSOPInstanceUID, Vr.UI, "9.9.9");
        meta.setString(0x00020012, Vr.UI, "1.2.276.0.7230010.3.0.3.6.7");
        meta.setString(Tags.SourceApplicationEntityTitle, Vr.AE, "MODALITY");
        Path file = tmp.resolve("out.dcm");

        new MadeObject(meta, dataSet(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).write(file);

        DicomFile read = DicomReader.read(file, ReadOptions.IN_MEMORY);
        assertThat(read.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(read.fileMeta().getString(Tags.MediaStorageSOPInstanceUID)).isEqualTo("1.2.3");
        assertThat(read.fileMeta().getString(0x00020012)).isEqualTo(Implementation.CLASS_UID);
        assertThat(read.fileMeta().getString(Tags.SourceApplicationEntityTitle)).isEqualTo("MODALITY");
        assertThat(read.dataSet()).isEqualTo(dataSet());
        assertThat(Files.getPosixFilePermissions(file)).as("readable by others, as files written normally are")
                .contains(PosixFilePermission.OTHERS_READ);
    }

    @Test
    void aWriteThatFailsHalfWayLeavesNoFileAndTheFileThereBeforeAsItWas() throws IOException {
        Path file = Files.writeString(tmp.resolve("out.dcm"), "what was there");
        Path shortFile = Files.write(tmp.resolve("short"), new byte[10]);
        DataSet ds = dataSet();
        ds.put(Tags.PixelData, Vr.OW, new BulkData(shortFile, 0, 1_000_000, false)); // runs past its file's end

        assertThatThrownBy(() -> new MadeObject(new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                .write(file)).isInstanceOf(IOException.class);

        assertThat(Files.readString(file)).isEqualTo("what was there");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("out.dcm", "short");
        }
    }
}
