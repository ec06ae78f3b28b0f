package ferry.core.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class StandardDictionaryTest {
    @Test
    void knowsPatientId() {
        DictionaryEntry entry = StandardDictionary.entry(0x00100020).orElseThrow();
        assertThat(entry.vr()).isEqualTo(Vr.LO);
        assertThat(entry.keyword()).isEqualTo("PatientID");
        assertThat(entry.name()).isEqualTo("Patient ID");
        assertThat(entry.vm()).isEqualTo("1");
        assertThat(entry.retired()).isFalse();
        assertThat(StandardDictionary.vrOf(Tags.PatientID)).isEqualTo(Vr.LO);
        assertThat(StandardDictionary.keywordOf(Tags.PatientID)).isEqualTo("PatientID");
        assertThat(StandardDictionary.nameOf(Tags.PatientID)).isEqualTo("Patient ID");
    }

    @Test
    void findsTagsByKeyword() {
        assertThat(StandardDictionary.tagOf("PatientName")).hasValue(0x00100010);
        assertThat(StandardDictionary.tagOf("OverlayData")).hasValue(0x60003000);
        assertThat(StandardDictionary.tagOf("patientname")).isEmpty();
        assertThat(StandardDictionary.tagOf("PrivateCreator")).isEmpty();
        assertThat(StandardDictionary.tagOf("")).isEmpty();
    }

    @Test
    void resolvesRepeatingGroupsToTheirPattern() {
        DictionaryEntry overlay = StandardDictionary.entry(0x60023000).orElseThrow();
        assertThat(overlay.keyword()).isEqualTo("OverlayData");
        assertThat(overlay.vrs()).containsExactly(Vr.OB, Vr.OW);
        assertThat(overlay.tag()).isEqualTo(Tags.OverlayData).isEqualTo(0x60003000);
        assertThat(overlay.mask()).isEqualTo(0xFF00FFFF);
        assertThat(overlay.repeating()).isTrue();
        assertThat(overlay.matches(0x60FE3000)).isTrue();
        assertThat(StandardDictionary.keywordOf(0x601E0010)).isEqualTo("OverlayRows");
        assertThat(StandardDictionary.vrOf(0x50100005)).isEqualTo(Vr.US);
        assertThat(StandardDictionary.entry(0x50100005).orElseThrow().keyword()).isEqualTo("CurveDimensions");
        assertThat(StandardDictionary.keywordOf(0x7F200010)).isEqualTo("VariablePixelData");
        assertThat(StandardDictionary.keywordOf(0x002031A7)).isEqualTo("SourceImageIDs");
    }

    @Test
    void prefersExactEntriesOverRepeatingGroups() {
        assertThat(StandardDictionary.keywordOf(0x7FE00010)).isEqualTo("PixelData");
        assertThat(StandardDictionary.keywordOf(0x00280400)).isEqualTo("TransformLabel");
        assertThat(StandardDictionary.keywordOf(0x00280420)).isEqualTo("RowsForNthOrderCoefficients");
        assertThat(Tags.RowsForNthOrderCoefficients).isEqualTo(0x00280410);
    }

    @Test
    void doesNotApplyRepeatingGroupsToPrivateGroups() {
        assertThat(StandardDictionary.entry(0x60013000)).isEmpty();
        assertThat(StandardDictionary.vrOf(0x60013000)).isEqualTo(Vr.UN);
    }

    @Test
    void listsEveryAllowedVrUsualOneFirst() {
        assertThat(StandardDictionary.entry(Tags.PixelData).orElseThrow().vrs()).containsExactly(Vr.OB, Vr.OW);
        assertThat(StandardDictionary.entry(Tags.SmallestImagePixelValue).orElseThrow().vrs())
                .containsExactly(Vr.US, Vr.SS);
        assertThat(StandardDictionary.entry(Tags.LUTData).orElseThrow().vrs()).containsExactly(Vr.US, Vr.OW);
        assertThat(StandardDictionary.vrOf(Tags.OffsetOfTheNextDirectoryRecord)).isEqualTo(Vr.UL);
    }

    @Test
    void flagsRetiredElements() {
        DictionaryEntry entry = StandardDictionary.entry(0x00080040).orElseThrow();
        assertThat(entry.keyword()).isEqualTo("DataSetType");
        assertThat(entry.retired()).isTrue();
        assertThat(StandardDictionary.entry(Tags.CurveData).orElseThrow().retired()).isTrue();
        assertThat(StandardDictionary.entry(Tags.SOPInstanceUID).orElseThrow().retired()).isFalse();
    }

    @Test
    void knowsCommandAndFileMetaElements() {
        assertThat(StandardDictionary.entry(0x00000100).orElseThrow())
                .extracting(DictionaryEntry::keyword, DictionaryEntry::vr)
                .containsExactly("CommandField", Vr.US);
        assertThat(StandardDictionary.keywordOf(0x00000000)).isEqualTo("CommandGroupLength");
        assertThat(StandardDictionary.vrOf(0x00000900)).isEqualTo(Vr.US);
        assertThat(StandardDictionary.keywordOf(0x00020010)).isEqualTo("TransferSyntaxUID");
        assertThat(StandardDictionary.vrOf(0x00020010)).isEqualTo(Vr.UI);
        assertThat(StandardDictionary.vrOf(0x00020001)).isEqualTo(Vr.OB);
        assertThat(StandardDictionary.keywordOf(0x00020000)).isEqualTo("FileMetaInformationGroupLength");
    }

    @Test
    void knowsTagsInTheHighGroups() {
        assertThat(StandardDictionary.keywordOf(0xFFFAFFFA)).isEqualTo("DigitalSignaturesSequence");
        assertThat(StandardDictionary.vrOf(0xFFFAFFFA)).isEqualTo(Vr.SQ);
        assertThat(StandardDictionary.vrOf(0xFFFCFFFC)).isEqualTo(Vr.OB);
    }

    @Test
    void treatsAnyGroupLengthAsUl() {
        assertThat(StandardDictionary.vrOf(0x00080000)).isEqualTo(Vr.UL);
        assertThat(StandardDictionary.vrOf(0x00290000)).isEqualTo(Vr.UL);
        assertThat(StandardDictionary.vrOf(0x10100000)).isEqualTo(Vr.UL);
        DictionaryEntry entry = StandardDictionary.entry(0x00280000).orElseThrow();
        assertThat(entry.tag()).isEqualTo(0x00280000);
        assertThat(entry.vr()).isEqualTo(Vr.UL);
        assertThat(entry.keyword()).isEqualTo("GenericGroupLength");
        assertThat(StandardDictionary.keywordOf(0x00290000)).isEqualTo("PrivateGroupLength");
        assertThat(StandardDictionary.nameOf(0x00280000)).isEqualTo("Group Length");
    }

    @Test
    void treatsPrivateCreatorsAsLo() {
        DictionaryEntry entry = StandardDictionary.entry(0x00290010).orElseThrow();
        assertThat(entry.vr()).isEqualTo(Vr.LO);
        assertThat(entry.keyword()).isEqualTo("PrivateCreator");
        assertThat(StandardDictionary.vrOf(0x000900FF)).isEqualTo(Vr.LO);
        assertThat(StandardDictionary.nameOf(0x00290011)).isEqualTo("Private Creator");
    }

    @Test
    void treatsPrivateAndUnknownDataElementsAsUn() {
        assertThat(StandardDictionary.vrOf(0x00291010)).isEqualTo(Vr.UN);
        assertThat(StandardDictionary.entry(0x00291010)).isEmpty();
        assertThat(StandardDictionary.keywordOf(0x00291010)).isEmpty();
        assertThat(StandardDictionary.nameOf(0x00291010)).isEmpty();
        assertThat(StandardDictionary.vrOf(0x0008FFF0)).isEqualTo(Vr.UN);
        assertThat(StandardDictionary.entry(0x0008FFF0)).isEmpty();
    }

    @Test
    void leavesItemsAndDelimitersToTheParser() {
        assertThat(StandardDictionary.entry(Tag.ITEM)).isEmpty();
        assertThat(StandardDictionary.entry(Tag.SEQUENCE_DELIMITATION)).isEmpty();
    }

    @Test
    void holdsTheWholeStandard() {
        List<DictionaryEntry> entries = StandardDictionary.entries();
        // 4,994 from dcmtk 3.6.7 (PS3.6 2022b) merged with pydicom 2.3.1 (2022a), 88 of them repeating patterns.
        assertThat(entries).hasSizeGreaterThan(4900);
        assertThat(entries.stream().filter(DictionaryEntry::repeating)).hasSizeGreaterThan(80);
        assertThat(entries.stream().filter(DictionaryEntry::retired)).hasSizeGreaterThan(400);
        assertThat(entries).extracting(e -> e.tag() & e.mask())
                .isSortedAccordingTo(Integer::compareUnsigned);
    }

    /** Entries are parsed on first lookup; the full listing and a single lookup must give the same record. */
    @Test
    void looksUpEveryListedEntryAsListed() {
        for (DictionaryEntry e : StandardDictionary.entries()) {
            assertThat(StandardDictionary.entry(e.tag())).as(Tag.toString(e.tag())).hasValue(e);
            assertThat(StandardDictionary.vrOf(e.tag())).isEqualTo(e.vr());
        }
    }

    @Test
    void concurrentFirstLookupsAllSeeTheWholeEntry() throws Exception {
        List<Integer> tags = List.of(Tags.PatientName, Tags.StudyDate, Tags.PixelData, Tags.SmallestImagePixelValue,
                Tags.DataSetTrailingPadding, Tags.OverlayData);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<DictionaryEntry>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> tags.stream().map(t -> StandardDictionary.entry(t).orElseThrow())
                        .toList()));
            }
            List<DictionaryEntry> first = results.get(0).get();
            assertThat(first).extracting(DictionaryEntry::keyword).containsExactly("PatientName", "StudyDate",
                    "PixelData", "SmallestImagePixelValue", "DataSetTrailingPadding", "OverlayData");
            for (Future<List<DictionaryEntry>> result : results) {
                assertThat(result.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void agreesWithEveryConstantInTags() throws IllegalAccessException {
        int count = 0;
        for (Field field : Tags.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                int tag = field.getInt(null);
                assertThat(StandardDictionary.tagOf(field.getName())).as(field.getName()).hasValue(tag);
                assertThat(StandardDictionary.keywordOf(tag)).as(Tag.toString(tag)).isEqualTo(field.getName());
                count++;
            }
        }
        assertThat(count).isGreaterThan(4900);
    }
}
