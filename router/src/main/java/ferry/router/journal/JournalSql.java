package ferry.router.journal;

import ferry.router.database.SqlDialect;
import java.util.List;

/**
 * Every SQL text of the journal: the schema as numbered migrations, the connection settings and the statements.
 * Times are stored as nanoseconds since the epoch (INTEGER), so an {@link java.time.Instant} comes back exactly;
 * in the sqlite3 shell {@code datetime(received_at / 1000000000, 'unixepoch')} shows one.
 *
 * <p>One text for SQLite and PostgreSQL wherever both take it; where they differ the methods taking a
 * {@link SqlDialect} choose: the connection settings (SQLite's {@code PRAGMA}s, PostgreSQL's
 * {@code synchronous_commit}), {@code BEGIN}, the catalogue the schema check reads, and the schema itself (this
 * class's {@link #MIGRATIONS} for SQLite, {@link PostgresqlSchema} for PostgreSQL). Object ids are given by Ferry (in
 * receipt log order; in blocks per node on PostgreSQL, {@link ObjectIds}), not by the database.
 */
final class JournalSql {

    private JournalSql() {
    }

    /** One step of the schema; applied once, in version order, and remembered in {@code schema_version}. */
    record Migration(int version, String description, List<String> statements) {
    }

    /**
     * The circuit breaker of each destination, one for every node (ferry.router.queue.Breakers): open while
     * open_until is set; failures counts the failures in a row that opened it and the failed probes since; a probe is
     * claimed by one node (probe_by) until probe_until.
     */
    static final String CREATE_BREAKER_TABLE = """
            CREATE TABLE destination_breaker (
                destination  TEXT PRIMARY KEY,
                open_until   BIGINT,
                opened_at    BIGINT,
                opened_by    TEXT,
                times_opened BIGINT NOT NULL,
                failures     BIGINT NOT NULL,
                last_error   TEXT,
                probe_by     TEXT,
                probe_until  BIGINT
            )""";

    /**
     * The nodes that use the database, each with its heartbeat: one row on SQLite, one per node of a cluster on
     * PostgreSQL. {@code load} is the node's figures as JSON (associations, objects received, jobs in flight).
     */
    static final String CREATE_NODE_TABLE = """
            CREATE TABLE ferry_node (
                name         TEXT PRIMARY KEY,
                started_at   BIGINT NOT NULL,
                heartbeat_at BIGINT NOT NULL,
                version      TEXT NOT NULL,
                load         TEXT NOT NULL
            )""";

    /**
     * The schema's history. Every page a commit touches is a WAL frame written on the hot path (one C-STORE
     * response waits for it), so a received object touches few: its row, the partial index of unfinished objects
     * (for the restart) and the one page of counts; its routes are a column, not rows. Ids grow in arrival order (a
     * time range is an id range). Look-ups by study or SOP Instance UID come with the index feature, as a later
     * step. Append new steps with the next version;
     * never change a step once released: a database that has it will not run it again.
     */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "received objects with their routes, actions, counts", List.of(
                    """
                    CREATE TABLE received_object (
                        id                  INTEGER PRIMARY KEY,
                        received_at         INTEGER NOT NULL,
                        calling_ae_title    TEXT NOT NULL,
                        called_ae_title     TEXT NOT NULL,
                        peer_address        TEXT NOT NULL,
                        sop_class_uid       TEXT NOT NULL,
                        sop_instance_uid    TEXT NOT NULL,
                        study_instance_uid  TEXT,
                        series_instance_uid TEXT,
                        transfer_syntax_uid TEXT NOT NULL,
                        size                INTEGER NOT NULL,
                        spool_file          TEXT NOT NULL,
                        unrouted            INTEGER NOT NULL,
                        routes              TEXT NOT NULL,
                        finished_at         INTEGER
                    )""",
                    "CREATE INDEX received_object_unfinished ON received_object (id) WHERE finished_at IS NULL",
                    """
                    CREATE TABLE object_action (
                        id          INTEGER PRIMARY KEY,
                        object_id   INTEGER NOT NULL,
                        recorded_at INTEGER NOT NULL,
                        route       TEXT NOT NULL,
                        action      TEXT NOT NULL,
                        result      TEXT NOT NULL,
                        detail      TEXT
                    )""",
                    "CREATE INDEX object_action_by_object ON object_action (object_id, id)",
                    """
                    CREATE TABLE received_count (
                        name    TEXT PRIMARY KEY,
                        objects INTEGER NOT NULL,
                        bytes   INTEGER NOT NULL
                    )""")),
            new Migration(2, "study and series completion state, notification outbox", List.of(
                    // One row per route and study (of routes that notify): what arrived, what was reported.
                    """
                    CREATE TABLE study (
                        route             TEXT NOT NULL,
                        study_uid         TEXT NOT NULL,
                        called_ae_title   TEXT NOT NULL,
                        calling_ae_title  TEXT NOT NULL,
                        peer_address      TEXT NOT NULL,
                        accession_number  TEXT NOT NULL,
                        patient_id        TEXT NOT NULL,
                        patient_name      TEXT NOT NULL,
                        study_description TEXT NOT NULL,
                        study_date        TEXT NOT NULL,
                        first_at          INTEGER NOT NULL,
                        round_first_at    INTEGER NOT NULL,
                        last_at           INTEGER NOT NULL,
                        objects           INTEGER NOT NULL,
                        bytes             INTEGER NOT NULL,
                        failures          INTEGER NOT NULL,
                        reported_objects  INTEGER NOT NULL,
                        reported_bytes    INTEGER NOT NULL,
                        reported_failures INTEGER NOT NULL,
                        rounds            INTEGER NOT NULL,
                        folders           TEXT NOT NULL,
                        PRIMARY KEY (route, study_uid)
                    )""",
                    """
                    CREATE TABLE study_series (
                        route            TEXT NOT NULL,
                        study_uid        TEXT NOT NULL,
                        series_uid       TEXT NOT NULL,
                        series_number    TEXT NOT NULL,
                        description      TEXT NOT NULL,
                        modality         TEXT NOT NULL,
                        first_at         INTEGER NOT NULL,
                        round_first_at   INTEGER NOT NULL,
                        last_at          INTEGER NOT NULL,
                        objects          INTEGER NOT NULL,
                        bytes            INTEGER NOT NULL,
                        failures         INTEGER NOT NULL,
                        reported_objects INTEGER NOT NULL,
                        reported_failures INTEGER NOT NULL,
                        study_reported_objects INTEGER NOT NULL,
                        rounds           INTEGER NOT NULL,
                        folders          TEXT NOT NULL,
                        PRIMARY KEY (route, study_uid, series_uid)
                    )""",
                    """
                    CREATE TABLE study_failure (
                        id               INTEGER PRIMARY KEY,
                        route            TEXT NOT NULL,
                        study_uid        TEXT NOT NULL,
                        series_uid       TEXT NOT NULL,
                        sop_instance_uid TEXT NOT NULL,
                        reason           TEXT NOT NULL,
                        failed_at        INTEGER NOT NULL
                    )""",
                    "CREATE INDEX study_failure_by_study ON study_failure (route, study_uid, failed_at)",
                    // The outbox: a notification is written with its study's completion, then delivered.
                    """
                    CREATE TABLE notification (
                        id              INTEGER PRIMARY KEY,
                        route           TEXT NOT NULL,
                        channel         INTEGER NOT NULL,
                        description     TEXT NOT NULL,
                        level           TEXT NOT NULL,
                        study_uid       TEXT NOT NULL,
                        series_uid      TEXT,
                        round           INTEGER NOT NULL,
                        report          TEXT NOT NULL,
                        created_at      INTEGER NOT NULL,
                        state           TEXT NOT NULL,
                        attempts        INTEGER NOT NULL,
                        next_attempt_at INTEGER NOT NULL,
                        last_error      TEXT,
                        done_at         INTEGER
                    )""",
                    "CREATE INDEX notification_pending ON notification (next_attempt_at) WHERE state = 'pending'")),
            new Migration(3, "forwarding queue", List.of(
                    // One job per object and destination; the file is the spool file, kept while a job needs it.
                    """
                    CREATE TABLE forward_job (
                        id                  INTEGER PRIMARY KEY,
                        object_id           INTEGER NOT NULL,
                        route               TEXT NOT NULL,
                        destination         TEXT NOT NULL,
                        file                TEXT NOT NULL,
                        sop_class_uid       TEXT NOT NULL,
                        sop_instance_uid    TEXT NOT NULL,
                        transfer_syntax_uid TEXT NOT NULL,
                        calling_ae_title    TEXT NOT NULL,
                        study_uid           TEXT NOT NULL,
                        state               TEXT NOT NULL,
                        attempts            INTEGER NOT NULL,
                        created_at          INTEGER NOT NULL,
                        next_attempt_at     INTEGER NOT NULL,
                        last_error          TEXT,
                        done_at             INTEGER
                    )""",
                    "CREATE INDEX forward_job_waiting ON forward_job (destination, id) WHERE state <> 'done'",
                    "CREATE INDEX forward_job_by_file ON forward_job (file) WHERE state <> 'done'")),
            new Migration(4, "spool file checksums (durability power)", List.of(
                    // CRC-32C of the spool file, NULL when none was taken.
                    "ALTER TABLE received_object ADD COLUMN spool_checksum INTEGER")),
            new Migration(5, "the index: patients, studies, series, instances, indexed files", List.of(
                    // Read and written by ferry.router.index (IndexSql); kept when retention deletes journal records.
                    // Dates are DA text (YYYYMMDD), so a range is a text range; *_folded columns hold person names
                    // in upper case, for matching without regard to case. An instance's header is DICOM JSON,
                    // zlib-compressed as SQLite's sqlar_compress does (header_size: its length uncompressed).
                    """
                    CREATE TABLE index_patient (
                        id                  INTEGER PRIMARY KEY,
                        patient_key         TEXT NOT NULL UNIQUE,
                        patient_id          TEXT NOT NULL,
                        issuer              TEXT NOT NULL,
                        patient_name        TEXT NOT NULL,
                        patient_name_folded TEXT NOT NULL,
                        birth_date          TEXT NOT NULL,
                        sex                 TEXT NOT NULL
                    )""",
                    "CREATE INDEX index_patient_by_id ON index_patient (patient_id)",
                    "CREATE INDEX index_patient_by_name ON index_patient (patient_name_folded)",
                    """
                    CREATE TABLE index_study (
                        id                 INTEGER PRIMARY KEY,
                        study_uid          TEXT NOT NULL UNIQUE,
                        patient_ref        INTEGER NOT NULL,
                        study_date         TEXT NOT NULL,
                        study_time         TEXT NOT NULL,
                        accession_number   TEXT NOT NULL,
                        study_id           TEXT NOT NULL,
                        referring_physician TEXT NOT NULL,
                        referring_physician_folded TEXT NOT NULL,
                        description        TEXT NOT NULL,
                        modalities         TEXT NOT NULL
                    )""",
                    "CREATE INDEX index_study_by_patient ON index_study (patient_ref)",
                    "CREATE INDEX index_study_by_accession ON index_study (accession_number)",
                    "CREATE INDEX index_study_by_date ON index_study (study_date)",
                    """
                    CREATE TABLE index_series (
                        id            INTEGER PRIMARY KEY,
                        series_uid    TEXT NOT NULL UNIQUE,
                        study_ref     INTEGER NOT NULL,
                        modality      TEXT NOT NULL,
                        study_date    TEXT NOT NULL,
                        series_number INTEGER,
                        description   TEXT NOT NULL,
                        body_part     TEXT NOT NULL,
                        institution   TEXT NOT NULL,
                        station       TEXT NOT NULL
                    )""",
                    "CREATE INDEX index_series_by_study ON index_series (study_ref)",
                    "CREATE INDEX index_series_by_modality_date ON index_series (modality, study_date)",
                    """
                    CREATE TABLE index_instance (
                        id                  INTEGER PRIMARY KEY,
                        sop_instance_uid    TEXT NOT NULL UNIQUE,
                        series_ref          INTEGER NOT NULL,
                        sop_class_uid       TEXT NOT NULL,
                        instance_number     INTEGER,
                        transfer_syntax_uid TEXT NOT NULL,
                        size                INTEGER NOT NULL,
                        calling_ae_title    TEXT NOT NULL,
                        called_ae_title     TEXT NOT NULL,
                        peer_address        TEXT NOT NULL,
                        routes              TEXT NOT NULL,
                        stored              TEXT NOT NULL,
                        destinations        TEXT NOT NULL,
                        received_at         INTEGER NOT NULL,
                        object_id           INTEGER,
                        header              BLOB NOT NULL,
                        header_size         INTEGER NOT NULL
                    )""",
                    "CREATE INDEX index_instance_by_series ON index_instance (series_ref)",
                    // ferry index: each file read, so that a run again skips what did not change
                    """
                    CREATE TABLE index_file (
                        path             TEXT PRIMARY KEY,
                        size             INTEGER NOT NULL,
                        modified_at      INTEGER NOT NULL,
                        sop_instance_uid TEXT
                    )""")),
            new Migration(6, "the index: numeric values of structured reports", List.of(
                    // Read and written by ferry.router.index (IndexSql): one row per NUM item of an SR instance,
                    // replaced when the instance is written again. Its series and study are kept beside it, so that
                    // a query at any level starts from the measurements (name or path or concept, then value).
                    // value is the number as REAL (for comparisons), value_text the Numeric Value exactly.
                    """
                    CREATE TABLE index_measurement (
                        instance_ref   INTEGER NOT NULL,
                        series_ref     INTEGER NOT NULL,
                        study_ref      INTEGER NOT NULL,
                        position       TEXT NOT NULL,
                        path           TEXT NOT NULL COLLATE NOCASE,
                        name           TEXT NOT NULL COLLATE NOCASE,
                        concept_scheme TEXT NOT NULL,
                        concept_value  TEXT NOT NULL,
                        value          REAL NOT NULL,
                        value_text     TEXT NOT NULL,
                        unit           TEXT NOT NULL
                    )""",
                    "CREATE INDEX index_measurement_by_instance ON index_measurement (instance_ref)",
                    "CREATE INDEX index_measurement_by_name ON index_measurement (name, value)",
                    "CREATE INDEX index_measurement_by_path ON index_measurement (path, value)",
                    "CREATE INDEX index_measurement_by_concept ON index_measurement (concept_value, value)")),
            new Migration(7, "replications: what each copied, found present or failed, and its feed cursor", List.of(
                    // Read and written by ferry.router.replicate (ReplicationRecord). A replication is named (its
                    // replications: entry, or the source, destination and query of a ferry replicate run); an item
                    // is one source instance by its SOP Instance UID at the source, with its outcome: 1 copied,
                    // 2 present at the destination already, 3 failed (reason kept, tried again by the next pass).
                    // No row: not handled yet. cursor: the last change of the source's feed handled (--follow).
                    """
                    CREATE TABLE replication (
                        id          INTEGER PRIMARY KEY,
                        name        TEXT NOT NULL UNIQUE,
                        source      TEXT NOT NULL,
                        destination TEXT NOT NULL,
                        query       TEXT NOT NULL,
                        cursor      INTEGER,
                        made_at     INTEGER NOT NULL,
                        passed_at   INTEGER
                    )""",
                    """
                    CREATE TABLE replication_item (
                        replication_ref  INTEGER NOT NULL,
                        sop_instance_uid TEXT NOT NULL,
                        state            INTEGER NOT NULL,
                        reason           TEXT,
                        updated_at       INTEGER NOT NULL,
                        PRIMARY KEY (replication_ref, sop_instance_uid)
                    ) WITHOUT ROWID""")),
            new Migration(8, "nodes: who received each object and counted it, the nodes of a cluster", List.of(
                    // One Ferry on SQLite is one node, named '' in these columns; on PostgreSQL several nodes share
                    // the tables (PostgresqlSchema, docs/cluster.md).
                    "ALTER TABLE received_object ADD COLUMN node TEXT NOT NULL DEFAULT ''",
                    """
                    CREATE TABLE received_count_by_node (
                        node    TEXT NOT NULL,
                        name    TEXT NOT NULL,
                        objects INTEGER NOT NULL,
                        bytes   INTEGER NOT NULL,
                        PRIMARY KEY (node, name)
                    )""",
                    "INSERT INTO received_count_by_node SELECT '', name, objects, bytes FROM received_count",
                    "DROP TABLE received_count",
                    "ALTER TABLE received_count_by_node RENAME TO received_count",
                    CREATE_NODE_TABLE,
                    // notifications: the node that claimed one to send it, and until when (docs/cluster.md)
                    "ALTER TABLE notification ADD COLUMN claimed_by TEXT",
                    "ALTER TABLE notification ADD COLUMN lease_until INTEGER",
                    // The forwarding queue (ferry.router.queue, docs/cluster.md): a job is claimed by the node that
                    // delivers it, for a lease; node is the node whose spool holds its file. The one SQLite node
                    // ('') holds every job it had.
                    "ALTER TABLE forward_job ADD COLUMN node TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE forward_job ADD COLUMN claimed_by TEXT",
                    "ALTER TABLE forward_job ADD COLUMN lease_until INTEGER",
                    "UPDATE forward_job SET claimed_by = '', lease_until = 0 WHERE state = 'pending'",
                    CREATE_BREAKER_TABLE)));


    /** Separates route names in {@code received_object.routes} (route names have no control characters). */
    static final String ROUTE_SEPARATOR = "\u001F";
    /** The {@code received_count} row of all objects. */
    static final String COUNT_TOTAL = "total";
    /** The {@code received_count} row of objects no route matched. */
    static final String COUNT_UNROUTED = "unrouted";
    /** Prefix of the {@code received_count} rows of each route. */
    static final String COUNT_ROUTE_PREFIX = "route:";

    static final String JOURNAL_MODE_WAL = "PRAGMA journal_mode = WAL";
    /** Durability process: commits are written to the log, not fsync'd; checkpoints fsync (docs/durability.md). */
    static final String SYNCHRONOUS_NORMAL = "PRAGMA synchronous = NORMAL";
    /** Durability power: every commit fsyncs the log before it returns. */
    static final String SYNCHRONOUS_FULL = "PRAGMA synchronous = FULL";
    /** Copies the write-ahead log into the database, syncing both; its first column is 0 unless it was blocked. */
    static final String CHECKPOINT = "PRAGMA wal_checkpoint(FULL)";
    static final String BUSY_TIMEOUT = "PRAGMA busy_timeout = 10000";
    /**
     * A writer of bulk work beside Ferry ({@code ferry index}: hundreds of MB) checkpoints the write-ahead log every
     * 64 MB instead of every 4 MB: the same pages written, a sixteenth of the fsyncs.
     */
    static final String BULK_AUTOCHECKPOINT = "PRAGMA wal_autocheckpoint = 16384";
    /**
     * Lets housekeeping give free pages back to the file system ({@code PRAGMA incremental_vacuum}). It takes effect
     * only on a database without tables yet; an older journal keeps its setting until {@code ferry prune --vacuum}
     * rewrites it.
     */
    static final String AUTO_VACUUM_INCREMENTAL = "PRAGMA auto_vacuum = INCREMENTAL";

    /** Begins a write transaction: SQLite takes its write lock at once (no upgrade from a read lock to fail). */
    static String beginWrite(SqlDialect dialect) {
        return dialect == SqlDialect.SQLITE ? "BEGIN IMMEDIATE" : "BEGIN";
    }

    /** Begins a read transaction that sees one committed state of the database throughout. */
    static String beginRead(SqlDialect dialect) {
        return dialect == SqlDialect.SQLITE ? "BEGIN DEFERRED" : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    }

    /** The schema's history on {@code dialect}. */
    static List<Migration> migrations(SqlDialect dialect) {
        return dialect == SqlDialect.SQLITE ? MIGRATIONS : PostgresqlSchema.MIGRATIONS;
    }

    /** Whether the schema_version table exists (1 or 0). */
    static String hasSchemaVersionTable(SqlDialect dialect) {
        return dialect == SqlDialect.SQLITE
                ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
                : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                        + " AND table_name = 'schema_version'";
    }

    /** How many tables the database has besides the engine's own. */
    static String countOtherTables(SqlDialect dialect) {
        return dialect == SqlDialect.SQLITE
                ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                        + " AND table_type = 'BASE TABLE'";
    }

    /**
     * PostgreSQL: one migration at a time, when several nodes start at once (a lock for the transaction, on a number
     * of Ferry's own: "FERRYSCH").
     */
    static final String LOCK_SCHEMA = "SELECT pg_advisory_xact_lock(5064134042011478856)";
    /** PostgreSQL: the next block of object ids (docs/cluster.md). */
    static final String NEXT_OBJECT_ID_BLOCK = "SELECT nextval('object_id_block')";
    /** PostgreSQL: whether commits of this connection wait for the server's log to reach its disk. */
    static final String SYNCHRONOUS_COMMIT_ON = "SET synchronous_commit = on";
    static final String SYNCHRONOUS_COMMIT_OFF = "SET synchronous_commit = off";
    /**
     * PostgreSQL: a commit that waits for the server's log up to itself, so for every commit before it (the log is
     * written in order): a write to the node's own row, so that nodes do not wait for each other's.
     */
    static final String MARK_DURABLE = """
            UPDATE ferry_node SET heartbeat_at = greatest(heartbeat_at, ?) WHERE name = ?""";
    static final String COMMIT = "COMMIT";
    static final String ROLLBACK = "ROLLBACK";

    // Schema versions.
    static final String CREATE_SCHEMA_VERSION = """
            CREATE TABLE schema_version (
                version     INTEGER PRIMARY KEY,
                description TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            )""";
    static final String CURRENT_SCHEMA_VERSION = "SELECT coalesce(max(version), 0) FROM schema_version";
    static final String INSERT_SCHEMA_VERSION =
            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)";

    // Writing.
    /** The highest id of a node's objects. */
    static final String HIGHEST_OBJECT_ID = "SELECT coalesce(max(id), 0) FROM received_object WHERE node = ?";
    static final String OBJECT_IDS_BETWEEN = "SELECT id FROM received_object WHERE id BETWEEN ? AND ?";
    static final String INSERT_OBJECT = """
            INSERT INTO received_object (id, received_at, calling_ae_title, called_ae_title, peer_address,
                sop_class_uid, sop_instance_uid, study_instance_uid, series_instance_uid, transfer_syntax_uid,
                size, spool_file, unrouted, routes, spool_checksum, node)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    static final String INSERT_ACTION = """
            INSERT INTO object_action (object_id, recorded_at, route, action, result, detail)
            VALUES (?, ?, ?, ?, ?, ?)""";
    static final String FINISH_OBJECT =
            "UPDATE received_object SET finished_at = ? WHERE id = ? AND finished_at IS NULL";
    static final String ADD_COUNT = """
            INSERT INTO received_count (node, name, objects, bytes) VALUES (?, ?, ?, ?)
            ON CONFLICT (node, name) DO UPDATE SET objects = received_count.objects + excluded.objects,
                bytes = received_count.bytes + excluded.bytes""";

    /** Registers a node, or marks its start again. */
    static final String REGISTER_NODE = """
            INSERT INTO ferry_node (name, started_at, heartbeat_at, version, load) VALUES (?, ?, ?, '', '{}')
            ON CONFLICT (name) DO UPDATE SET started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at""";

    /** The unfinished objects of nodes silent since before a time become this node's; their ids. */
    static final String TAKE_OVER_UNFINISHED = """
            UPDATE received_object SET node = ? WHERE finished_at IS NULL AND node <> ?
                AND node IN (SELECT name FROM ferry_node WHERE heartbeat_at < ?)
            RETURNING id""";

    // Reading.
    static final String SELECT_UNFINISHED_OBJECTS = """
            SELECT id, received_at, calling_ae_title, called_ae_title, peer_address, sop_class_uid,
                sop_instance_uid, study_instance_uid, series_instance_uid, transfer_syntax_uid, size, spool_file,
                routes, spool_checksum
            FROM received_object WHERE finished_at IS NULL AND node = ? ORDER BY id""";
    static final String SELECT_UNFINISHED_ACTIONS = """
            SELECT a.object_id, a.route, a.action, a.result, a.detail FROM object_action a
            WHERE a.object_id IN (SELECT id FROM received_object WHERE finished_at IS NULL AND node = ?)
            ORDER BY a.object_id, a.id""";
    /** The counts of every node together. */
    static final String SELECT_COUNTS = "SELECT name, sum(objects), sum(bytes) FROM received_count GROUP BY name";
}
