package ferry.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.testing.DataSetDifference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * Round trips of every pydicom test file Ferry reads (the files of {@link DcmdumpCrossCheckTest}): written in each
 * native transfer syntax and read back it is the same data set, and written unchanged in its own transfer syntax
 * it is the same bytes.
 */
class PydicomFilesRoundTripTest {
    static final List<TransferSyntax> NATIVE = List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
            TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);

    /**
     * Files that are not written back byte for byte in their own transfer syntax, and why. Each is still a
     * faithful read: the listed difference is in the encoding, not in the data set.
     */
    static final Map<String, String> NOT_CANONICAL = Map.of(
            "test_files/dicomdirtests/DICOMDIR-nooffset",
            "the last item's length (248) runs past the end of the file; Ferry reads to the end (224 bytes, with a "
                    + "warning) and writes the length that is there",
            "test_files/693_J2KI.dcm",
            "its (0008,0000) group length says 328 but group 0008 takes 602 bytes; the writer recomputes it",
            "charset_files/chrKoreanMulti.dcm",
            "its (0008,0000) group length says 392 but group 0008 takes 406 bytes (the 14-byte OperatorsName was "
                    + "added without updating it); the writer recomputes it",
            "charset_files/chrJapMulti.dcm",
            "its (0010,0000) group length is wrong in the same way; the writer recomputes it",
            "test_files/nested_priv_SQ.dcm",
            "a private value 'Nested SQ' has odd length 9; the writer pads it to 10 (PS3.5 §7.1.1)",
            "test_files/meta_missing_tsyntax.dcm",
            "the same data set as nested_priv_SQ.dcm, the same odd value");

    /** The files of {@link #NOT_CANONICAL} whose difference is odd-length values padded, as sending pads them. */
    static final List<String> ODD_LENGTHS = List.of("test_files/nested_priv_SQ.dcm",
            "test_files/meta_missing_tsyntax.dcm");

    /** One file as Ferry reads it, or null when Ferry rejects it (the cross-check test covers rejections). */
    private static DicomFile readOrNull(Path file) throws IOException {
        try {
            return DicomReader.read(file, ReadOptions.IN_MEMORY);
        } catch (DicomParseException e) {
            return null;
        }
    }

    private static String name(Path file) {
        return DcmdumpCrossCheckTest.PYDICOM_DATA.relativize(file).toString();
    }

    @Test
    void everyReadableFileIsTheSameDataSetAfterWritingInEachNativeSyntaxAndReadingBack() throws IOException {
        List<String> failures = new ArrayList<>();
        int files = 0;
        for (Path file : DcmdumpCrossCheckTest.pydicomFiles()) {
            DicomFile read = readOrNull(file);
            if (read == null) {
                continue;
            }
            files++;
            DataSet dataSet = read.dataSet();
            List<TransferSyntax> targets = NATIVE;
            if (dataSet.value(ferry.core.tag.Tag.PIXEL_DATA) instanceof Fragments) {
                for (TransferSyntax syntax : NATIVE) {
                    assertThatThrownBy(() -> DicomWriter.writeDataSet(OutputStream.nullOutputStream(), dataSet, syntax))
                            .as("%s: encapsulated pixel data written in %s", name(file), syntax.uid())
                            .isInstanceOf(IllegalArgumentException.class);
                }
                targets = List.of(read.transferSyntax());
            }
            for (TransferSyntax syntax : targets) {
                String problem = roundTrip(read, syntax);
                if (problem != null) {
                    failures.add(name(file) + " in " + syntax.uid() + ": " + problem);
                }
            }
        }
        assertThat(files).as("files read").isGreaterThan(150);
        assertThat(failures).as("files that change in a round trip").isEmpty();
    }

    /** Writes the file in {@code syntax}, reads it back, and says what differs (null when nothing does). */
    private static String roundTrip(DicomFile read, TransferSyntax syntax) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeFile(out, read.fileMeta(), read.dataSet(), syntax);
        DicomFile back = DicomReader.read(out.toByteArray(), ReadOptions.IN_MEMORY);
        if (!back.transferSyntax().uid().equals(syntax.uid())) {
            return "read back as " + back.transferSyntax().uid();
        }
        if (!read.warnings().containsAll(back.warnings())) {
            return "read back with new warnings " + back.warnings();
        }
        if (syntax.explicitVr()) {
            // group lengths are recomputed when written: a file whose group length was wrong comes back right
            String difference = DataSetDifference.first(read.dataSet(), back.dataSet(), true);
            return difference == null ? null : "read back differs at " + difference;
        }
        // Implicit VR carries no VRs: reading back takes them from the dictionary, so a private or unknown element
        // first read with its explicit VR (say LO or US) comes back as UN, and Pixel Data read as OB comes back as
        // OW. The values are the same; compare the data sets by their Implicit VR Little Endian encoding.
        TransferSyntax implicit = syntax.encapsulated() ? syntax : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        byte[] expected = encode(read.dataSet(), implicit);
        byte[] actual = encode(back.dataSet(), implicit);
        return Arrays.equals(expected, actual) ? null : "read back differs in its implicit VR encoding at byte "
                + Arrays.mismatch(expected, actual);
    }

    private static byte[] encode(DataSet dataSet, TransferSyntax syntax) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeDataSet(out, dataSet, syntax);
        return out.toByteArray();
    }

    @Test
    void anUnchangedFileWrittenInItsOwnSyntaxHasTheSameDataSetBytes() throws IOException {
        List<String> failures = new ArrayList<>();
        List<String> exempt = new ArrayList<>();
        for (Path file : DcmdumpCrossCheckTest.pydicomFiles()) {
            DicomFile read = readOrNull(file);
            if (read == null) {
                continue;
            }
            byte[] original = Files.readAllBytes(file);
            byte[] expected = dataSetBytes(original, read);
            TransferSyntax syntax = read.transferSyntax();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // a deflated data set is compared inflated: deflate streams of equal content may differ
            DicomWriter.writeDataSet(out, read.dataSet(), syntax.deflated()
                    ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : syntax);
            byte[] written = out.toByteArray();
            boolean same = Arrays.equals(expected, written);
            String reason = NOT_CANONICAL.get(name(file));
            if (reason != null) {
                assertThat(same).as("%s is listed as not canonical (%s) but is written back unchanged: take it "
                        + "off the list", name(file), reason).isFalse();
                exempt.add(name(file));
            } else if (!same) {
                int at = Arrays.mismatch(expected, written);
                failures.add(name(file) + " (" + syntax.uid() + "): " + expected.length + " bytes in the file, "
                        + written.length + " written, first difference at data set byte " + at);
            }
        }
        assertThat(exempt).as("files listed as not canonical that Ferry still reads")
                .containsExactlyInAnyOrderElementsOf(NOT_CANONICAL.keySet());
        assertThat(failures).as("files not written back byte for byte").isEmpty();
    }

    /**
     * Sending a file as it is pads its odd-length values ({@link EvenLengthCopy}) to the very bytes the writer makes
     * of it in its own transfer syntax: two independent paths, one over the encoded bytes, one over the data set.
     */
    @Test
    void everyFileSentAsItIsGoesAsTheWriterWritesItsDataSet() throws IOException {
        List<String> failures = new ArrayList<>();
        int padded = 0;
        for (Path file : DcmdumpCrossCheckTest.pydicomFiles()) {
            DicomFile read = readOrNull(file);
            String name = name(file);
            if (read == null || read.transferSyntax().deflated()
                    || NOT_CANONICAL.containsKey(name) && !ODD_LENGTHS.contains(name)) {
                continue;
            }
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            DicomWriter.writeDataSet(written, read.dataSet(), read.transferSyntax());
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                byte[] buffer = new byte[4096];
                EvenLengthCopy copy = EvenLengthCopy.prepare(channel, read.dataSetOffset(), read.transferSyntax(),
                        buffer);
                copy.copy(channel, buffer, sent);
                padded += copy.paddedValues() > 0 ? 1 : 0;
            }
            if (!Arrays.equals(written.toByteArray(), sent.toByteArray())) {
                failures.add(name + ": first difference at data set byte "
                        + Arrays.mismatch(written.toByteArray(), sent.toByteArray()));
            }
        }
        assertThat(failures).as("files sent otherwise than written").isEmpty();
        assertThat(padded).as("files with odd lengths").isEqualTo(ODD_LENGTHS.size());
    }

    /** The data set bytes of a file: what follows the preamble and the meta group, inflated when deflated. */
    private static byte[] dataSetBytes(byte[] file, DicomFile read) {
        int start = 0;
        if (file.length >= 132 && file[128] == 'D' && file[129] == 'I' && file[130] == 'C' && file[131] == 'M') {
            start = 132;
        } else if (file.length >= 4 && file[0] == 'D' && file[1] == 'I' && file[2] == 'C' && file[3] == 'M') {
            start = 4;
        }
        start += (int) EncodedLength.ofDataSet(read.fileMeta(), true);
        byte[] rest = Arrays.copyOfRange(file, start, file.length);
        return read.transferSyntax().deflated() ? inflate(rest) : rest;
    }

    static byte[] inflate(byte[] deflated) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new AssertionError("corrupt deflated data set", e);
        } finally {
            inflater.end();
        }
    }
}
