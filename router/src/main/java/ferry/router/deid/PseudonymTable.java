package ferry.router.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pseudonyms of a project: original Patient ID to pseudonym ID and, optionally, pseudonym name, read from a CSV
 * file of lines {@code original,pseudonym-id[,pseudonym-name]} (RFC 4180 quoting; lines starting with {@code #} and
 * a header line whose first cell is {@code PatientID} or {@code original} are skipped).
 */
public record PseudonymTable(Map<String, Pseudonym> byPatientId) {
    /** No pseudonyms: every patient gets a derived one. */
    public static final PseudonymTable EMPTY = new PseudonymTable(Map.of());

    /**
     * A pseudonym.
     *
     * @param id   the Patient ID written into the object
     * @param name the Patient's Name written into the object; null to use the ID
     */
    public record Pseudonym(String id, String name) {
    }

    public PseudonymTable {
        byPatientId = Map.copyOf(byPatientId);
    }

    /** The pseudonym of {@code patientId}, if the table has one. */
    public Optional<Pseudonym> lookup(String patientId) {
        return Optional.ofNullable(byPatientId.get(patientId));
    }

    public int size() {
        return byPatientId.size();
    }

    /**
     * Reads {@code file}; every line that is not a valid row is named in {@code problems} (as {@code line N: …}) and
     * left out.
     */
    public static PseudonymTable read(Path file, List<String> problems) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Pseudonym> rows = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = cells(line);
            String where = "line " + (i + 1) + ": ";
            if (cells == null) {
                problems.add(where + "unbalanced quotes");
                continue;
            }
            String first = cells.get(0).strip();
            if (rows.isEmpty() && (first.equalsIgnoreCase("PatientID") || first.equalsIgnoreCase("original"))) {
                continue;
            }
            if (cells.size() < 2 || cells.size() > 3) {
                problems.add(where + "expected original,pseudonym-id[,pseudonym-name], found " + cells.size()
                        + " cell(s)");
                continue;
            }
            String id = cells.get(1).strip();
            String name = cells.size() == 3 && !cells.get(2).isBlank() ? cells.get(2).strip() : null;
            if (first.isEmpty() || id.isEmpty()) {
                problems.add(where + "the original and the pseudonym ID must not be empty");
            } else if (id.length() > 64 || id.contains("\\") || (name != null && name.contains("\\"))) {
                problems.add(where + "a pseudonym ID has at most 64 characters and no backslash (VR LO)");
            } else if (rows.putIfAbsent(first, new Pseudonym(id, name)) != null) {
                problems.add(where + "Patient ID '" + first + "' is listed twice");
            }
        }
        return new PseudonymTable(rows);
    }

    /** The cells of one CSV line, or null when its quotes do not close. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cell.toString());
        return cells;
    }
}
