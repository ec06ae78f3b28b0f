package ferry.router.index;

import ferry.core.data.DataSet;
import ferry.core.data.ValueFormatException;
import ferry.router.database.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link IndexQuery} as SQL: the level's table joined with those above it, and a WHERE clause that narrows the
 * rows with what SQL can decide on the indexed columns: equality and lists of values (UIDs, codes, IDs, numbers),
 * wild cards (case-sensitive, as C.2.2.2.4 asks: {@link #pattern}), date ranges (text ranges of YYYYMMDD), person
 * names (their folded column); and the {@link MeasureCondition}s, decided in SQL only. It selects at least every row
 * that matches: {@link IndexCursor} checks each with the C-FIND matching itself, and drops the rest (times, and names
 * whose component groups differ, are decided there only). The same rows on SQLite and PostgreSQL: the two texts differ
 * only in the pattern match and the measurements' case-blind names (see {@link #measure}).
 *
 * @param sql        the SELECT
 * @param parameters its parameters, in order
 */
record SqlFilter(String sql, List<Object> parameters) {

    /** Tables by level, each joined to its parent. */
    private static final String PATIENTS = "index_patient p";
    private static final String STUDIES = "index_study st JOIN index_patient p ON p.id = st.patient_ref";
    private static final String SERIES = "index_series se JOIN index_study st ON st.id = se.study_ref"
            + " JOIN index_patient p ON p.id = st.patient_ref";
    private static final String INSTANCES = "index_instance i JOIN index_series se ON se.id = i.series_ref"
            + " JOIN index_study st ON st.id = se.study_ref JOIN index_patient p ON p.id = st.patient_ref";
    /** The table of each level, and the column of its rows that refers to the parent's row (none for PATIENT). */
    private static final Map<QueryLevel, String> TABLES = Map.of(QueryLevel.PATIENT, "index_patient",
            QueryLevel.STUDY, "index_study", QueryLevel.SERIES, "index_series", QueryLevel.IMAGE, "index_instance");
    private static final Map<QueryLevel, String> PARENT_REFS = Map.of(QueryLevel.STUDY, "patient_ref",
            QueryLevel.SERIES, "study_ref", QueryLevel.IMAGE, "series_ref");
    /** What the IMAGE level selects after the keys: the {@link Handling}. */
    static final String HANDLING_COLUMNS = "i.received_at, i.calling_ae_title, i.called_ae_title, i.peer_address,"
            + " i.routes, i.stored, i.destinations, i.transfer_syntax_uid, i.size, i.object_id";
    private static final Set<String> WILDCARD_VRS = Set.of("AE", "CS", "LO", "LT", "PN", "SH", "ST", "UC", "UR",
            "UT");

    /**
     * The SQL of {@code query} on {@code dialect}: it selects the {@link IndexQuery#columns} of the query, in that
     * order; {@code ordered}, the rows in the order of their level's ids (the order they were first indexed in), the
     * same on both engines, for pages read by separate queries; else in the order the engine finds them (no sort
     * before the first row: a C-FIND streams).
     */
    static SqlFilter of(IndexQuery query, SqlDialect dialect, boolean ordered) {
        List<IndexKey> columns = query.columns();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).column());
        }
        if (query.level() == QueryLevel.IMAGE) {
            sql.append(", ").append(HANDLING_COLUMNS);
        }
        sql.append(" FROM ").append(switch (query.level()) {
            case PATIENT -> PATIENTS;
            case STUDY -> STUDIES;
            case SERIES -> SERIES;
            case IMAGE -> INSTANCES;
        });
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        for (IndexKey key : query.keys()) {
            condition(key, values(query.identifier(), key), dialect, conditions, parameters);
        }
        for (MeasureCondition measure : query.measures()) {
            measure(query.level(), measure, dialect, conditions, parameters);
        }
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        if (ordered) {
            sql.append(" ORDER BY ").append(switch (query.level()) {
                case PATIENT -> "p.id";
                case STUDY -> "st.id";
                case SERIES -> "se.id";
                case IMAGE -> "i.id";
            });
        }
        return new SqlFilter(sql.toString(), List.copyOf(parameters));
    }

    /** The key's values in the identifier, empty ones left out; none when the key is universal. */
    private static List<String> values(DataSet identifier, IndexKey key) {
        List<String> values;
        try {
            values = identifier.getStrings(key.tag()).stream().filter(v -> !v.isEmpty()).toList();
        } catch (ValueFormatException e) {
            return List.of(); // IndexQuery.of refused it already
        }
        String vr = String.valueOf(identifier.vr(key.tag()));
        if (WILDCARD_VRS.contains(vr) && values.stream().anyMatch(v -> v.matches("\\*+"))) {
            return List.of();
        }
        return values;
    }

    private static void condition(IndexKey key, List<String> values, SqlDialect dialect, List<String> conditions,
                                  List<Object> parameters) {
        if (values.isEmpty()) {
            return;
        }
        List<String> any = new ArrayList<>();
        switch (key.kind()) {
            case TEXT, MODALITIES -> {
                String column = key.kind() == IndexKey.Kind.MODALITIES ? "s2.modality" : key.column();
                for (String value : values) {
                    if (isWildcard(value)) {
                        any.add(pattern(column, value, dialect, parameters));
                    } else {
                        any.add(column + " = ?");
                        parameters.add(value);
                    }
                }
                if (key.kind() == IndexKey.Kind.MODALITIES) {
                    conditions.add("EXISTS (SELECT 1 FROM index_series s2 WHERE s2.study_ref = st.id AND ("
                            + String.join(" OR ", any) + "))");
                    return;
                }
            }
            case PERSON_NAME -> {
                for (String value : values) {
                    // every form C.2.2.2 tries (the whole name, each component group) lies within the folded name
                    any.add(pattern(key.foldedColumn(), "*" + PersonNames.folded(value) + "*", dialect,
                            parameters));
                }
            }
            case DATE -> {
                for (String value : values) {
                    int dash = value.indexOf('-');
                    if (dash < 0) {
                        any.add(key.column() + " = ?");
                        parameters.add(IndexedObject.date(value.strip()));
                        continue;
                    }
                    String low = IndexedObject.date(value.substring(0, dash).strip());
                    String high = IndexedObject.date(value.substring(dash + 1).strip());
                    List<String> bounds = new ArrayList<>();
                    bounds.add(key.column() + " >= ?");
                    parameters.add(low.isEmpty() ? "0" : low);
                    if (!high.isEmpty()) {
                        bounds.add(key.column() + " <= ?");
                        parameters.add(high);
                    }
                    any.add("(" + String.join(" AND ", bounds) + ")");
                }
            }
            case NUMBER -> {
                for (String value : values) {
                    Long number = IndexedObject.number(value);
                    if (number != null) {
                        any.add(key.column() + " = ?");
                        parameters.add(number);
                    }
                }
                if (any.isEmpty()) {
                    any.add("0 = 1"); // IndexQuery.of let only numbers through: none is an integer, as IS values are
                }
            }
            case TIME -> {
                return; // by meaning only (2230 is 223000): decided on each row
            }
            case COUNT -> {
                return; // IndexQuery.of dropped the value: a return key only
            }
            default -> throw new IllegalStateException(key.kind().name());
        }
        conditions.add(any.size() == 1 ? any.get(0) : "(" + String.join(" OR ", any) + ")");
    }

    /**
     * The entities of {@code level} with a numeric value meeting {@code measure}: a sub-select that starts from the
     * measurements (by name, path or concept code, then value: each an index of {@code index_measurement}). Names and
     * paths are compared without regard to the case of ASCII letters: on SQLite their columns are {@code NOCASE}; on
     * PostgreSQL the schema indexes {@code lower(name)} and {@code lower(path)} (columns {@code COLLATE "C"}, whose
     * {@code lower} folds ASCII letters only, as NOCASE), which the key meets folded the same way here.
     */
    private static void measure(QueryLevel level, MeasureCondition measure, SqlDialect dialect,
                                List<String> conditions, List<Object> parameters) {
        String named = dialect == SqlDialect.POSTGRESQL ? "(lower(name) = ? OR lower(path) = ? OR concept_value = ?)"
                : "(name = ? OR path = ? OR concept_value = ?)";
        String meeting = "FROM index_measurement WHERE " + named + " AND value " + measure.operator().symbol() + " ?";
        String folded = dialect == SqlDialect.POSTGRESQL ? asciiLowerCase(measure.key()) : measure.key();
        parameters.addAll(List.of(folded, folded, measure.key(), measure.number().doubleValue()));
        conditions.add(switch (level) {
            case IMAGE -> "i.id IN (SELECT instance_ref " + meeting + ")";
            case SERIES -> "se.id IN (SELECT series_ref " + meeting + ")";
            case STUDY -> "st.id IN (SELECT study_ref " + meeting + ")";
            case PATIENT -> "p.id IN (SELECT patient_ref FROM index_study WHERE id IN (SELECT study_ref " + meeting
                    + "))";
        });
    }

    /**
     * The sub-select counting the rows of level {@code counted} below the row {@code alias} of level {@code owner}
     * (above it), joined up through the levels between by their parent references (each indexed):
     * {@code (SELECT count(*) FROM index_instance c3 JOIN index_series c2 ON c2.id = c3.series_ref
     * WHERE c2.study_ref = st.id)}.
     */
    static String count(QueryLevel counted, QueryLevel owner, String alias) {
        QueryLevel level = counted;
        String current = "c" + level.ordinal();
        StringBuilder sql = new StringBuilder("(SELECT count(*) FROM ").append(TABLES.get(level)).append(' ')
                .append(current);
        while (level.ordinal() - 1 > owner.ordinal()) {
            QueryLevel parent = QueryLevel.values()[level.ordinal() - 1];
            String joined = "c" + parent.ordinal();
            sql.append(" JOIN ").append(TABLES.get(parent)).append(' ').append(joined).append(" ON ").append(joined)
                    .append(".id = ").append(current).append('.').append(PARENT_REFS.get(level));
            level = parent;
            current = joined;
        }
        return sql.append(" WHERE ").append(current).append('.').append(PARENT_REFS.get(level)).append(" = ")
                .append(alias).append(".id)").toString();
    }

    private static boolean isWildcard(String value) {
        return value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
    }

    /**
     * The condition that {@code column} matches the C.2.2.2.4 wild card {@code pattern} ({@code *} any characters,
     * {@code ?} one), case-sensitively, its parameter added to {@code parameters}. On SQLite that is {@code GLOB}
     * (case-sensitive; {@code LIKE} there is not), with {@code [} taken literally; on PostgreSQL {@code LIKE}
     * (case-sensitive there) with {@code %}, {@code _} and the escape character escaped. On both, a pattern with a
     * fixed start can use the column's B-tree index (binary collation: SQLite's default, {@code COLLATE "C"} in the
     * PostgreSQL schema).
     */
    static String pattern(String column, String pattern, SqlDialect dialect, List<Object> parameters) {
        if (dialect == SqlDialect.SQLITE) {
            parameters.add(pattern.replace("[", "[[]"));
            return column + " GLOB ?";
        }
        StringBuilder like = new StringBuilder(pattern.length() + 8);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', LIKE_ESCAPE -> like.append(LIKE_ESCAPE).append(c);
                default -> like.append(c);
            }
        }
        parameters.add(like.toString());
        return column + " LIKE ? ESCAPE '" + LIKE_ESCAPE + "'";
    }

    /**
     * The escape character of PostgreSQL {@code LIKE} patterns (escaped itself where a value holds it); not the
     * backslash, which a server with {@code standard_conforming_strings = off} would read as an escape of the SQL
     * string.
     */
    private static final char LIKE_ESCAPE = '!';

    /** {@code text} with its ASCII letters in lower case, as SQLite's NOCASE and {@code lower} under "C" fold. */
    private static String asciiLowerCase(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }
}
