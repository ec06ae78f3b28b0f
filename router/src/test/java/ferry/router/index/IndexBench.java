package ferry.router.index;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.database.Database;
import ferry.router.database.SqlDialect;
import ferry.router.database.SqliteDatabase;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The index's query benchmark (not a test; run by bench/index.sh): makes a synthetic index of N instances in a
 * journal database (when it has none yet) straight with SQL, then times typical queries through {@link IndexSearch},
 * each with a connection of its own as {@code ferry find --local} and a C-FIND SCP run them, all matches read.
 * Arguments: the database file, the number of instances (default 1,000,000).
 *
 * <p>Shape: 5 instances per series, 5 series per study, 2 studies per patient; study dates spread over 2015-2024,
 * modalities over 8 values; each instance with a 600-byte header.
 */
public final class IndexBench {
    private static final String[] MODALITIES = {"CT", "MR", "CR", "US", "DX", "MG", "PT", "NM"};
    private static final LocalDate FIRST_DAY = LocalDate.of(2015, 1, 1);
    private static final int DAYS = 3652;

    private IndexBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int instances = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        if (!Files.exists(file)) {
            long start = System.nanoTime();
            Journal.open(file, Durability.PROCESS).close();
            fill(new SqliteDatabase(file), instances);
            System.out.printf(Locale.ROOT, "made an index of %,d instances in %.1f s (%,d MB)%n", instances,
                    (System.nanoTime() - start) / 1e9, Files.size(file) >> 20);
        }
        IndexSearch search = new IndexSearch(new SqliteDatabase(file));
        int studies = instances / 25;
        String patient = String.format(Locale.ROOT, "PID-%07d", studies / 4);
        String accession = String.format(Locale.ROOT, "ACC-%08d", studies / 3);
        List<Object[]> queries = List.of(
                new Object[] {"patient ID, IMAGE level", QueryLevel.IMAGE, new String[] {"PatientID=" + patient}},
                new Object[] {"accession, STUDY level", QueryLevel.STUDY, new String[] {"AccessionNumber=" + accession}},
                new Object[] {"study date range (a month), STUDY level", QueryLevel.STUDY,
                    new String[] {"StudyDate=20240101-20240131"}},
                new Object[] {"the same + numbers of related series, instances", QueryLevel.STUDY,
                    new String[] {"StudyDate=20240101-20240131", "NumberOfStudyRelatedSeries=",
                        "NumberOfStudyRelatedInstances="}},
                new Object[] {"every study, STUDY level", QueryLevel.STUDY, new String[] {}},
                new Object[] {"every study + numbers of related series, instances", QueryLevel.STUDY,
                    new String[] {"NumberOfStudyRelatedSeries=", "NumberOfStudyRelatedInstances="}},
                new Object[] {"patient ID + its numbers of studies..., PATIENT", QueryLevel.PATIENT,
                    new String[] {"PatientID=" + patient, "NumberOfPatientRelatedStudies=",
                        "NumberOfPatientRelatedSeries=", "NumberOfPatientRelatedInstances="}},
                new Object[] {"modality + date range (a month), SERIES level", QueryLevel.SERIES,
                    new String[] {"Modality=CT", "StudyDate=20240101-20240131"}},
                new Object[] {"modality + date (a day), IMAGE level", QueryLevel.IMAGE,
                    new String[] {"Modality=MR", "StudyDate=20230615"}},
                new Object[] {"patient name wild card, STUDY level", QueryLevel.STUDY,
                    new String[] {"PatientName=name^" + patient.substring(4, 9) + "*"}});
        for (Object[] query : queries) {
            DataSet identifier = identifier((QueryLevel) query[1], (String[]) query[2]);
            IndexQuery indexQuery = IndexQuery.of((QueryLevel) query[1], identifier);
            double[] millis = new double[25];
            int matches = 0;
            for (int round = -5; round < millis.length; round++) {
                long start = System.nanoTime();
                int count = 0;
                try (IndexCursor cursor = search.open(indexQuery)) {
                    while (cursor.hasNext()) {
                        cursor.next();
                        count++;
                    }
                }
                if (round >= 0) {
                    millis[round] = (System.nanoTime() - start) / 1e6;
                }
                matches = count;
            }
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "%-48s %6d matches  median %7.2f ms  max %7.2f ms%n", query[0], matches,
                    millis[millis.length / 2], millis[millis.length - 1]);
        }
    }

    private static DataSet identifier(QueryLevel level, String... keys) {
        DataSet identifier = new DataSet();
        for (String key : keys) {
            int equals = key.indexOf('=');
            int tag = StandardDictionary.tagOf(key.substring(0, equals)).getAsInt();
            String value = key.substring(equals + 1);
            if (value.isEmpty()) {
                identifier.put(tag, StandardDictionary.vrOf(tag), Bytes.EMPTY);
            } else {
                identifier.setString(tag, StandardDictionary.vrOf(tag), value);
            }
        }
        for (int tag : new int[] {Tags.StudyInstanceUID, Tags.PatientName, Tags.StudyDate}) {
            if (!identifier.contains(tag) && IndexQuery.holds(level, tag)) {
                identifier.put(tag, StandardDictionary.vrOf(tag), Bytes.EMPTY);
            }
        }
        identifier.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        return identifier;
    }

    /**
     * Inserts the synthetic rows in one transaction into the index of {@code database} (of this Ferry's schema, with
     * an empty index); on PostgreSQL the id sequences are moved past them and the tables analysed, as autovacuum
     * would soon.
     */
    public static void fill(Database database, int instances) throws Exception {
        byte[] header = ("{\"00080060\":{\"vr\":\"CS\",\"Value\":[\"CT\"]}," + "\"00091010\":{\"vr\":\"LO\","
                + "\"Value\":[\"" + "x".repeat(500) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        DateTimeFormatter da = DateTimeFormatter.BASIC_ISO_DATE;
        boolean sqlite = database.dialect() == SqlDialect.SQLITE;
        try (Connection db = database.openWriter(false);
             Statement settings = db.createStatement()) {
            if (sqlite) {
                settings.execute("PRAGMA synchronous = OFF");
            }
            db.setAutoCommit(false);
            try (PreparedStatement patient = db.prepareStatement("INSERT INTO index_patient (id, patient_key,"
                    + " patient_id, issuer, patient_name, patient_name_folded, birth_date, sex)"
                    + " VALUES (?, ?, ?, '', ?, ?, '19700101', 'F')");
                 PreparedStatement study = db.prepareStatement("INSERT INTO index_study (id, study_uid, patient_ref,"
                    + " study_date, study_time, accession_number, study_id, referring_physician,"
                    + " referring_physician_folded, description, modalities) VALUES (?, ?, ?, ?, '101500', ?, '1',"
                    + " '', '', 'Synthetic', ?)");
                 PreparedStatement series = db.prepareStatement("INSERT INTO index_series (id, series_uid, study_ref,"
                    + " modality, study_date, series_number, description, body_part, institution, station)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'series', '', 'Hospital', 'ST1')");
                 PreparedStatement instance = db.prepareStatement("INSERT INTO index_instance (sop_instance_uid,"
                    + " series_ref, sop_class_uid, instance_number, transfer_syntax_uid, size, calling_ae_title,"
                    + " called_ae_title, peer_address, routes, stored, destinations, received_at, object_id, header,"
                    + " header_size) VALUES (?, ?, '1.2.840.10008.5.1.4.1.1.2', ?, '1.2.840.10008.1.2.1', 8192,"
                    + " 'SCANNER', 'FERRY', '127.0.0.1', 'all', ?, '', ?, ?, ?, ?)")) {
                int studies = instances / 25;
                long instanceNumber = 0;
                for (int s = 0; s < studies; s++) {
                    if (s % 2 == 0) {
                        String id = String.format(Locale.ROOT, "PID-%07d", s / 2);
                        String name = "Name^" + id.substring(4);
                        patient.setInt(1, s / 2 + 1);
                        patient.setString(2, id + "\u001F");
                        patient.setString(3, id);
                        patient.setString(4, name);
                        patient.setString(5, name.toUpperCase(Locale.ROOT));
                        patient.addBatch();
                    }
                    String date = FIRST_DAY.plusDays((s * 7919L) % DAYS).format(da);
                    String modality = MODALITIES[s % MODALITIES.length];
                    study.setInt(1, s + 1);
                    study.setString(2, "2.25.1." + s);
                    study.setInt(3, s / 2 + 1);
                    study.setString(4, date);
                    study.setString(5, String.format(Locale.ROOT, "ACC-%08d", s));
                    study.setString(6, modality);
                    study.addBatch();
                    for (int e = 0; e < 5; e++) {
                        int seriesId = s * 5 + e + 1;
                        series.setInt(1, seriesId);
                        series.setString(2, "2.25.1." + s + "." + e);
                        series.setInt(3, s + 1);
                        series.setString(4, modality);
                        series.setString(5, date);
                        series.setInt(6, e + 1);
                        series.addBatch();
                        for (int i = 0; i < 5; i++) {
                            instanceNumber++;
                            instance.setString(1, "2.25.1." + s + "." + e + "." + i);
                            instance.setInt(2, seriesId);
                            instance.setInt(3, i + 1);
                            instance.setString(4, "/store/" + s + "/" + e + "/" + i + ".dcm");
                            instance.setLong(5, 1_700_000_000_000_000_000L + instanceNumber);
                            instance.setLong(6, instanceNumber);
                            instance.setBytes(7, header); // stored as it is: its size is its length
                            instance.setInt(8, header.length);
                            instance.addBatch();
                        }
                    }
                    if (s % 1000 == 999) {
                        patient.executeBatch();
                        study.executeBatch();
                        series.executeBatch();
                        instance.executeBatch();
                    }
                }
                patient.executeBatch();
                study.executeBatch();
                series.executeBatch();
                instance.executeBatch();
            }
            db.commit();
            db.setAutoCommit(true);
            if (sqlite) {
                settings.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                return;
            }
            for (String table : List.of("index_patient", "index_study", "index_series", "index_instance")) {
                settings.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT max(id) FROM "
                        + table + "))");
                settings.execute("ANALYZE " + table);
            }
        }
    }
}
