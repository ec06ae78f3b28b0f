package ferry.router.deid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PS3.15 Table E.1-1, Application Level Confidentiality Profile Attributes, as published in PS3.15 2021b: the rows are
 * kept in the resource {@value #RESOURCE}, whose header says where they come from and how they were checked. The
 * newer editions up to our PS3.6 2022b dictionary were not at hand whole; what they added are mostly date and time
 * attributes, which {@link Deidentifier} treats by VR as the table's note 4 allows.
 */
public final class ProfileTable {
    /** The resource holding the rows. */
    public static final String RESOURCE = "table-e1-1-2021b.tsv";
    /** The edition the rows come from. */
    public static final String EDITION = "2021b";

    private static final Pattern TAG = Pattern.compile("\\(([0-9A-Fa-fx]{4}),([0-9A-Fa-fx]{4})\\)");
    private static final ProfileTable STANDARD = load();

    private final List<ProfileRow> rows;
    private final Map<Integer, ProfileRow> byTag = new HashMap<>();
    private final List<ProfileRow> repeating = new ArrayList<>();
    private final ProfileRow privateRow;

    private ProfileTable(List<ProfileRow> rows) {
        this.rows = List.copyOf(rows);
        ProfileRow privateAttributes = null;
        for (ProfileRow row : rows) {
            if (row.isPrivate()) {
                privateAttributes = row;
            } else if (row.mask() == 0xFFFFFFFF) {
                byTag.put(row.tag(), row);
            } else {
                repeating.add(row);
            }
        }
        this.privateRow = privateAttributes;
    }

    /** The table of PS3.15 2021b. */
    public static ProfileTable standard() {
        return STANDARD;
    }

    /** Every row, in the standard's order. */
    public List<ProfileRow> rows() {
        return rows;
    }

    /** The row of a standard (even group) tag, or null when the table does not list it. */
    public ProfileRow row(int tag) {
        ProfileRow row = byTag.get(tag);
        if (row != null) {
            return row;
        }
        for (ProfileRow candidate : repeating) {
            if (candidate.matches(tag)) {
                return candidate;
            }
        }
        return null;
    }

    /** The row of private attributes (odd groups). */
    public ProfileRow privateRow() {
        return privateRow;
    }

    private static ProfileTable load() {
        try (InputStream in = ProfileTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<ProfileRow> rows = new ArrayList<>();
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                rows.add(parse(line, number));
            }
            return new ProfileTable(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static ProfileRow parse(String line, int number) {
        String[] cells = line.split("\t", -1);
        ProfileOption[] columns = ProfileOption.values();
        if (cells.length != columns.length + 3) {
            throw new IllegalStateException(RESOURCE + " line " + number + ": expected " + (columns.length + 3)
                    + " cells, found " + cells.length);
        }
        Map<ProfileOption, ProfileAction> options = new EnumMap<>(ProfileOption.class);
        for (int i = 0; i < columns.length; i++) {
            String cell = cells[i + 2];
            if (!cell.equals("-")) {
                options.put(columns[i], ProfileAction.of(cell));
            }
        }
        String name = cells[cells.length - 1];
        ProfileAction basic = ProfileAction.of(cells[1]);
        if (cells[0].equals("(gggg,eeee)")) {
            return new ProfileRow(0, 0, name, basic, options);
        }
        Matcher tag = TAG.matcher(cells[0]);
        if (!tag.matches()) {
            throw new IllegalStateException(RESOURCE + " line " + number + ": not a tag: " + cells[0]);
        }
        String digits = tag.group(1) + tag.group(2);
        int value = 0;
        int mask = 0;
        for (char c : digits.toCharArray()) {
            value <<= 4;
            mask <<= 4;
            if (c != 'x') {
                value |= Character.digit(c, 16);
                mask |= 0xF;
            }
        }
        return new ProfileRow(value, mask, name, basic, options);
    }
}
