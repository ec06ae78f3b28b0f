package ferry.router.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.assoc.AssociationInfo;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Priority;
import ferry.router.testing.TestStudy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    static final AssociationInfo ASSOCIATION = new AssociationInfo("SCANNER", "FERRY",
            new InetSocketAddress("127.0.0.1", 4000), List.of(), 0, null, false);

    static byte[] encode(DataSet dataSet, TransferSyntax syntax) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DicomWriter.writeDataSet(bytes, dataSet, syntax);
        return bytes.toByteArray();
    }

    Spool.Spooled spool(DataSet dataSet, TransferSyntax syntax) throws IOException {
        CStoreRq request = new CStoreRq(1, dataSet.getString(Tags.SOPClassUID),
                dataSet.getString(Tags.SOPInstanceUID), Priority.MEDIUM);
        return new Spool(dir.resolve("spool")).write(ASSOCIATION, syntax.uid(), request,
                new ByteArrayInputStream(encode(dataSet, syntax)));
    }

    @Test
    void aSpooledObjectIsAPart10FileWithTheDataSetAsReceived() throws IOException {
        DataSet object = TestStudy.of("P1", "2.25.1", 1).object(1, 1);

        Spool.Spooled spooled = spool(object, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);

        var file = DicomReader.read(spooled.file(), ReadOptions.IN_MEMORY);
        assertThat(file.dataSet()).isEqualTo(object);
        assertThat(file.fileMeta().getString(Tags.TransferSyntaxUID))
                .isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
        assertThat(file.fileMeta().getString(Tags.SourceApplicationEntityTitle)).isEqualTo("SCANNER");
        assertThat(spooled.size()).isEqualTo(Files.size(spooled.file()));
        assertThat(spooled.complete()).isTrue();
    }

    @Test
    void theHeaderOfAnObjectIsReadFromTheBytesKeptWhileSpooling() throws IOException {
        DataSet object = new TestStudy("P1", "2.25.2", 1, 1, 256 * 1024).object(1, 1);
        Spool.Spooled spooled = spool(object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Files.delete(spooled.file()); // proves the header does not come from the file

        DataSet header = ReceivePipeline.header(spooled, Tags.SeriesInstanceUID + 1);

        assertThat(spooled.complete()).isFalse();
        assertThat(header.getString(Tags.SeriesInstanceUID)).isEqualTo("2.25.2.1");
        assertThat(header.getString(Tags.PatientID)).isEqualTo("P1");
        assertThat(header.contains(Tags.InstanceNumber)).isFalse();
    }

    @Test
    void aHeaderLongerThanTheKeptBytesIsReadFromTheFile() throws IOException {
        DataSet object = new TestStudy("P1", "2.25.3", 1, 1, 16).object(1, 1);
        object.setBytes(0x00091010, Vr.OB, new byte[100 * 1024]); // a private blob before the UIDs
        object.setString(0x00090010, Vr.LO, "BIG BLOB");
        Spool.Spooled spooled = spool(object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        DataSet header = ReceivePipeline.header(spooled, Tags.SeriesInstanceUID + 1);

        assertThat(header.getString(Tags.SeriesInstanceUID)).isEqualTo("2.25.3.1");
        assertThat(header.getString(Tags.StudyInstanceUID)).isEqualTo("2.25.3");
    }

    @Test
    void aBrokenDataSetGivesALocatedError() throws IOException {
        DataSet object = TestStudy.of("P1", "2.25.4", 1).object(1, 1);
        byte[] truncated = java.util.Arrays.copyOf(encode(object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), 40);
        CStoreRq request = new CStoreRq(1, TestStudy.MR, "2.25.4.1.1", Priority.MEDIUM);
        Spool.Spooled spooled = new Spool(dir.resolve("spool")).write(ASSOCIATION,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), request, new ByteArrayInputStream(truncated));

        assertThatThrownBy(() -> ReceivePipeline.header(spooled, Tags.SeriesInstanceUID + 1))
                .isInstanceOf(ferry.core.io.DicomParseException.class).hasMessageContaining("offset");
    }

    @Test
    void aSenderThatFailsMidObjectLeavesNoSpoolFile() throws IOException {
        InputStream failing = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 1000) {
                    throw new IOException("peer aborted");
                }
                return 0;
            }
        };
        CStoreRq request = new CStoreRq(1, TestStudy.MR, "2.25.5", Priority.MEDIUM);
        Spool spool = new Spool(dir.resolve("spool"));

        assertThatThrownBy(() -> spool.write(ASSOCIATION, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), request,
                failing)).hasMessageContaining("peer aborted");
        try (var files = Files.list(spool.folder())) {
            assertThat(files).isEmpty();
        }
    }
}
