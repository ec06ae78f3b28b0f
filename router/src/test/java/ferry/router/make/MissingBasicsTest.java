package ferry.router.make;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Element;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import java.util.List;
import org.junit.jupiter.api.Test;

class MissingBasicsTest {
    private final MissingBasics basics = new MissingBasics(UidSource.seeded(7));

    @Test
    void anEmptyDataSetBecomesASecondaryCaptureWithNewUids() {
        DataSet ds = new DataSet();

        List<Element> added = basics.fill(ds, new DataSet());

        assertThat(added).extracting(Element::tag).containsExactly(Tags.SOPClassUID, Tags.SOPInstanceUID,
                Tags.Modality, Tags.ConversionType, Tags.StudyInstanceUID, Tags.SeriesInstanceUID);
        assertThat(ds.getString(Tags.SOPClassUID)).isEqualTo(Uids.SecondaryCaptureImageStorage);
        assertThat(ds.getString(Tags.Modality)).isEqualTo("OT");
        assertThat(ds.getString(Tags.ConversionType)).isEqualTo("WSD");
        assertThat(List.of(ds.getString(Tags.SOPInstanceUID), ds.getString(Tags.StudyInstanceUID),
                ds.getString(Tags.SeriesInstanceUID))).doesNotHaveDuplicates()
                .allMatch(uid -> uid.matches("2\\.25\\.[1-9][0-9]{0,38}") && uid.length() <= 44);
    }

    @Test
    void whatTheInputGivesStaysAndTheFileMetaGivesSopClassAndInstance() {
        DataSet ds = new DataSet();
        ds.setString(Tags.StudyInstanceUID, Vr.UI, "1.2.3");
        ds.put(Tags.SeriesInstanceUID, Vr.UI, Bytes.EMPTY); // empty counts as missing
        DataSet meta = new DataSet();
        meta.setString(Tags.MediaStorageSOPClassUID, Vr.UI, Uids.CTImageStorage);
        meta.setString(Tags.MediaStorageSOPInstanceUID, Vr.UI, "1.2.4");

        List<Element> added = basics.fill(ds, meta);

        assertThat(added).extracting(Element::tag).containsExactly(Tags.SOPClassUID, Tags.SOPInstanceUID,
                Tags.SeriesInstanceUID);
        assertThat(ds.getString(Tags.SOPClassUID)).isEqualTo(Uids.CTImageStorage);
        assertThat(ds.getString(Tags.SOPInstanceUID)).isEqualTo("1.2.4");
        assertThat(ds.getString(Tags.StudyInstanceUID)).isEqualTo("1.2.3");
        assertThat(ds.contains(Tags.Modality)).as("no Secondary Capture, no OT").isFalse();
    }

    @Test
    void aMediaStorageDirectoryIsLeftAsItIs() {
        DataSet dicomdir = new DataSet();
        dicomdir.setString(Tags.FileSetID, Vr.CS, "SET");
        DataSet meta = new DataSet();
        meta.setString(Tags.MediaStorageSOPClassUID, Vr.UI, Uids.MediaStorageDirectoryStorage);

        assertThat(basics.fill(dicomdir, meta)).isEmpty();
        assertThat(dicomdir.size()).isEqualTo(1);
    }

    @Test
    void aSeededSourceGivesTheSameUidsEveryTimeAndARandomOneNever() {
        UidSource a = UidSource.seeded(42);
        UidSource b = UidSource.seeded(42);
        UidSource random = UidSource.random();

        assertThat(List.of(a.next(), a.next())).containsExactly(b.next(), b.next());
        assertThat(random.next()).isNotEqualTo(random.next()).startsWith("2.25.");
    }
}
