package ferry.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.Negotiation;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pydicom test file that dcmtk's dcmsend can send arrives at Ferry with the data set Ferry reads from the
 * original. Ferry's policy accepts the first transfer syntax proposed ({@link Negotiation#ANY_TRANSFER_SYNTAX}) and
 * dcmsend is told never to decompress, so compressed files arrive in their own syntax; uncompressed ones arrive in
 * the syntax dcmsend proposes first (Explicit VR Little Endian), converted by dcmsend, and are compared by value.
 * Where dcmtk re-encodes a detail of a file as it sends it, the change is listed in {@link #CHANGED_BY_DCMTK} and
 * applied to the expected data set, and the rest must still be identical. Files dcmsend refuses or does not send
 * are listed with its reason in {@code target/dcmsend-pydicom-report.txt} (its log beside it), and so are those
 * Ferry refuses because their data set is not the instance the request names ({@link #REFUSED_BY_FERRY}).
 */
class PydicomFilesOverNetworkTest {
    static final Path PYDICOM_DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");

    /**
     * What dcmsend changes in a data set it sends, as dcmtk re-encodes what it read: each applied to the data set
     * Ferry reads from the original gives what must arrive.
     */
    enum DcmtkChange {
        /** PS3.5 §7.1: Data Set Trailing Padding carries nothing; dcmtk does not send it. */
        DROPS_TRAILING_PADDING {
            @Override
            void apply(DataSet original, DataSet received) {
                original.remove(0xFFFCFFFC);
            }
        },
        /** The file declares encapsulated Pixel Data OW; dcmtk sends it as OB, as PS3.5 §A.4 requires. */
        SENDS_ENCAPSULATED_PIXEL_DATA_AS_OB {
            @Override
            void apply(DataSet original, DataSet received) {
                original.put(Tag.PIXEL_DATA, Vr.OB, original.value(Tag.PIXEL_DATA));
            }
        },
        /** The file's group length (gggg,0000) is wrong (PydicomFilesRoundTripTest); dcmtk recomputes it. */
        RECOMPUTES_A_WRONG_GROUP_LENGTH {
            @Override
            void apply(DataSet original, DataSet received) {
                for (int i = 0; i < original.size(); i++) {
                    int tag = original.tagAt(i);
                    if ((tag & 0xFFFF) == 0 && received.contains(tag)) {
                        original.put(tag, Vr.UL, received.value(tag));
                    }
                }
            }
        },
        /**
         * Image Type ends in two spaces where PS3.5 §6.2 pads a value to even length with one at most; dcmtk drops
         * the spaces it does not need.
         */
        DROPS_EXCESS_PADDING_OF_IMAGE_TYPE {
            @Override
            void apply(DataSet original, DataSet received) {
                byte[] value = original.getBytes(Tags.ImageType);
                int length = value.length;
                while (length > 0 && value[length - 1] == ' ') {
                    length--;
                }
                byte[] trimmed = java.util.Arrays.copyOf(value, length + length % 2);
                if (length % 2 == 1) {
                    trimmed[length] = ' ';
                }
                original.setBytes(Tags.ImageType, Vr.CS, trimmed);
            }
        };

        abstract void apply(DataSet original, DataSet received);
    }

    /** The pydicom files dcmsend changes in sending (PS3.5 details dcmtk normalises), and how. */
    static final Map<String, List<DcmtkChange>> CHANGED_BY_DCMTK = Map.ofEntries(
            Map.entry("test_files/CT_small.dcm", List.of(DcmtkChange.DROPS_TRAILING_PADDING)),
            Map.entry("test_files/MR_small.dcm", List.of(DcmtkChange.DROPS_TRAILING_PADDING)),
            Map.entry("test_files/MR_small_padded.dcm", List.of(DcmtkChange.DROPS_TRAILING_PADDING)),
            Map.entry("test_files/MR_small_expb.dcm", List.of(DcmtkChange.DROPS_TRAILING_PADDING)),
            Map.entry("test_files/MR_small_RLE.dcm", List.of(DcmtkChange.DROPS_TRAILING_PADDING)),
            Map.entry("test_files/rtdose_rle.dcm", List.of(DcmtkChange.SENDS_ENCAPSULATED_PIXEL_DATA_AS_OB)),
            Map.entry("test_files/rtdose_rle_1frame.dcm", List.of(DcmtkChange.SENDS_ENCAPSULATED_PIXEL_DATA_AS_OB)),
            Map.entry("test_files/SC_rgb_rle_16bit.dcm", List.of(DcmtkChange.SENDS_ENCAPSULATED_PIXEL_DATA_AS_OB)),
            Map.entry("test_files/SC_rgb_rle_16bit_2frame.dcm",
                    List.of(DcmtkChange.SENDS_ENCAPSULATED_PIXEL_DATA_AS_OB)),
            Map.entry("test_files/MR_small_jpeg_ls_lossless.dcm", List.of(DcmtkChange.DROPS_TRAILING_PADDING,
                    DcmtkChange.SENDS_ENCAPSULATED_PIXEL_DATA_AS_OB)),
            Map.entry("test_files/MR_small_jp2klossless.dcm", List.of(DcmtkChange.DROPS_TRAILING_PADDING,
                    DcmtkChange.SENDS_ENCAPSULATED_PIXEL_DATA_AS_OB)),
            Map.entry("test_files/693_J2KI.dcm", List.of(DcmtkChange.RECOMPUTES_A_WRONG_GROUP_LENGTH,
                    DcmtkChange.SENDS_ENCAPSULATED_PIXEL_DATA_AS_OB)),
            Map.entry("charset_files/chrJapMulti.dcm", List.of(DcmtkChange.RECOMPUTES_A_WRONG_GROUP_LENGTH)),
            Map.entry("charset_files/chrKoreanMulti.dcm", List.of(DcmtkChange.RECOMPUTES_A_WRONG_GROUP_LENGTH)),
            Map.entry("test_files/SC_rgb_gdcm_KY.dcm", List.of(DcmtkChange.DROPS_EXCESS_PADDING_OF_IMAGE_TYPE)),
            Map.entry("test_files/SC_rgb_jpeg_lossy_gdcm.dcm",
                    List.of(DcmtkChange.DROPS_EXCESS_PADDING_OF_IMAGE_TYPE)));

    /**
     * Files whose data set is not the instance dcmsend's request names, which Ferry refuses with 0xA900 Data Set Does
     * Not Match SOP Class (as dcmtk's storescp refuses them), and why.
     */
    static final Map<String, String> REFUSED_BY_FERRY = new TreeMap<>(Map.of(
            "test_files/rtdose_rle.dcm", "its SOP Class and Instance UID are encoded as UN, which dcmsend cannot read,"
                    + " so its request does not name the data set's (the file meta group has instance 1.2.999...,"
                    + " the data set 1.9.999...)",
            "test_files/rtdose_rle_1frame.dcm", "the same"));

    /** One object as Ferry received it: the order of arrival, its SOP instance, its transfer syntax, its file. */
    record Arrival(int number, String sopInstanceUid, String transferSyntax, Path file) {
    }

    /** One file as dcmsend's report describes it. */
    record Sent(String file, String sopInstanceUid, String originalSyntax, String networkSyntax, String status) {
    }

    @TempDir
    Path dir;

    final List<String> serverLog = new CopyOnWriteArrayList<>();
    final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    DicomServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(Duration.ofSeconds(5));
        }
    }

    void startFerry() throws IOException {
        Path received = Files.createDirectories(dir.resolve("received"));
        AtomicInteger count = new AtomicInteger();
        // Files may share a SOP instance UID (the same object in several transfer syntaxes): each arrival gets a
        // folder of its own, stored by Ferry's FolderStore.
        StoreHandler handler = (association, context, request, dataSet) -> {
            int number = count.incrementAndGet();
            Path folder = received.resolve(String.valueOf(number));
            Status status = new FolderStore(folder).store(association, context, request, dataSet);
            if (status.equals(Status.SUCCESS)) {
                arrivals.add(new Arrival(number, request.affectedSopInstanceUid(), context.transferSyntax(),
                        folder.resolve(FolderStore.fileName(request.affectedSopInstanceUid()) + ".dcm")));
            }
            return status;
        };
        AcceptorPolicy policy = new AcceptorPolicy(Set.of("FERRY"), List.of(), Set.of(DimseScp.VERIFICATION), true,
                List.of(Negotiation.ANY_TRANSFER_SYNTAX), 4, 1 << 20);
        server = DicomServer.start(new ServerSettings(DcmtkInteropTest.LOOPBACK, 0, policy, AcceptorLimits.DEFAULT,
                null), new DimseScp(handler, serverLog::add), serverLog::add);
    }

    @Test
    void everyFileDcmsendSendsArrivesInItsOwnTransferSyntaxWithTheSameDataSet() throws IOException {
        Peers.requireExecutable("dcmsend", "apt-get install dcmtk");
        Peers.require(Files.isDirectory(PYDICOM_DATA.resolve("test_files")), "pydicom's test files in "
                + PYDICOM_DATA, "apt-get install python3-pydicom");
        startFerry();
        Path report = dir.resolve("dcmsend-report.txt");

        // +f: files without meta information too; -dn: never decompress; -nuc: no UID checks; -nh: go on
        ToolRun run = ToolRun.run(Duration.ofSeconds(120), List.of("dcmsend", "-v", "-aet", "DCMSEND", "-aec", "FERRY",
                "+sd", "+r", "+f", "-dn", "-nuc", "-nh", "+crf", report.toString(), "127.0.0.1",
                String.valueOf(server.port()), PYDICOM_DATA.resolve("test_files").toString(),
                PYDICOM_DATA.resolve("charset_files").toString()));

        Files.writeString(Files.createDirectories(Path.of("target")).resolve("dcmsend-pydicom.log"), run.err());
        List<Sent> sent = parseReport(Files.readString(report, StandardCharsets.ISO_8859_1));
        Map<String, String> refused = refusals(run.err() + run.out(StandardCharsets.ISO_8859_1));
        List<Sent> stored = sent.stream().filter(file -> file.status().startsWith("0x0000")).toList();
        assertThat(arrivals).as("objects Ferry received").hasSize(stored.size());
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int identical = 0;
        int converted = 0;
        int changed = 0;
        int next = 0;
        Map<String, String> refusedByFerry = new TreeMap<>();
        for (Sent file : sent) {
            String name = PYDICOM_DATA.relativize(Path.of(file.file())).toString();
            if (file.status().toLowerCase(Locale.ROOT).startsWith("0xa900")) {
                refusedByFerry.put(name, file.status());
                lines.add("  refused by Ferry " + name + ": " + file.status() + " (" + REFUSED_BY_FERRY.get(name) + ")");
                continue;
            }
            if (!file.status().startsWith("0x0000")) {
                lines.add("  not sent by dcmsend " + name + ": " + file.status()
                        + " (no SOP Class/Instance UID in the data set, or unreadable to dcmtk; see dcmsend's log)");
                continue;
            }
            // dcmsend sends the files in the order its report lists them, one association after the other
            Arrival arrival = arrivals.get(next++);
            List<DcmtkChange> changes = CHANGED_BY_DCMTK.getOrDefault(name, List.of());
            if (!changes.isEmpty() && compare(file, arrival, List.of()) == null) {
                failures.add(name + " is listed as changed by dcmtk " + changes + " but arrives unchanged");
            }
            String problem = compare(file, arrival, changes);
            if (problem != null) {
                failures.add(name + ": " + problem);
            } else if (!changes.isEmpty()) {
                changed++;
                lines.add("  changed by dcmtk " + name + ": " + changes);
            } else if (file.networkSyntax().equals(file.originalSyntax())) {
                identical++;
            } else {
                converted++;
                lines.add("  converted by dcmsend " + name + ": " + file.originalSyntax() + " sent as "
                        + file.networkSyntax() + ", same values");
            }
        }
        refused.forEach((file, reason) -> lines.add("  refused by dcmsend " + file + ": " + reason));
        writeReport(sent.size(), identical, converted, changed, lines, failures);

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(refusedByFerry.keySet()).as("files Ferry refused with 0xA900")
                .containsExactlyElementsOf(REFUSED_BY_FERRY.keySet());
        assertThat(serverLog).as("Ferry's log").isEmpty();
        assertThat(identical).as("files arriving identical in their own transfer syntax").isGreaterThanOrEqualTo(120);
        assertThat(failures).as("files not arriving identical").isEmpty();
    }

    /**
     * Null when the arrival is this file's data set, after the {@code changes} dcmtk makes: the same elements when
     * it came in the file's own transfer syntax; the same values when dcmsend converted it to another uncompressed
     * syntax (compared in Implicit VR Little Endian with defined lengths: no VRs, one byte order, one length
     * encoding). Otherwise what differs.
     */
    static String compare(Sent file, Arrival arrival, List<DcmtkChange> changes) throws IOException {
        DataSet original = DicomReader.read(Path.of(file.file()), ReadOptions.IN_MEMORY).dataSet();
        DicomFile copy = DicomReader.read(arrival.file(), ReadOptions.IN_MEMORY);
        DataSet received = copy.dataSet();
        changes.forEach(change -> change.apply(original, received));
        if (!arrival.transferSyntax().equals(file.networkSyntax())) {
            return "arrived in " + arrival.transferSyntax() + ", dcmsend says it sent " + file.networkSyntax();
        }
        if (!received.getString(Tags.SOPInstanceUID, "").equals(original.getString(Tags.SOPInstanceUID, ""))) {
            return "the object arriving in its place is another one, " + received.getString(Tags.SOPInstanceUID);
        }
        if (file.networkSyntax().equals(file.originalSyntax())) {
            return received.equals(original) ? null
                    : "arrived with another data set: " + firstDifference(original, received);
        }
        if (!TransferSyntax.of(file.networkSyntax()).uncompressed()
                || !TransferSyntax.of(file.originalSyntax()).uncompressed()) {
            return "sent in " + file.networkSyntax() + ", not its own " + file.originalSyntax();
        }
        return java.util.Arrays.equals(implicit(original), implicit(received)) ? null : "converted to "
                + file.networkSyntax() + " with other values: " + firstDifference(original, received);
    }

    static byte[] implicit(DataSet dataSet) throws IOException {
        definedLengths(dataSet);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ferry.core.io.DicomWriter.writeDataSet(out, dataSet, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        return out.toByteArray();
    }

    /** Sets every sequence and item to be written with defined lengths. */
    static void definedLengths(DataSet dataSet) {
        for (int i = 0; i < dataSet.size(); i++) {
            if (dataSet.valueAt(i) instanceof Sequence sequence) {
                sequence.setUndefinedLength(false);
                for (DataSet item : sequence.items()) {
                    item.setUndefinedLength(false);
                    definedLengths(item);
                }
            }
        }
    }

    /** The first element (by tag) missing, added or changed, for the report. */
    static String firstDifference(DataSet expected, DataSet actual) {
        int i = 0;
        int j = 0;
        while (i < expected.size() || j < actual.size()) {
            int a = i < expected.size() ? expected.tagAt(i) : -1;
            int b = j < actual.size() ? actual.tagAt(j) : -1;
            if (b == -1 || (a != -1 && Integer.compareUnsigned(a, b) < 0)) {
                return Tag.toString(a) + " " + expected.vrAt(i) + " " + expected.valueAt(i) + " is missing";
            }
            if (a == -1 || Integer.compareUnsigned(b, a) < 0) {
                return Tag.toString(b) + " " + actual.vrAt(j) + " " + actual.valueAt(j) + " was added";
            }
            if (expected.vrAt(i) != actual.vrAt(j) || !expected.valueAt(i).equals(actual.valueAt(j))) {
                return Tag.toString(a) + " " + expected.vrAt(i) + " " + expected.valueAt(i) + " became "
                        + actual.vrAt(j) + " " + actual.valueAt(j);
            }
            i++;
            j++;
        }
        return "none at the top level (in a sequence)";
    }

    private static final Pattern FIELD = Pattern.compile("^(Filename|SOP Instance|Original Xfer|Network Xfer|"
            + "DIMSE Status)\\s*: (.*?)(?: = .*)?$", Pattern.MULTILINE); // "UID = name": the UID

    /** The entries of dcmsend's report ({@code +crf}), one block per file, blank lines between. */
    static List<Sent> parseReport(String report) {
        List<Sent> sent = new ArrayList<>();
        for (String block : report.split("\\n\\s*\\n")) {
            Map<String, String> fields = new TreeMap<>();
            Matcher matcher = FIELD.matcher(block);
            while (matcher.find()) {
                fields.put(matcher.group(1), matcher.group(2));
            }
            if (fields.containsKey("Filename") && fields.containsKey("DIMSE Status")) {
                sent.add(new Sent(fields.get("Filename"), fields.get("SOP Instance"), fields.get("Original Xfer"),
                        fields.get("Network Xfer"), fields.get("DIMSE Status")));
            }
        }
        return sent;
    }

    private static final Pattern REFUSED = Pattern.compile(
            "cannot add DICOM file to the transfer list: " + Pattern.quote(PYDICOM_DATA.toString()) + "/(\\S+): (.*)");

    /** The files dcmsend would not send, with its reason. */
    static Map<String, String> refusals(String log) {
        Map<String, String> refused = new TreeMap<>();
        Matcher matcher = REFUSED.matcher(log);
        while (matcher.find()) {
            refused.put(matcher.group(1), matcher.group(2).strip());
        }
        return refused;
    }

    static void writeReport(int sent, int identical, int converted, int changed, List<String> lines,
                            List<String> failures) throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        List<String> out = new ArrayList<>();
        out.add("dcmsend → Ferry over pydicom's test files: " + sent + " in dcmsend's report, " + identical
                + " arrived identical in their own transfer syntax, " + converted + " converted by dcmsend, " + changed
                + " changed by dcmtk as listed");
        out.addAll(lines);
        failures.forEach(f -> out.add("  FAILED " + f));
        Files.write(target.resolve("dcmsend-pydicom-report.txt"), out, StandardCharsets.UTF_8);
        out.forEach(System.out::println);
    }
}
