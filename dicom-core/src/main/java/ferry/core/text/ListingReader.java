package ferry.core.text;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.data.ValueRules;
import ferry.core.tag.DictionaryEntry;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a text listing of a DICOM object — what {@code ferry dump} prints, what dcmtk's dcmdump prints and
 * dump2dcm reads, or lines written by hand in either form — into its file meta elements and data set, with every
 * problem found, each at its line.
 *
 * <p>One line per element: {@code (gggg,eeee) VR value}, optionally followed by {@code # ...} (ignored but for the
 * {@code u/l} of a {@code # length, VM Keyword} comment). The tag may be written as a keyword ({@code PatientID});
 * the VR may be left out for elements of the dictionary. Values:
 * <ul>
 *   <li>text between {@code [} and {@code ]}, several values separated by {@code \}; without spaces it may be
 *       written bare. Character references such as {@code &#13;} stand for control characters.</li>
 *   <li>UIDs also as {@code =Name}: dcmtk's names ({@code =LittleEndianExplicit}) or DICOM keywords
 *       ({@code =ExplicitVRLittleEndian}).</li>
 *   <li>US, SS, UL, SL, UV, SV, FL, FD as decimal numbers, AT as {@code (gggg,eeee)}, separated by {@code \}.</li>
 *   <li>OB, OW, UN as hexadecimal bytes and words ({@code 00\01}, {@code 0001\fffe}); OF, OD, OL, OV as decimal
 *       numbers (dcmdump's form) or, in ferry dump's listings, hexadecimal units; OB and OW also as
 *       {@code =FILE}, the bytes of a file (relative to {@link #withFilesFrom the listing's folder}).</li>
 *   <li>{@code (no value available)}, or nothing, for an empty value.</li>
 * </ul>
 * Sequences, items and encapsulated pixel data nest by indentation or by item and delimiter lines
 * ({@link ListingTree}). An element given twice in one data set takes the later line's value, with a warning.
 *
 * <p>Which lister wrote the listing is told by its heading comments: dcmdump's ({@code # Dicom-File-Format},
 * {@code # Dicom-Data-Set}) mean that text values are the value bytes as they are in the file (dcmdump prints them
 * undecoded unless {@code +U8}, which also rewrites (0008,0005)); any other listing is UTF-8 text, whose values
 * are encoded with the Specific Character Set of their data set — ISO_IR 192 (UTF-8) is declared, with a warning,
 * when non-ASCII text needs a character set and none is declared.
 *
 * <p>Values are checked against the rules of their VR ({@link ValueRules}); a value that breaks one, a VR that is
 * not the dictionary's, an unknown VR where the dictionary knows the right one, and a private element without its
 * private creator (PS3.5 §7.8.1) are {@link ListingProblem.Kind#BROKEN_RULE broken rules}: errors, or warnings when
 * reading {@link #lenient leniently}, which writes such values as listed (an unknown VR as the dictionary's).
 *
 * <p>Immutable and thread-safe.
 */
public final class ListingReader {
    /** Strict; {@code =FILE} values relative to the working directory. */
    public static final ListingReader DEFAULT = new ListingReader(false, Path.of(""));

    private final boolean lenient;
    private final Path files;

    private ListingReader(boolean lenient, Path files) {
        this.lenient = lenient;
        this.files = files;
    }

    /** This reader, turning broken rules into warnings (and writing such values as listed) when {@code lenient}. */
    public ListingReader lenient(boolean lenient) {
        return new ListingReader(lenient, files);
    }

    /** This reader, reading {@code =FILE} values relative to {@code directory} (the listing's folder). */
    public ListingReader withFilesFrom(Path directory) {
        return new ListingReader(lenient, directory);
    }

    /** Who wrote a listing, told by its heading comments. */
    private enum Dialect {
        /** ferry dump: UTF-8, OF/OD/OL/OV in hexadecimal units. */
        FERRY,
        /** dcmdump: values are the bytes of the file; OF/OD/OL/OV decimal; XML entities of +Qn. */
        DCMTK,
        /** By hand: UTF-8 text. */
        PLAIN
    }

    /** Reads a listing from its bytes; never throws for bad input, which is reported in the result. */
    public Listing read(byte[] text) {
        List<byte[]> lines = lines(text);
        Dialect dialect = dialect(lines);
        Run run = new Run(dialect);
        for (int i = 0; i < lines.size(); i++) {
            byte[] bytes = lines.get(i);
            String line;
            if (dialect == Dialect.DCMTK) {
                line = new String(bytes, StandardCharsets.ISO_8859_1);
            } else {
                try {
                    line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes))
                            .toString();
                } catch (CharacterCodingException e) {
                    run.problem(i + 1, ListingProblem.Kind.ERROR, "the line is not UTF-8 text; a listing is read as "
                            + "UTF-8, except dcmdump's (with its '# Dicom-File-Format' heading), whose values are "
                            + "the bytes they are");
                    continue;
                }
            }
            run.line(i + 1, line);
        }
        return run.finish();
    }

    /** The lines without their line ends (LF or CR LF), and without a UTF-8 byte order mark. */
    private static List<byte[]> lines(byte[] text) {
        List<byte[]> lines = new ArrayList<>();
        int start = text.length >= 3 && (text[0] & 0xFF) == 0xEF && (text[1] & 0xFF) == 0xBB
                && (text[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i <= text.length; i++) {
            if (i == text.length || text[i] == '\n') {
                int end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                if (i < text.length || end > start) {
                    lines.add(Arrays.copyOfRange(text, start, end));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static Dialect dialect(List<byte[]> lines) {
        for (byte[] bytes : lines) {
            String line = new String(bytes, StandardCharsets.ISO_8859_1).strip();
            if (line.startsWith("# Dicom-File-Format") || line.startsWith("# Dicom-Data-Set")
                    || line.startsWith("# Dicom-Meta-Information-Header") || line.startsWith("# Used TransferSyntax")) {
                return Dialect.DCMTK;
            }
            if (line.startsWith("# File meta information") || line.startsWith("# Data set (")) {
                return Dialect.FERRY;
            }
        }
        return Dialect.PLAIN;
    }

    /** A text value whose encoding waits until every (0008,0005) of the listing is known. */
    private record PendingText(DataSet target, int tag, Vr vr, String text, int line) {
    }

    /** Where an element of a data set was given. */
    private record Given(int line, PendingText pending) {
    }

    /** One reading of one listing. */
    private final class Run {
        private final Dialect dialect;
        private final DataSet meta = new DataSet();
        private final DataSet root = new DataSet();
        private final ListingTree tree = new ListingTree(root);
        private final List<ListingProblem> problems = new ArrayList<>();
        private final Map<DataSet, Map<Integer, Given>> given = new IdentityHashMap<>();
        private int fileHeadings;
        private int charsetLine;

        Run(Dialect dialect) {
            this.dialect = dialect;
        }

        void problem(int line, ListingProblem.Kind kind, String message) {
            problems.add(new ListingProblem(line, kind, message));
        }

        /** A broken rule: an error, or a warning when reading leniently. */
        private void broken(int line, String message) {
            problem(line, lenient ? ListingProblem.Kind.WARNING : ListingProblem.Kind.BROKEN_RULE, message);
        }

        void line(int number, String text) {
            String stripped = text.strip();
            if (stripped.isEmpty()) {
                return;
            }
            if (stripped.startsWith("#")) {
                comment(number, stripped);
                return;
            }
            try {
                element(ListingLine.parse(number, text));
            } catch (ListingLine.Malformed e) {
                problem(number, ListingProblem.Kind.ERROR, e.getMessage());
            }
        }

        private void comment(int number, String text) {
            if (text.startsWith("# FILE:") || text.startsWith("# Dicom-File-Format")) {
                if (++fileHeadings == 2) {
                    problem(number, ListingProblem.Kind.ERROR, "a second file's listing starts here; a listing "
                            + "makes one object: list one file at a time");
                }
            } else if (text.startsWith("# reading stopped early")) {
                problem(number, ListingProblem.Kind.WARNING, "the lister stopped reading the file here (ferry dump "
                        + "--header-only?): the elements after it, such as Pixel Data, are not in the listing");
            }
        }

        private void element(ListingLine line) throws ListingLine.Malformed {
            int tag = line.tag();
            if (tag == Tag.ITEM) {
                item(line);
                return;
            }
            if (tag == Tag.ITEM_DELIMITATION) {
                tree.itemDelimiter(line.indent());
                return;
            }
            if (tag == Tag.SEQUENCE_DELIMITATION) {
                tree.sequenceDelimiter(line.indent());
                return;
            }
            if (Tag.group(tag) == 0xFFFE) {
                throw new ListingLine.Malformed(Tag.toString(tag) + " is no element, item or delimiter tag");
            }
            Vr vr = vr(line);
            String written = line.value();
            if (vr == null) {
                vr = StandardDictionary.vrOf(tag);
                written = line.vr() + " " + line.value();
            }
            ValueText value = ValueText.of(written, vr == Vr.UI);
            DataSet target = tree.elementTarget(line.indent());
            if (Tag.group(tag) == 0x0002) {
                if (tree.nested()) {
                    throw new ListingLine.Malformed("file meta elements (0002,xxxx) belong at the top level, not in "
                            + "an item");
                }
                target = meta;
            }
            String marker = value.form() == ValueText.Form.MARKER ? value.text() : "";
            if (vr == Vr.SQ || marker.startsWith("(Sequence")) {
                sequence(line, tag, vr, value, target);
            } else if (marker.startsWith("(Encapsulated pixel data") || marker.startsWith("(PixelSequence")) {
                if (vr != Vr.OB && vr != Vr.OW) {
                    throw new ListingLine.Malformed("encapsulated pixel data is OB (or OW), not " + vr);
                }
                Fragments fragments = new Fragments();
                put(line, target, tag, vr, fragments, null);
                tree.openFragments(line.indent(), fragments);
            } else {
                try {
                    value(line, target, tag, vr, value);
                } catch (ListingLine.Malformed e) {
                    throw new ListingLine.Malformed(name(tag) + ": " + e.getMessage());
                }
            }
        }

        private void sequence(ListingLine line, int tag, Vr vr, ValueText value, DataSet target)
                throws ListingLine.Malformed {
            if (vr != Vr.SQ && vr != Vr.UN) {
                throw new ListingLine.Malformed("a sequence's VR is SQ (or UN), not " + vr);
            }
            if (value.form() != ValueText.Form.EMPTY && !value.text().startsWith("(Sequence")) {
                throw new ListingLine.Malformed("a sequence line holds no value ('" + ListingLine.shorten(value.text())
                        + "'): its items follow on (FFFE,E000) lines");
            }
            Sequence sequence = new Sequence(target, false);
            put(line, target, tag, vr, sequence, null);
            tree.openSequence(line.indent(), sequence, declaredUndefined(line, value.text()));
        }

        private void item(ListingLine line) throws ListingLine.Malformed {
            Fragments fragments = tree.itemLine(line.indent());
            if (fragments == null) {
                tree.openItem(line.indent(), declaredUndefined(line, line.value()));
                return;
            }
            ValueText value = ValueText.of(line.value(), false);
            byte[] bytes = switch (value.form()) {
                case EMPTY -> new byte[0];
                case NAMED -> file(value.text());
                case MARKER -> throw new ListingLine.Malformed(notListed(value.text()));
                default -> {
                    if (value.cut()) {
                        throw new ListingLine.Malformed(cut());
                    }
                    yield ValueText.hex(Vr.OB, value.text());
                }
            };
            fragments.add(new Bytes(bytes));
        }

        /** What the listing says of a sequence's or item's length: dcmdump's words, else the {@code u/l} comment. */
        private Boolean declaredUndefined(ListingLine line, String text) {
            if (text.contains("undefined length")) {
                return true;
            }
            if (text.contains("explicit length")) {
                return false;
            }
            return line.undefinedLength();
        }

        /**
         * The VR of an element line: as written, or the dictionary's when the line gives none; null when what looks
         * like a VR is no VR but the line's whole value ({@code (0008,0060) CT}).
         */
        private Vr vr(ListingLine line) throws ListingLine.Malformed {
            int tag = line.tag();
            Optional<DictionaryEntry> entry = Tag.isPrivate(tag) && !Tag.isPrivateCreator(tag) ? Optional.empty()
                    : StandardDictionary.entry(tag);
            String token = line.vr();
            String element = Tag.toString(tag) + entry.map(e -> e.keyword().isEmpty() ? "" : " " + e.keyword())
                    .orElse("");
            if (token == null || token.equals("ox") || token.equals("xs") || token.equals("lt")
                    || token.equals("px")) {
                return entry.map(DictionaryEntry::vr).orElseThrow(() -> new ListingLine.Malformed(
                        element + " is not in the dictionary: give its VR, as in " + Tag.toString(tag) + " OB 00\\01"));
            }
            switch (token) {
                case "??" -> {
                    return Vr.UN;
                }
                case "up" -> {
                    return Vr.UL;
                }
                case "na", "pi" -> throw new ListingLine.Malformed("'" + token + "' is for item and delimiter "
                        + "lines (FFFE,xxxx), not for " + element);
                default -> {
                    // a VR, checked below
                }
            }
            Vr vr;
            try {
                vr = Vr.valueOf(token);
            } catch (IllegalArgumentException e) {
                if (entry.isPresent() && (line.value().isEmpty() || line.value().startsWith("#"))) {
                    return null; // (0008,0060) CT: no VR but a value of two letters
                }
                if (entry.isEmpty()) {
                    throw new ListingLine.Malformed("'" + token + "' is not a VR (PS3.5 §6.2); text values go "
                            + "between [ and ]");
                }
                Vr known = entry.get().vr();
                broken(line.number(), "'" + token + "' is not a VR (PS3.5 §6.2); " + element + " is " + known
                        + (lenient ? ": written as " + known : ": write " + known));
                return entry.get().vr();
            }
            return vr;
        }

        private void value(ListingLine line, DataSet target, int tag, Vr vr, ValueText value)
                throws ListingLine.Malformed {
            if (value.cut()) {
                throw new ListingLine.Malformed(cut());
            }
            byte[] bytes;
            switch (value.form()) {
                case EMPTY -> bytes = new byte[0];
                case MARKER -> {
                    if (vr != Vr.AT) {
                        throw new ListingLine.Malformed(notListed(value.text()));
                    }
                    bytes = ValueText.tags(value.text());
                }
                case NAMED -> {
                    if (vr == Vr.UI) {
                        bytes = padded(ValueText.uid(value.text()).getBytes(StandardCharsets.US_ASCII), vr);
                    } else if (vr.kind() == Vr.Kind.BULK) {
                        bytes = file(value.text());
                    } else {
                        throw new ListingLine.Malformed("=" + value.text() + " names a UID (for UI) or a file (for OB, "
                                + "OW and the other binary VRs), not a " + vr + " value");
                    }
                }
                default -> {
                    switch (vr.kind()) {
                        case TEXT -> {
                            text(line, target, tag, vr, ValueText.decodeReferences(value.text(),
                                    dialect == Dialect.DCMTK));
                            return;
                        }
                        case BINARY -> bytes = vr == Vr.AT ? ValueText.tags(value.text())
                                : ValueText.numbers(vr, value.text());
                        case BULK -> bytes = binary(vr, value.text());
                        default -> throw new ListingLine.Malformed("a sequence line holds no value");
                    }
                }
            }
            put(line, target, tag, vr, new Bytes(bytes), null);
        }

        private byte[] binary(Vr vr, String text) throws ListingLine.Malformed {
            boolean words = vr == Vr.OF || vr == Vr.OD || vr == Vr.OL || vr == Vr.OV;
            if (words && !(dialect == Dialect.FERRY && ValueText.looksLikeHexUnits(vr, text))) {
                return ValueText.numbers(vr, text);
            }
            return ValueText.hex(vr, text);
        }

        private void text(ListingLine line, DataSet target, int tag, Vr vr, String text) throws ListingLine.Malformed {
            if (vr.usesCharacterSet()) {
                PendingText pending = new PendingText(target, tag, vr, text, line.number());
                put(line, target, tag, vr, Bytes.EMPTY, pending);
                return;
            }
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) > 0xFF) {
                    throw new ListingLine.Malformed("'" + text.charAt(i) + "' cannot be written in a " + vr
                            + " value, which holds ASCII (PS3.5 §6.2)");
                }
            }
            if (tag == Tag.SPECIFIC_CHARACTER_SET) {
                charsetLine = line.number();
            }
            put(line, target, tag, vr, new Bytes(padded(text.getBytes(StandardCharsets.ISO_8859_1), vr)), null);
        }

        private void put(ListingLine line, DataSet target, int tag, Vr vr, Value value, PendingText pending) {
            Map<Integer, Given> lines = given.computeIfAbsent(target, k -> new HashMap<>());
            Given before = lines.put(tag, new Given(line.number(), pending));
            if (before != null) {
                problem(line.number(), ListingProblem.Kind.WARNING, name(tag) + " was given on line "
                        + before.line() + " already; this line's value is used");
            }
            target.put(tag, vr, value);
        }

        private byte[] file(String name) throws ListingLine.Malformed {
            Path file = files.resolve(name);
            try {
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new ListingLine.Malformed("cannot read the value from " + file + ": no such file");
            } catch (IOException | OutOfMemoryError e) {
                throw new ListingLine.Malformed("cannot read the value from " + file + ": "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }

        private String cut() {
            return dialect == Dialect.DCMTK
                    ? "dcmdump cut this value short (it ends in '...'): list the file with dcmdump +L"
                    : "the value was cut short (it ends in '...'): list the file with ferry dump --width 0";
        }

        private String notListed(String marker) {
            if (marker.startsWith("<bulk data")) {
                return "ferry dump left this value in the file (" + marker + "): list the file with ferry dump "
                        + "--width 0, or give the bytes from a file with =FILE";
            }
            return "unexpected '" + ListingLine.shorten(marker) + "' for a value";
        }

        Listing finish() {
            tree.finish();
            encodeTexts();
            for (DataSet dataSet : List.of(meta, root)) {
                for (ValueRules.Breach breach : ValueRules.check(dataSet)) {
                    Given where = given.getOrDefault(breach.dataSet(), Map.of()).get(breach.tag());
                    broken(where == null ? 0 : where.line(), breach.message());
                }
            }
            problems.sort(Comparator.comparingInt(ListingProblem::line));
            return new Listing(meta, root, problems);
        }

        /** Encodes the text values of SH, LO, ST, LT, UC, UT and PN in their data set's character set. */
        private void encodeTexts() {
            List<PendingText> pending = new ArrayList<>();
            for (Map<Integer, Given> elements : given.values()) {
                for (Given g : elements.values()) {
                    if (g.pending() != null) {
                        pending.add(g.pending());
                    }
                }
            }
            pending.sort(Comparator.comparingInt(PendingText::line));
            boolean raw = dialect == Dialect.DCMTK;
            if (!raw) {
                pending.stream().filter(p -> !p.text().chars().allMatch(c -> c < 0x80) && !declared(p.target()))
                        .findFirst().ifPresent(p -> {
                            root.setString(Tag.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192");
                            problem(p.line(), ListingProblem.Kind.WARNING, "non-ASCII text and no Specific "
                                    + "Character Set (0008,0005): declared ISO_IR 192 (UTF-8)");
                        });
            }
            for (PendingText p : pending) {
                var characterSet = p.target().characterSet();
                byte[] bytes;
                if (raw) {
                    bytes = p.text().getBytes(StandardCharsets.ISO_8859_1);
                } else {
                    bytes = characterSet.encode(p.text(), p.vr());
                    String text = p.text();
                    if (!characterSet.decode(bytes, 0, bytes.length, p.vr()).equals(text)) {
                        problem(p.line(), ListingProblem.Kind.ERROR, "'" + ListingLine.shorten(text) + "' cannot be "
                                + "written in the character set " + (characterSet.isDefault() ? "ISO_IR 6 (ASCII)"
                                : "'" + characterSet + "'") + " of its data set" + (charsetLine > 0
                                ? " (Specific Character Set on line " + charsetLine + ")" : ""));
                        continue;
                    }
                }
                p.target().put(p.tag(), p.vr(), new Bytes(padded(bytes, p.vr())));
            }
        }

        /** Whether a data set or one holding it declares a Specific Character Set other than the default. */
        private boolean declared(DataSet dataSet) {
            for (DataSet d = dataSet; d != null; d = d.parent()) {
                byte[] value = d.getBytes(Tag.SPECIFIC_CHARACTER_SET);
                if (value != null && new String(value, StandardCharsets.ISO_8859_1).strip().length() > 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code (0010,0020) PatientID}, or the tag alone when it has no keyword. */
    private static String name(int tag) {
        String keyword = StandardDictionary.keywordOf(tag);
        return Tag.toString(tag) + (keyword.isEmpty() ? "" : " " + keyword);
    }

    private static byte[] padded(byte[] bytes, Vr vr) {
        if (bytes.length % 2 == 0) {
            return bytes;
        }
        byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
        out[bytes.length] = vr.padding();
        return out;
    }
}
