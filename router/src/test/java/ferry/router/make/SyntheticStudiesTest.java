package ferry.router.make;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.sr.ContentTree;
import ferry.core.sr.Measurement;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.router.tagexport.StructuredReportFlattener;
import ferry.router.testing.SentObjects;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticStudiesTest {
    private static final LocalDate DATE = LocalDate.of(2026, 3, 1);

    @TempDir
    Path tmp;

    static StudyPlan plan(int patients, int studies, int series, int instances, List<Modality> modalities,
                          int echoes, long seed, boolean flat) {
        return new StudyPlan(patients, studies, series, instances, modalities, 32, 48, 0, PixelPattern.RINGS, DATE,
                DATE.plusDays(30), ValueTemplate.parse("P{n:04}"), ValueTemplate.parse("Synthetic^P{n:04}"),
                List.of(), echoes, new Seed(seed), flat);
    }

    /** Writes every object of {@code plan} under {@code folder}; their paths, relative, in the order made. */
    static List<String> write(StudyPlan plan, Path folder) throws IOException {
        List<String> paths = new ArrayList<>();
        new SyntheticStudies(plan).forEach(instance -> {
            instance.writeFile(folder.resolve(instance.path()));
            paths.add(instance.path());
        });
        return paths;
    }

    static DataSet read(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }

    @Test
    void theSameSeedGivesByteIdenticalFilesAndAnotherSeedOtherUids() throws Exception {
        List<Modality> all = List.of(Modality.MR, Modality.CT, Modality.CR, Modality.US, Modality.SR);
        write(plan(2, 2, 5, 2, all, 1, 42, false), tmp.resolve("a"));
        write(plan(2, 2, 5, 2, all, 1, 42, false), tmp.resolve("b"));
        write(plan(2, 2, 5, 2, all, 1, 43, false), tmp.resolve("c"));

        Map<String, byte[]> a = SentObjects.contents(tmp.resolve("a"));
        Map<String, byte[]> b = SentObjects.contents(tmp.resolve("b"));
        Map<String, byte[]> c = SentObjects.contents(tmp.resolve("c"));

        assertThat(a).hasSize(2 * 2 * (4 * 2 + 1));
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
        Set<String> uidsA = new HashSet<>();
        Set<String> uidsC = new HashSet<>();
        for (String name : a.keySet()) {
            uidsA.add(read(tmp.resolve("a").resolve(name)).getString(Tags.SOPInstanceUID));
            uidsC.add(read(tmp.resolve("c").resolve(name)).getString(Tags.SOPInstanceUID));
        }
        assertThat(uidsA).as("one UID per object").hasSize(a.size());
        assertThat(uidsA).doesNotContainAnyElementsOf(uidsC);
    }

    @Test
    void objectsAreNumberedAndFiledByPatientStudyAndSeriesOrFlatInOrder() throws Exception {
        StudyPlan tree = plan(2, 1, 2, 3, List.of(Modality.MR, Modality.SR), 1, 1, false);
        StudyPlan flat = plan(2, 1, 2, 3, List.of(Modality.MR, Modality.SR), 1, 1, true);

        List<String> treePaths = write(tree, tmp.resolve("tree"));
        List<String> flatPaths = write(flat, tmp.resolve("flat"));

        assertThat(treePaths).hasSize((int) tree.objectCount()).startsWith(
                "patient0001/study01/series01-MR/MR00001.dcm", "patient0001/study01/series01-MR/MR00002.dcm",
                "patient0001/study01/series01-MR/MR00003.dcm", "patient0001/study01/series02-SR/SR00001.dcm",
                "patient0002/study01/series01-MR/MR00001.dcm");
        assertThat(flatPaths).containsExactly("MR00001.dcm", "MR00002.dcm", "MR00003.dcm", "SR00004.dcm",
                "MR00005.dcm", "MR00006.dcm", "MR00007.dcm", "SR00008.dcm");
        DataSet second = read(tmp.resolve("tree/patient0002/study01/series01-MR/MR00002.dcm"));
        assertThat(second.getString(Tags.PatientID)).isEqualTo("P0002");
        assertThat(second.getString(Tags.PatientName)).isEqualTo("Synthetic^P0002");
        assertThat(second.getString(Tags.InstanceNumber)).isEqualTo("2");
        assertThat(second.getString(Tags.SeriesNumber)).isEqualTo("1");
        assertThat(second.getDate(Tags.StudyDate)).isBetween(DATE, DATE.plusDays(30));
    }

    /** Seed 002: a Siemens field map has two images per slice, EchoNumbers 1 and 2, with the same InstanceNumber. */
    @Test
    void twoEchoesGiveEachSliceTwiceWithTheSameInstanceNumber() throws Exception {
        List<String> paths = write(plan(1, 1, 1, 3, List.of(Modality.MR), 2, 7, false), tmp);

        assertThat(paths).hasSize(6);
        DataSet first = read(tmp.resolve(paths.get(0)));
        DataSet second = read(tmp.resolve(paths.get(1)));
        assertThat(paths.get(1)).endsWith("MR00001-echo2.dcm");
        assertThat(first.getString(Tags.InstanceNumber)).isEqualTo("1").isEqualTo(second.getString(Tags.InstanceNumber));
        assertThat(first.getString(Tags.EchoNumbers)).isEqualTo("1");
        assertThat(second.getString(Tags.EchoNumbers)).isEqualTo("2");
        assertThat(first.getString(Tags.EchoTime)).isNotEqualTo(second.getString(Tags.EchoTime));
        assertThat(first.getString(Tags.SeriesInstanceUID)).isEqualTo(second.getString(Tags.SeriesInstanceUID));
        assertThat(first.getString(Tags.SOPInstanceUID)).isNotEqualTo(second.getString(Tags.SOPInstanceUID));
    }

    @Test
    void theDoseReportListsTheCtSeriesOfItsStudyWithTheirCtdiVolAndIrradiationEvent() throws Exception {
        List<String> paths = write(plan(1, 1, 3, 2, List.of(Modality.CT, Modality.CT, Modality.SR), 1, 9, true),
                tmp);

        DataSet ct1 = read(tmp.resolve(paths.get(0)));
        DataSet ct2 = read(tmp.resolve(paths.get(2)));
        DataSet sr = read(tmp.resolve(paths.get(4)));
        assertThat(sr.getString(Tags.SOPClassUID)).isEqualTo(Uids.XRayRadiationDoseSRStorage);
        ContentTree tree = ContentTree.read(sr).orElseThrow();
        assertThat(tree.problems()).isEmpty();
        assertThat(tree.title()).isEqualTo("X-Ray Radiation Dose Report");
        List<BigDecimal> ctdiVol = new ArrayList<>();
        List<BigDecimal> dlp = new ArrayList<>();
        BigDecimal total = null;
        for (Measurement measurement : tree.measurements()) {
            switch (measurement.name()) {
                case "Mean CTDIvol" -> ctdiVol.add(measurement.value());
                case "DLP" -> dlp.add(measurement.value());
                case "CT Dose Length Product Total" -> total = measurement.value();
                default -> { }
            }
        }
        assertThat(ctdiVol).hasSize(2);
        assertThat(ctdiVol.get(0).doubleValue()).isEqualTo(ct1.getDouble(Tags.CTDIvol));
        assertThat(ctdiVol.get(1).doubleValue()).isEqualTo(ct2.getDouble(Tags.CTDIvol));
        assertThat(total).isEqualByComparingTo(dlp.get(0).add(dlp.get(1)));
        assertThat(tree.simplified().toJson()).contains(ct1.getString(Tags.IrradiationEventUID),
                ct2.getString(Tags.IrradiationEventUID));

        StringWriter json = new StringWriter();
        try (JsonGenerator generator = new JsonFactory().createGenerator(json)) {
            generator.writeStartObject();
            new StructuredReportFlattener().write(sr, generator);
            generator.writeEndObject();
        }
        assertThat(json.toString()).as("tag export's SR field").contains("\"Mean CTDIvol\"", "\"DLP\"",
                ctdiVol.get(0).toPlainString());
    }

    @Test
    void imagesHaveTheirModalitysPixelFormatAndTheSettingsLast() throws Exception {
        StudyPlan plan = new StudyPlan(1, 1, 4, 1, List.of(Modality.MR, Modality.CT, Modality.CR, Modality.US), 0,
                0, 3, PixelPattern.NOISE, DATE, DATE, ValueTemplate.parse("X{n}"), ValueTemplate.parse("Y"),
                List.of(AttributeSetting.parse("EthnicGroup=Martian"), AttributeSetting.parse("Modality=OT")), 1,
                new Seed(5), true);

        List<String> paths = write(plan, tmp);

        DataSet mr = read(tmp.resolve(paths.get(0)));
        DataSet us = read(tmp.resolve(paths.get(3)));
        assertThat(mr.getBytes(Tags.PixelData)).hasSize(256 * 256 * 2);
        assertThat(mr.getString(Tags.EthnicGroup)).isEqualTo("Martian");
        assertThat(mr.getString(Tags.Modality)).as("settings come last").isEqualTo("OT");
        assertThat(read(tmp.resolve(paths.get(1))).getInt(Tags.Rows)).isEqualTo(512);
        assertThat(read(tmp.resolve(paths.get(2))).getInt(Tags.Rows)).isEqualTo(1024);
        assertThat(us.getString(Tags.NumberOfFrames)).isEqualTo("3");
        assertThat(us.getString(Tags.PhotometricInterpretation)).isEqualTo("RGB");
        assertThat(us.getBytes(Tags.PixelData)).hasSize(480 * 640 * 3 * 3);
        byte[] pixels = mr.getBytes(Tags.PixelData);
        for (int i = 1; i < pixels.length; i += 2) {
            assertThat(pixels[i] & 0xF0).as("12 bits stored").isZero();
        }
    }

    @Test
    void plansThatCannotBeMadeAreRefusedWithTheReason() {
        assertThatThrownBy(() -> plan(0, 1, 1, 1, List.of(Modality.MR), 1, 1, false))
                .hasMessageContaining("patients must be at least 1");
        assertThatThrownBy(() -> plan(1, 1, 1, 1, List.of(Modality.CT), 2, 1, false))
                .hasMessageContaining("two echoes are made for MR series");
        assertThatThrownBy(() -> plan(100_000, 100, 10, 10, List.of(Modality.MR), 1, 1, false))
                .hasMessageContaining("over 10000000 objects");
        assertThatThrownBy(() -> new StudyPlan(1, 1, 1, 1, List.of(Modality.US), 4096, 4096, 100,
                PixelPattern.RINGS, DATE, DATE, ValueTemplate.parse("P"), ValueTemplate.parse("P"), List.of(), 1,
                new Seed(1), false)).hasMessageContaining("4 GiB");
        assertThatThrownBy(() -> new StudyPlan(1, 1, 1, 1, List.of(Modality.MR), 0, 0, 0, PixelPattern.RINGS,
                DATE, DATE.minusDays(1), ValueTemplate.parse("P"), ValueTemplate.parse("P"), List.of(), 1,
                new Seed(1), false)).hasMessageContaining("the first is after the last");
    }
}
