package ferry.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The walker finds a data set's end and its SOP UIDs as its bytes pass, in every encoding the reader reads. */
class DataSetWalkerTest {
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final TransferSyntax JPEG = TransferSyntax.of("1.2.840.10008.1.2.4.50");

    static List<TransferSyntax> nativeSyntaxes() {
        return List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
    }

    /** An MR object with sequences of both length kinds (items of both kinds inside) and native pixel data. */
    static DataSet object() {
        DataSet ds = new DataSet();
        ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 100");
        ds.setString(Tags.SOPClassUID, Vr.UI, MR);
        ds.setString(Tags.SOPInstanceUID, Vr.UI, "2.25.123"); // odd length: padded with NUL
        ds.setString(Tags.Modality, Vr.CS, "MR");
        Sequence undefined = ds.newSequence(Tags.ReferencedImageSequence);
        undefined.addItem().setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "2.25.5");
        DataSet definedItem = undefined.addItem();
        definedItem.setUndefinedLength(false);
        definedItem.setString(Tags.ReferencedSOPClassUID, Vr.UI, MR);
        Sequence nested = definedItem.newSequence(Tags.PurposeOfReferenceCodeSequence);
        nested.addItem().setString(Tags.CodeValue, Vr.SH, "121311");
        Sequence defined = ds.newSequence(Tags.ProcedureCodeSequence);
        defined.setUndefinedLength(false);
        DataSet item = defined.addItem();
        item.setUndefinedLength(false);
        item.setString(Tags.CodeMeaning, Vr.LO, "brain");
        defined.addItem(); // an empty item
        ds.newSequence(Tags.ReferencedStudySequence).setUndefinedLength(false); // an empty sequence
        ds.setString(Tags.PatientID, Vr.LO, "P1");
        byte[] pixels = new byte[600];
        new Random(1).nextBytes(pixels);
        ds.setBytes(Tag.PIXEL_DATA, Vr.OW, pixels);
        return ds;
    }

    static byte[] encode(DataSet dataSet, TransferSyntax syntax) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeDataSet(out, dataSet, syntax);
        return out.toByteArray();
    }

    static DataSetWalker.Result walk(byte[] bytes, TransferSyntax syntax, int chunk) {
        DataSetWalker walker = new DataSetWalker(syntax);
        for (int i = 0; i < bytes.length; i += chunk) {
            walker.update(bytes, i, Math.min(chunk, bytes.length - i));
        }
        return walker.finish();
    }

    /** The lengths of the prefixes of the data set that hold its first k top-level elements, k = 0..n. */
    static Set<Integer> topLevelBoundaries(DataSet dataSet, TransferSyntax syntax) throws IOException {
        Set<Integer> ends = new HashSet<>();
        DataSet prefix = new DataSet();
        ends.add(0);
        for (int i = 0; i < dataSet.size(); i++) {
            prefix.put(dataSet.elements().get(i));
            ends.add(encode(prefix, syntax).length);
        }
        return ends;
    }

    @ParameterizedTest
    @MethodSource("nativeSyntaxes")
    void aWholeDataSetIsWellFormedAndNamesItsSopClassAndInstanceWhateverTheChunks(TransferSyntax syntax)
            throws IOException {
        DataSet object = object();
        byte[] bytes = encode(object, syntax);

        for (int chunk : new int[] {1, 3, 7, 64, bytes.length}) {
            DataSetWalker.Result result = walk(bytes, syntax, chunk);

            assertThat(result.problem()).as("chunks of %d", chunk).isNull();
            assertThat(result.wellFormed()).isTrue();
            assertThat(result.sopClassUid()).isEqualTo(MR);
            assertThat(result.sopInstanceUid()).isEqualTo("2.25.123");
            assertThat(result.elements()).isEqualTo(object.size());
            assertThat(result.length()).isEqualTo(bytes.length);
        }
    }

    @ParameterizedTest
    @MethodSource("nativeSyntaxes")
    void aCutIsWellFormedExactlyWhenItFallsBetweenTopLevelElements(TransferSyntax syntax) throws IOException {
        DataSet object = object();
        byte[] bytes = encode(object, syntax);
        Set<Integer> boundaries = topLevelBoundaries(object, syntax);
        List<Integer> wrong = new ArrayList<>();

        for (int cut = 0; cut <= bytes.length; cut++) {
            DataSetWalker.Result result = walk(Arrays.copyOf(bytes, cut), syntax, 5);
            if (result.wellFormed() != boundaries.contains(cut) || !result.wellFormed() && !result.truncated()) {
                wrong.add(cut);
            }
        }

        assertThat(boundaries).hasSize(object.size() + 1);
        assertThat(wrong).as("cuts judged wrongly of %d bytes", bytes.length).isEmpty();
    }

    @Test
    void aCutInsidePixelDataNamesTheElementAndHowMuchIsMissing() throws IOException {
        byte[] bytes = encode(object(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        DataSetWalker.Result result = walk(Arrays.copyOf(bytes, bytes.length - 100),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 4096);

        assertThat(result.truncated()).isTrue();
        assertThat(result.problem().offset()).isEqualTo(bytes.length - 100);
        assertThat(result.problem().elementPath()).isEqualTo("(7FE0,0010) PixelData");
        assertThat(result.problem().reason()).isEqualTo("the data ends 100 bytes before the end of the value");
    }

    @Test
    void aCutInsideANestedSequenceNamesTheItems() throws IOException {
        DataSet object = object();
        byte[] bytes = encode(object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        int at = indexOf(bytes, "121311".getBytes()) + 2;

        DataSetWalker.Result result = walk(Arrays.copyOf(bytes, at), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1);

        assertThat(result.truncated()).isTrue();
        assertThat(result.problem().elementPath()).isEqualTo("(0008,1140) ReferencedImageSequence item 2"
                + " > (0040,A170) PurposeOfReferenceCodeSequence item 1 > (0008,0100) CodeValue");
    }

    @Test
    void encapsulatedPixelDataIsFollowedFragmentByFragment() throws IOException {
        DataSet object = object();
        Fragments fragments = new Fragments();
        fragments.add(new Bytes(new byte[0])); // the basic offset table, empty
        fragments.add(new Bytes(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9}));
        fragments.add(new Bytes(new byte[10]));
        object.put(Tag.PIXEL_DATA, Vr.OB, fragments);
        byte[] bytes = encode(object, JPEG);
        Set<Integer> boundaries = topLevelBoundaries(object, JPEG);

        assertThat(walk(bytes, JPEG, 3).problem()).isNull();
        int pixelData = boundaries.stream().filter(b -> b < bytes.length).max(Integer::compare).orElseThrow();
        for (int cut = pixelData + 12; cut < bytes.length; cut++) { // past the 12-byte header of Pixel Data
            DataSetWalker.Result result = walk(Arrays.copyOf(bytes, cut), JPEG, 3);
            assertThat(result.truncated()).as("cut at %d of %d", cut, bytes.length).isTrue();
            assertThat(result.problem().elementPath()).startsWith("(7FE0,0010) PixelData");
        }
    }

    @Test
    void aDeflatedDataSetIsInflatedAsItPassesAndACutOneIsTruncated() throws IOException {
        TransferSyntax deflated = TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
        byte[] bytes = encode(object(), deflated);

        DataSetWalker.Result whole = walk(bytes, deflated, 7);
        DataSetWalker.Result cut = walk(Arrays.copyOf(bytes, bytes.length - 3), deflated, 7);
        byte[] corrupt = bytes.clone();
        corrupt[5] ^= 0x5A;
        DataSetWalker.Result broken = walk(corrupt, deflated, 1000);

        assertThat(whole.problem()).isNull();
        assertThat(whole.sopInstanceUid()).isEqualTo("2.25.123");
        assertThat(whole.length()).isEqualTo(encode(object(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).length);
        assertThat(cut.truncated()).isTrue();
        assertThat(broken.wellFormed()).isFalse();
    }

    @Test
    void anEmptyDataSetIsWellFormedWithNothingInIt() {
        DataSetWalker.Result result = walk(new byte[0], TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1);

        assertThat(result.wellFormed()).isTrue();
        assertThat(result.elements()).isZero();
        assertThat(result.sopClassUid()).isNull();
        assertThat(result.sopInstanceUid()).isNull();
    }

    @Test
    void randomBytesAreNotADataSetInAnySyntax() {
        Random random = new Random(15);
        for (int round = 0; round < 200; round++) {
            byte[] bytes = new byte[5000];
            random.nextBytes(bytes);
            for (TransferSyntax syntax : nativeSyntaxes()) {
                assertThat(walk(bytes, syntax, 4096).wellFormed()).as("round %d in %s", round, syntax.uid())
                        .isFalse();
            }
        }
    }

    @Test
    void zeroPaddingAfterTheDataSetIsAcceptedAndGarbageAfterItIsNot() throws IOException {
        byte[] bytes = encode(object(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        for (int zeros : new int[] {4, 6, 8, 100}) {
            assertThat(walk(Arrays.copyOf(bytes, bytes.length + zeros), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 9)
                    .problem()).as("%d zero bytes", zeros).isNull();
        }
        byte[] garbage = Arrays.copyOf(bytes, bytes.length + 20);
        garbage[bytes.length + 12] = 1;
        DataSetWalker.Result result = walk(garbage, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 9);
        assertThat(result.problem().reason()).isEqualTo("garbage after the data set: a non-zero byte after 12 zero bytes");
        assertThat(result.problem().offset()).isEqualTo(bytes.length + 12);
        assertThat(walk(Arrays.copyOf(bytes, bytes.length + 2), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 9)
                .truncated()).as("2 bytes are no element and no padding").isTrue();
    }

    @Test
    void hostileStructuresAreNamedWithTheirOffset() {
        Map<String, String> cases = Map.of("""
                08 00 16 00 'UI' C8 00  '1.2.'              // (0008,0016) UI of 200 bytes, 4 there
                """, "the data ends 196 bytes before the end of the value",
                """
                08 00 16 00 'Q?' 02 00  '1' 00              // not a VR
                """, "unknown VR bytes 51 3F",
                """
                FE FF DD E0 00 00 00 00                     // a sequence delimiter at top level
                """, "unexpected (FFFE,E0DD) outside a sequence",
                """
                08 00 40 11 'SQ' 00 00 FF FF FF FF          // (0008,1140) SQ, undefined length
                08 00 16 00 'UI' 02 00 '1' 00               // an element where an item belongs
                """, "expected an item (FFFE,E000), found (0008,0016)",
                """
                08 00 40 11 'SQ' 00 00 10 00 00 00          // (0008,1140) SQ of 16 bytes
                FE FF 00 E0 08 00 00 00                     // an item of 8 bytes
                08 00 55 11 'UI' 0A 00 '2.25.1' 00 00 00 00 // a value of 10 bytes in it
                """, "value length 10 runs past the end of its item (0 bytes left in it)",
                """
                E0 7F 10 00 'OB' 00 00 FF FF FF FF          // encapsulated pixel data
                FE FF 00 E0 FF FF FF FF                     // a fragment of undefined length
                """, "a fragment must have a defined length (PS3.5 §A.4)");

        cases.forEach((hex, reason) -> {
            DataSetWalker.Result result = walk(Hex.bytes(hex), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 2);
            assertThat(result.problem()).as(hex).isNotNull();
            assertThat(result.problem().reason()).as(hex).isEqualTo(reason);
        });
    }

    @Test
    void aTopLevelElementTwiceOrOutOfOrderIsNotOneDataSet() {
        DataSetWalker.Result twice = walk(Hex.bytes("""
                08 00 16 00 'UI' 02 00 '1' 00               // (0008,0016) SOP Class UID
                08 00 18 00 'UI' 0A 00 '2.25.222' 00 00     // (0008,0018) SOP Instance UID
                10 00 20 00 'LO' 02 00 'P1'                 // (0010,0020) Patient ID
                08 00 18 00 'UI' 0A 00 '2.25.666' 00 00     // (0008,0018) again, another value
                """), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 3);
        DataSetWalker.Result same = walk(Hex.bytes("""
                08 00 16 00 'UI' 02 00 '1' 00               // (0008,0016)
                08 00 16 00 'UI' 02 00 '2' 00               // (0008,0016) once more
                """), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 5);

        assertThat(twice.problem()).isNotNull();
        assertThat(twice.problem().reason()).isEqualTo("(0008,0018) after (0010,0020): the data set's elements must "
                + "come in ascending tag order, each once (PS3.5 §7.1)");
        assertThat(twice.sopInstanceUid()).isEqualTo("2.25.222");
        assertThat(same.problem().reason()).startsWith("(0008,0016) after (0008,0016)");
    }

    @Test
    void nestingDeeperThanTheReaderAllowsIsRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            out.writeBytes(Hex.bytes("08 00 40 11 'SQ' 00 00 FF FF FF FF  FE FF 00 E0 FF FF FF FF"));
        }

        DataSetWalker.Result result = walk(out.toByteArray(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 64);

        assertThat(result.problem().reason()).isEqualTo("sequences nested deeper than 64 levels");
    }

    @Test
    void aStreamWatchedThroughItIsWalkedAsItIsRead() throws IOException {
        byte[] bytes = encode(object(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        DataSetWalker walker = new DataSetWalker(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);

        try (InputStream in = walker.watching(new ByteArrayInputStream(bytes))) {
            assertThat(in.read()).isEqualTo(bytes[0] & 0xFF);
            assertThat(in.skip(10)).isEqualTo(10);
            assertThat(in.readAllBytes()).hasSize(bytes.length - 11);
        }

        assertThat(walker.finish().sopClassUid()).isEqualTo(MR);
        assertThat(walker.finish().length()).isEqualTo(bytes.length);
    }

    /**
     * Every pydicom test file the reader reads without a warning is, as a bare data set in its transfer syntax, one
     * well-formed data set to the walker, with the SOP UIDs the reader finds.
     */
    @Test
    void agreesWithTheReaderOnEveryPydicomFileItReadsCleanly() throws IOException {
        List<String> disagreements = new ArrayList<>();
        int walked = 0;
        for (Path file : DcmdumpCrossCheckTest.pydicomFiles()) {
            DicomFile read;
            try {
                read = DicomReader.read(file, ReadOptions.IN_MEMORY);
            } catch (DicomParseException e) {
                continue;
            }
            if (!read.warnings().isEmpty()) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            DataSetWalker walker = new DataSetWalker(read.transferSyntax());
            walker.update(bytes, (int) read.dataSetOffset(), bytes.length - (int) read.dataSetOffset());
            DataSetWalker.Result result = walker.finish();
            walked++;
            String name = DcmdumpCrossCheckTest.PYDICOM_DATA.relativize(file).toString();
            if (!result.wellFormed()) {
                disagreements.add(name + ": " + result.problem().getMessage());
            } else if (!uid(read, Tags.SOPClassUID, Tags.MediaStorageSOPClassUID).equals(
                    String.valueOf(result.sopClassUid())) || !uid(read, Tags.SOPInstanceUID,
                    Tags.MediaStorageSOPInstanceUID).equals(String.valueOf(result.sopInstanceUid()))) {
                disagreements.add(name + ": UIDs " + result.sopClassUid() + " " + result.sopInstanceUid());
            }
        }

        assertThat(walked).isGreaterThan(40);
        assertThat(disagreements).isEmpty();
    }

    /**
     * The reader's value of a UID; for the files that encode it as UN (rtdose_rle*.dcm, which the reader leaves as
     * bytes and the walker reads as text), the file meta group's copy of it.
     */
    static String uid(DicomFile read, int tag, int metaTag) {
        return String.valueOf(read.dataSet().vr(tag) == Vr.UN ? read.fileMeta().getString(metaTag)
                : read.dataSet().getString(tag));
    }

    static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
