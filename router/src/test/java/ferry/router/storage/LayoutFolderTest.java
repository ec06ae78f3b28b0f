package ferry.router.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.journal.DurabilityPolicy;
import ferry.router.storage.LayoutFolder.Renamed;
import ferry.router.storage.LayoutFolder.Stored;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 002's naming through the dcmserver preset: the Siemens echo rule and the Philips InstanceNumber rule. */
class LayoutFolderTest {
    @TempDir
    Path tmp;

    private int sources;

    private LayoutFolder store() {
        return new LayoutFolder(tmp.resolve("out"), Layout.preset("dcmserver"), CollisionPolicy.KEEP_BOTH,
                new Placement(DurabilityPolicy.PROCESS));
    }

    private static DataSet mr(String manufacturer, int instance, Integer echo) {
        DataSet d = new DataSet();
        d.setString(Tags.Manufacturer, Vr.LO, manufacturer);
        d.setString(Tags.SeriesDescription, Vr.LO, "gre_field_mapping");
        d.setString(Tags.PatientID, Vr.LO, "SUBJ01");
        if (echo != null) {
            d.setString(Tags.EchoNumbers, Vr.IS, echo.toString());
        }
        d.setString(Tags.SeriesNumber, Vr.IS, "5");
        d.setString(Tags.InstanceNumber, Vr.IS, Integer.toString(instance));
        return d;
    }

    private Stored store(LayoutFolder store, DataSet header) throws IOException {
        Path source = Files.writeString(Files.createDirectories(tmp.resolve("spool")).resolve("o" + sources++),
                header.toString());
        return store.store(source, header, true);
    }

    private List<String> series() throws IOException {
        try (Stream<Path> files = Files.list(tmp.resolve("out/SUBJ01/005-gre_field_mapping"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void singleEchoSeriesHasPlainNames() throws IOException {
        LayoutFolder store = store();
        for (int i = 1; i <= 3; i++) {
            assertThat(store(store, mr("SIEMENS", i, 1)).renamed()).isEmpty();
        }
        store(store, mr("SIEMENS", 4, null));
        assertThat(series()).containsExactly("0001.dcm", "0002.dcm", "0003.dcm", "0004.dcm");
    }

    @Test
    void secondEchoRenamesTheFirstEchoesAlreadyPlaced() throws IOException {
        LayoutFolder store = store();
        store(store, mr("SIEMENS", 1, 1));
        store(store, mr("SIEMENS", 2, 1));
        Stored second = store(store, mr("SIEMENS", 1, 2));
        Path dir = tmp.resolve("out/SUBJ01/005-gre_field_mapping").toAbsolutePath();
        assertThat(second.placed().path()).isEqualTo(dir.resolve("0001_02.dcm"));
        assertThat(second.renamed()).containsExactly(
                new Renamed(dir.resolve("0001.dcm"), dir.resolve("0001_01.dcm")),
                new Renamed(dir.resolve("0002.dcm"), dir.resolve("0002_01.dcm")));
        store(store, mr("SIEMENS", 3, 1));
        store(store, mr("SIEMENS", 2, 2));
        assertThat(series()).containsExactly("0001_01.dcm", "0001_02.dcm", "0002_01.dcm", "0002_02.dcm",
                "0003_01.dcm");
    }

    @Test
    void secondEchoFirstNamesTheFirstEchoAtOnce() throws IOException {
        LayoutFolder store = store();
        assertThat(store(store, mr("SIEMENS", 1, 2)).renamed()).isEmpty();
        store(store, mr("SIEMENS", 1, 1));
        assertThat(series()).containsExactly("0001_01.dcm", "0001_02.dcm");
    }

    @Test
    void aRestartedStoreReadsTheSeriesStateFromItsFolder() throws IOException {
        store(store(), mr("SIEMENS", 1, 1));
        store(store(), mr("SIEMENS", 1, 2));
        store(store(), mr("SIEMENS", 2, 1));
        assertThat(series()).containsExactly("0001_01.dcm", "0001_02.dcm", "0002_01.dcm");
    }

    @Test
    void sameInstanceAndEchoTwiceKeepsBothWithALetter() throws IOException {
        LayoutFolder store = store();
        store(store, mr("SIEMENS", 1, 1));
        store(store, mr("SIEMENS", 1, 1));
        store(store, mr("SIEMENS", 1, 3));
        assertThat(series()).containsExactly("0001_01.dcm", "0001_01A.dcm", "0001_03.dcm");
    }

    @Test
    void philipsTakesTheFirstNonZeroInstanceNumberAndNoEchoSuffix() throws IOException {
        DataSet d = mr("Philips Medical Systems", 0, 2);
        Sequence sequence = d.newSequence(Tag.of(0x2005, 0x1400));
        sequence.addItem().setString(Tags.InstanceNumber, Vr.IS, "0");
        sequence.addItem().setString(Tags.InstanceNumber, Vr.IS, "17");
        sequence.addItem().setString(Tags.InstanceNumber, Vr.IS, "18");
        Stored stored = store(store(), d);
        assertThat(stored.placed().path().getFileName()).isEqualTo(Path.of("0017.dcm"));
    }

    @Test
    void philipsTopLevelNonZeroInstanceNumberIsTheFirst() throws IOException {
        DataSet d = mr("Philips", 9, 1);
        d.newSequence(Tag.of(0x2005, 0x1400)).addItem().setString(Tags.InstanceNumber, Vr.IS, "4");
        assertThat(store(store(), d).placed().path().getFileName()).isEqualTo(Path.of("0009.dcm"));
    }

    @Test
    void otherLayoutsPlaceWithoutSeriesState() throws IOException {
        LayoutFolder store = new LayoutFolder(tmp.resolve("plain"), Layout.preset("default"),
                CollisionPolicy.SKIP_IDENTICAL, new Placement(DurabilityPolicy.PROCESS));
        DataSet d = mr("SIEMENS", 1, 2);
        d.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.3");
        Stored stored = store(store, d);
        assertThat(stored.renamed()).isEmpty();
        assertThat(stored.placed().path()).isEqualTo(
                tmp.resolve("plain/SUBJ01/unknown_unknown/unknown/1.2.3.dcm").toAbsolutePath());
    }
}
