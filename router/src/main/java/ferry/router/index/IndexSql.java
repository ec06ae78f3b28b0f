package ferry.router.index;

/**
 * The SQL text of {@link IndexStore} and {@link IndexSearch}, on the journal's schema steps 5 and 6
 * ({@code index_patient}, {@code index_study}, {@code index_series}, {@code index_instance}, {@code index_file},
 * {@code index_measurement}); times are nanoseconds since the epoch, as everywhere in the journal. Lists (routes,
 * stored files, destinations) are joined by {@link #SEPARATOR}.
 *
 * <p>Every statement here is one text for SQLite and PostgreSQL (the PostgreSQL schema has the same tables and
 * columns: {@code journal/PostgresqlSchema}; ids of new rows come from {@code RETURNING id}, which {@code Rows.insert}
 * appends). What differs between the engines is in the queries {@link SqlFilter} writes: wild cards ({@code GLOB} or
 * {@code LIKE}) and the measurements' case-blind names (docs/cluster.md).
 */
final class IndexSql {
    private IndexSql() {
    }

    /** Separates the items of a list column (unit separator: no route name or path holds it). */
    static final String SEPARATOR = "\u001F";

    static final String SELECT_PATIENT = """
            SELECT id, patient_name, birth_date, sex FROM index_patient WHERE patient_key = ?""";
    static final String INSERT_PATIENT = """
            INSERT INTO index_patient (patient_key, patient_id, issuer, patient_name, patient_name_folded, birth_date,
                sex)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    static final String UPDATE_PATIENT = """
            UPDATE index_patient SET patient_name = ?, patient_name_folded = ?, birth_date = ?, sex = ? WHERE id = ?""";

    static final String SELECT_STUDY = """
            SELECT id, patient_ref, study_date, study_time, accession_number, study_id, referring_physician,
                description
            FROM index_study WHERE study_uid = ?""";
    static final String INSERT_STUDY = """
            INSERT INTO index_study (study_uid, patient_ref, study_date, study_time, accession_number, study_id,
                referring_physician, referring_physician_folded, description, modalities)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '')""";
    static final String UPDATE_STUDY = """
            UPDATE index_study SET patient_ref = ?, study_date = ?, study_time = ?, accession_number = ?,
                study_id = ?, referring_physician = ?, referring_physician_folded = ?, description = ?
            WHERE id = ?""";
    /** The study date is kept on its series too, for queries on modality and date. */
    static final String SET_SERIES_STUDY_DATE = "UPDATE index_series SET study_date = ? WHERE study_ref = ?";
    static final String STUDY_MODALITIES = """
            SELECT DISTINCT modality FROM index_series WHERE study_ref = ? AND modality <> '' ORDER BY modality""";
    static final String SET_STUDY_MODALITIES = "UPDATE index_study SET modalities = ? WHERE id = ?";

    static final String SELECT_SERIES = """
            SELECT id, study_ref, modality, study_date, series_number, description, body_part, institution, station
            FROM index_series WHERE series_uid = ?""";
    static final String INSERT_SERIES = """
            INSERT INTO index_series (series_uid, study_ref, modality, study_date, series_number, description,
                body_part, institution, station)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    static final String UPDATE_SERIES = """
            UPDATE index_series SET study_ref = ?, modality = ?, study_date = ?, series_number = ?, description = ?,
                body_part = ?, institution = ?, station = ?
            WHERE id = ?""";

    static final String SELECT_INSTANCE = """
            SELECT id, stored, destinations, object_id FROM index_instance WHERE sop_instance_uid = ?""";
    /** A file of an instance Ferry received: only its path is added. */
    static final String ADD_STORED = "UPDATE index_instance SET stored = ? WHERE id = ?";
    static final String INSERT_INSTANCE = """
            INSERT INTO index_instance (series_ref, sop_class_uid, instance_number, transfer_syntax_uid, size,
                calling_ae_title, called_ae_title, peer_address, routes, stored, destinations, received_at, object_id,
                header, header_size, sop_instance_uid)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    static final String UPDATE_INSTANCE = """
            UPDATE index_instance SET series_ref = ?, sop_class_uid = ?, instance_number = ?,
                transfer_syntax_uid = ?, size = ?, calling_ae_title = ?, called_ae_title = ?, peer_address = ?,
                routes = ?, stored = ?, destinations = ?, received_at = ?, object_id = ?, header = ?, header_size = ?
            WHERE id = ?""";

    /** The numeric values of an SR instance ({@code ferry.core.sr.Measurement}); value is REAL, value_text exact. */
    static final String INSERT_MEASUREMENT = """
            INSERT INTO index_measurement (instance_ref, series_ref, study_ref, position, path, name, concept_scheme,
                concept_value, value, value_text, unit)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    static final String DELETE_MEASUREMENTS = "DELETE FROM index_measurement WHERE instance_ref = ?";

    static final String SELECT_HEADER = "SELECT header, header_size FROM index_instance WHERE sop_instance_uid = ?";

    static final String SELECT_FILE = "SELECT size, modified_at FROM index_file WHERE path = ?";
    static final String UPSERT_FILE = """
            INSERT INTO index_file (path, size, modified_at, sop_instance_uid) VALUES (?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET size = excluded.size, modified_at = excluded.modified_at,
                sop_instance_uid = excluded.sop_instance_uid""";

    static final String COUNT_INSTANCES = "SELECT count(*) FROM index_instance";
}
