package ferry.router.cli;

import ferry.router.database.Database;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.io.DataSetPrinter;
import ferry.core.io.TransferSyntax;
import ferry.core.json.DicomJsonWriter;
import ferry.core.tag.StandardDictionary;
import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.index.Handling;
import ferry.router.index.IndexCursor;
import ferry.router.index.IndexMatch;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexQueryException;
import ferry.router.index.IndexSearch;
import ferry.router.index.MeasureCondition;
import ferry.router.index.QueryLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;

/**
 * {@code ferry find --local}: a query of Ferry's own index (docs/index.md), printed as {@code ferry find} prints a
 * peer's matches (text, DICOM JSON), or as CSV, or counted by the values of some keys. At the IMAGE level each match
 * also says where the instance came from and went.
 */
final class LocalFind {
    /** How the matches are printed. */
    enum Format { TEXT, JSON, CSV }

    private static final List<String> HANDLING_HEADERS = List.of("ReceivedAt", "CallingAETitle", "CalledAETitle",
            "PeerAddress", "Routes", "Stored", "Destinations", "TransferSyntaxUID", "Size");
    private static final DicomJsonWriter JSON = DicomJsonWriter.DEFAULT.withPrettyPrint(true);

    private final ConfigOption config;
    private final CommandLine commandLine;

    LocalFind(ConfigOption config, CommandLine commandLine) {
        this.config = config;
        this.commandLine = commandLine;
    }

    /**
     * Runs the query, its matches also meeting {@code measures}, counting the matches by the values of
     * {@code countBy} when there are some; the exit code.
     */
    int run(QueryLevel level, DataSet identifier, List<MeasureCondition> measures, List<Integer> countBy,
            Format format, int limit, PrintWriter out, PrintWriter err) {
        List<Integer> counted = List.copyOf(countBy);
        for (int tag : counted) {
            if (!identifier.contains(tag)) {
                identifier.put(tag, StandardDictionary.vrOf(tag), Bytes.EMPTY);
            }
        }
        IndexQuery query;
        try {
            query = IndexQuery.of(level, identifier).withMeasures(measures);
        } catch (IndexQueryException e) {
            throw new BadValue(commandLine, e.getMessage());
        }
        Database journal;
        try {
            FerryConfig loaded = config.load();
            journal = loaded.journalDatabase();
        } catch (IOException | ConfigException e) {
            err.println("ferry find: " + e.getMessage());
            return 1;
        }
        long start = System.nanoTime();
        long matches = 0;
        Map<List<String>, Long> counts = new TreeMap<>(LocalFind::compareLists);
        try (IndexCursor cursor = new IndexSearch(journal).open(query)) {
            if (counted.isEmpty()) {
                begin(format, query, out);
            }
            while ((limit == 0 || matches < limit) && cursor.hasNext()) {
                IndexMatch match = cursor.next();
                matches++;
                if (counted.isEmpty()) {
                    print(format, query, match, matches, out);
                } else {
                    List<String> values = new ArrayList<>(counted.size());
                    for (int tag : counted) {
                        values.add(String.join("\\", match.attributes().getStrings(tag)));
                    }
                    counts.merge(values, 1L, Long::sum);
                }
            }
            if (counted.isEmpty()) {
                end(format, matches, out);
            } else {
                printCounts(format, counted, counts, out);
            }
        } catch (IOException | UncheckedIOException e) {
            out.flush();
            err.println("ferry find: " + e.getMessage());
            return 1;
        }
        PrintWriter summary = format == Format.TEXT ? out : err;
        summary.printf(Locale.ROOT, "ferry find: %d match%s in the index %s (%s level)%s%s (%.2f s)%n", matches,
                matches == 1 ? "" : "es", journal, level, limit > 0 && matches >= limit ? ", stopped at --limit" : "",
                counted.isEmpty() ? "" : ", " + counts.size() + " group" + (counts.size() == 1 ? "" : "s"),
                (System.nanoTime() - start) / 1e9);
        out.flush();
        err.flush();
        return 0;
    }

    private static void begin(Format format, IndexQuery query, PrintWriter out) {
        if (format == Format.JSON) {
            out.print("[");
        } else if (format == Format.CSV) {
            List<String> headers = new ArrayList<>();
            for (int tag : query.keyTags()) {
                headers.add(StandardDictionary.keywordOf(tag));
            }
            if (query.level() == QueryLevel.IMAGE) {
                headers.addAll(HANDLING_HEADERS);
            }
            out.println(csvLine(headers));
        }
    }

    private static void end(Format format, long matches, PrintWriter out) {
        if (format == Format.JSON) {
            out.println(matches == 0 ? "]" : "\n]");
        }
    }

    private static void print(Format format, IndexQuery query, IndexMatch match, long number, PrintWriter out)
            throws IOException {
        switch (format) {
            case JSON -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
                JSON.write(match.attributes(), bytes);
                out.print(number == 1 ? "\n" : ",\n");
                out.print(bytes.toString(StandardCharsets.UTF_8));
            }
            case CSV -> {
                List<String> values = new ArrayList<>();
                for (int tag : query.keyTags()) {
                    values.add(String.join("\\", match.attributes().getStrings(tag)));
                }
                if (match.handling() != null) {
                    Handling handling = match.handling();
                    values.addAll(List.of(handling.receivedAt().toString(), handling.callingAeTitle(),
                            handling.calledAeTitle(), handling.peerAddress(), String.join(";", handling.routes()),
                            String.join(";", handling.stored()), String.join(";", handling.destinations()),
                            handling.transferSyntaxUid(), Long.toString(handling.size())));
                }
                out.println(csvLine(values));
            }
            case TEXT -> {
                out.println("# match " + number);
                DataSetPrinter.standard().print(match.attributes(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, out);
                if (match.handling() != null) {
                    Handling handling = match.handling();
                    if (handling.received()) {
                        out.println("# received " + handling.receivedAt() + " from " + handling.callingAeTitle()
                                + " (" + handling.peerAddress() + ") by " + handling.calledAeTitle() + ", route"
                                + (handling.routes().size() == 1 ? " " : "s ") + (handling.routes().isEmpty()
                                ? "(none: unrouted)" : String.join(", ", handling.routes())) + ", "
                                + handling.size() + " bytes");
                    } else {
                        out.println("# indexed from a file (ferry index) modified " + handling.receivedAt()
                                + (handling.callingAeTitle().isEmpty() ? "" : ", sent by "
                                + handling.callingAeTitle()) + ", " + handling.size() + " bytes");
                    }
                    for (String file : handling.stored()) {
                        out.println("# stored " + file);
                    }
                    for (String destination : handling.destinations()) {
                        out.println("# forwarded to " + destination);
                    }
                }
            }
            default -> throw new IllegalStateException(format.name());
        }
    }

    private static void printCounts(Format format, List<Integer> tags, Map<List<String>, Long> counts,
                                    PrintWriter out) {
        List<String> names = tags.stream().map(StandardDictionary::keywordOf).toList();
        if (format == Format.JSON) {
            out.println("[");
            int i = 0;
            for (Map.Entry<List<String>, Long> group : counts.entrySet()) {
                StringBuilder line = new StringBuilder("  {");
                for (int k = 0; k < names.size(); k++) {
                    line.append(jsonString(names.get(k))).append(": ").append(jsonString(group.getKey().get(k)))
                            .append(", ");
                }
                line.append("\"count\": ").append(group.getValue()).append('}');
                out.println(line + (++i < counts.size() ? "," : ""));
            }
            out.println("]");
            return;
        }
        List<String> header = new ArrayList<>(names);
        header.add("count");
        if (format == Format.CSV) {
            out.println(csvLine(header));
            counts.forEach((values, count) -> {
                List<String> line = new ArrayList<>(values);
                line.add(count.toString());
                out.println(csvLine(line));
            });
            return;
        }
        int[] widths = new int[header.size()];
        for (int k = 0; k < header.size(); k++) {
            widths[k] = header.get(k).length();
        }
        counts.forEach((values, count) -> {
            for (int k = 0; k < values.size(); k++) {
                widths[k] = Math.max(widths[k], values.get(k).length());
            }
            widths[values.size()] = Math.max(widths[values.size()], count.toString().length());
        });
        out.println(row(header, widths));
        counts.forEach((values, count) -> {
            List<String> line = new ArrayList<>(values);
            line.add(count.toString());
            out.println(row(line, widths));
        });
    }

    private static String row(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < cells.size(); k++) {
            String cell = cells.get(k).isEmpty() && k < cells.size() - 1 ? "(none)" : cells.get(k);
            line.append(k == 0 ? "" : "  ").append(k == cells.size() - 1
                    ? " ".repeat(Math.max(0, widths[k] - cell.length())) + cell
                    : cell + " ".repeat(Math.max(0, widths[k] - cell.length())));
        }
        return line.toString().stripTrailing();
    }

    /** A CSV line (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled. */
    static String csvLine(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            if (i > 0) {
                line.append(',');
            }
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                    || field.indexOf('\r') >= 0) {
                line.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                line.append(field);
            }
        }
        return line.toString();
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static int compareLists(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = a.get(i).compareTo(b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
