package ferry.router.edit;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.BulkData;
import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditedCopyTest {
    @TempDir
    Path tmp;

    private Path mrFile(TransferSyntax syntax) throws Exception {
        DataSet d = new DataSet();
        d.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.4");
        d.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.8.498.1");
        d.setString(Tags.PatientName, Vr.PN, "Doe^John");
        d.setString(Tags.PatientID, Vr.LO, "LOCAL-17");
        d.setString(Tags.EthnicGroup, Vr.SH, "RUT12345");
        d.setInts(Tags.Rows, Vr.US, 256);
        d.setInts(Tags.Columns, Vr.US, 256);
        d.setInts(Tags.BitsAllocated, Vr.US, 16);
        byte[] pixels = new byte[256 * 256 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31 + i / 512);
        }
        d.setBytes(Tag.PIXEL_DATA, Vr.OW, pixels);
        Path file = tmp.resolve("source.dcm");
        DicomWriter.writeFile(file, new DataSet(), d, syntax);
        return file;
    }

    @Test
    void editedCopyKeepsPixelDataAndTransferSyntaxAndLeavesTheSourceAlone() throws Exception {
        for (TransferSyntax syntax : List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)) {
            Path source = mrFile(syntax);
            byte[] before = Files.readAllBytes(source);
            Path target = tmp.resolve("copy.dcm");
            EditedCopy.write(source, TagEditTest.edits("  - copy: {from: EthnicGroup, to: PatientID}\n"
                    + "  - remove: [EthnicGroup]\n"), target);

            assertThat(Files.readAllBytes(source)).as("source unchanged").isEqualTo(before);
            DicomFile copy = DicomReader.read(target, ReadOptions.IN_MEMORY);
            DicomFile original = DicomReader.read(source, ReadOptions.IN_MEMORY);
            assertThat(copy.transferSyntax()).isEqualTo(syntax);
            assertThat(copy.dataSet().getString(Tags.PatientID)).isEqualTo("RUT12345");
            assertThat(copy.dataSet().contains(Tags.EthnicGroup)).isFalse();
            assertThat(copy.dataSet().getBytes(Tag.PIXEL_DATA)).hasSize(256 * 256 * 2)
                    .isEqualTo(original.dataSet().getBytes(Tag.PIXEL_DATA));
            assertThat(copy.fileMeta().getString(Tags.MediaStorageSOPInstanceUID))
                    .isEqualTo("1.2.826.0.1.3680043.8.498.1");
        }
    }

    @Test
    void pixelDataIsStreamedFromTheSourceNotLoaded() throws Exception {
        Path source = mrFile(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(DicomReader.read(source, ReadOptions.DEFAULT).dataSet().value(Tag.PIXEL_DATA))
                .isInstanceOf(BulkData.class);
    }

    @Test
    void newSopInstanceUidIsFollowedByTheFileMeta() throws Exception {
        Path target = tmp.resolve("copy.dcm");
        EditedCopy.write(mrFile(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                TagEditTest.edits("  - set: {SOPInstanceUID: 1.2.3.999}\n"), target);
        DicomFile copy = DicomReader.read(target, ReadOptions.DEFAULT);
        assertThat(copy.fileMeta().getString(Tags.MediaStorageSOPInstanceUID)).isEqualTo("1.2.3.999");
        assertThat(copy.dataSet().getString(Tags.SOPInstanceUID)).isEqualTo("1.2.3.999");
    }

    @Test
    void dcmdumpReadsTheEditedCopy() throws Exception {
        Path dcmdump = Peers.requireExecutable("dcmdump", "apt-get install dcmtk");
        Path target = tmp.resolve("copy.dcm");
        EditedCopy.write(mrFile(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), TagEditTest.edits(
                "  - copy: {from: EthnicGroup, to: PatientID}\n  - wipe: [PatientName]\n"), target);
        ToolRun run = ToolRun.run(dcmdump.toString(), "+L", "-q", target.toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        String dump = run.out(StandardCharsets.ISO_8859_1);
        assertThat(dump).contains("(0010,0020) LO [RUT12345]", "(0010,0010) PN [0]", "(7fe0,0010) OW",
                "# 131072,");
        assertThat(run.err()).isBlank();
    }
}
