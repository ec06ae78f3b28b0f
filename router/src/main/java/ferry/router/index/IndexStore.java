package ferry.router.index;

import static ferry.router.index.IndexKey.ACCESSION_NUMBER;
import static ferry.router.index.IndexKey.BODY_PART_EXAMINED;
import static ferry.router.index.IndexKey.INSTANCE_NUMBER;
import static ferry.router.index.IndexKey.INSTITUTION_NAME;
import static ferry.router.index.IndexKey.ISSUER_OF_PATIENT_ID;
import static ferry.router.index.IndexKey.MODALITY;
import static ferry.router.index.IndexKey.PATIENT_BIRTH_DATE;
import static ferry.router.index.IndexKey.PATIENT_ID;
import static ferry.router.index.IndexKey.PATIENT_NAME;
import static ferry.router.index.IndexKey.PATIENT_SEX;
import static ferry.router.index.IndexKey.REFERRING_PHYSICIAN_NAME;
import static ferry.router.index.IndexKey.SERIES_DESCRIPTION;
import static ferry.router.index.IndexKey.SERIES_INSTANCE_UID;
import static ferry.router.index.IndexKey.SERIES_NUMBER;
import static ferry.router.index.IndexKey.SOP_CLASS_UID;
import static ferry.router.index.IndexKey.SOP_INSTANCE_UID;
import static ferry.router.index.IndexKey.STATION_NAME;
import static ferry.router.index.IndexKey.STUDY_DATE;
import static ferry.router.index.IndexKey.STUDY_DESCRIPTION;
import static ferry.router.index.IndexKey.STUDY_ID;
import static ferry.router.index.IndexKey.STUDY_INSTANCE_UID;
import static ferry.router.index.IndexKey.STUDY_TIME;

import ferry.core.sr.Code;
import ferry.core.sr.Measurement;
import ferry.router.journal.JournalTransaction;
import ferry.router.journal.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The index's tables and nothing else: writes one instance with its series, study and patient (inserted, or updated
 * where a value changed, so an object received again updates its rows and a series of thousands of images writes its
 * study and patient rows once); the SQL text is {@link IndexSql}'s, bound through {@link Rows}. Writes take the
 * journal's {@link JournalTransaction}, so they commit with the object's finish. Stateless and thread-safe.
 */
final class IndexStore {
    private IndexStore() {
    }

    /**
     * Writes {@code object}: its patient, study, series and instance rows. An instance already in the index (the same
     * SOP Instance UID) is updated: its values and header are the new object's, its stored files and destinations
     * those of both; but a file added by {@code ferry index} only adds its path to an instance Ferry received.
     */
    static void write(JournalTransaction transaction, IndexedObject object) throws SQLException {
        write(transaction, object, new Written());
    }

    /**
     * {@link #write(JournalTransaction, IndexedObject)}, remembering in {@code written} the series (with its study and
     * patient) written last: the next object of the same series with the same values writes only its instance.
     * {@code written} is good for one transaction only (its ids are those the transaction made).
     */
    static void write(JournalTransaction transaction, IndexedObject object, Written written) throws SQLException {
        List<Object> hierarchy = hierarchy(object);
        if (!hierarchy.equals(written.hierarchy)) {
            long patient = patient(transaction, object);
            written.study = study(transaction, object, patient);
            written.series = series(transaction, object, written.study);
            written.hierarchy = hierarchy;
        }
        instance(transaction, object, written.series, written.study);
    }

    /** What {@link #write(JournalTransaction, IndexedObject, Written)} remembers within one transaction. */
    static final class Written {
        private List<Object> hierarchy;
        private long series;
        private long study;

        /** Forgets the series written last (its rows were rolled back with a savepoint). */
        void forget() {
            hierarchy = null;
        }
    }

    /** The values of an object's patient, study and series rows. */
    private static List<Object> hierarchy(IndexedObject object) {
        List<Object> values = new ArrayList<>();
        for (IndexKey key : IndexKey.values()) {
            if (key.level() != QueryLevel.IMAGE) {
                values.add(object.value(key));
            }
        }
        return values;
    }

    /** The patient's key: ID and issuer; for objects without a Patient ID, the name too. */
    static String patientKey(IndexedObject object) {
        String id = object.value(PATIENT_ID);
        return id + IndexSql.SEPARATOR + object.value(ISSUER_OF_PATIENT_ID)
                + (id.isEmpty() ? IndexSql.SEPARATOR + object.value(PATIENT_NAME) : "");
    }

    private static long patient(JournalTransaction transaction, IndexedObject object) throws SQLException {
        String name = object.value(PATIENT_NAME);
        List<Object> values = List.of(name, object.value(PATIENT_BIRTH_DATE), object.value(PATIENT_SEX));
        Existing row = Rows.first(transaction, IndexSql.SELECT_PATIENT, Existing::read, patientKey(object));
        if (row == null) {
            return Rows.insert(transaction, IndexSql.INSERT_PATIENT, patientKey(object), object.value(PATIENT_ID),
                    object.value(ISSUER_OF_PATIENT_ID), name, PersonNames.folded(name),
                    object.value(PATIENT_BIRTH_DATE), object.value(PATIENT_SEX));
        }
        if (!row.values().equals(values)) {
            Rows.update(transaction, IndexSql.UPDATE_PATIENT, name, PersonNames.folded(name),
                    object.value(PATIENT_BIRTH_DATE), object.value(PATIENT_SEX), row.id());
        }
        return row.id();
    }

    private static long study(JournalTransaction transaction, IndexedObject object, long patient)
            throws SQLException {
        String referring = object.value(REFERRING_PHYSICIAN_NAME);
        List<Object> values = List.of(patient, object.value(STUDY_DATE), object.value(STUDY_TIME),
                object.value(ACCESSION_NUMBER), object.value(STUDY_ID), referring, object.value(STUDY_DESCRIPTION));
        Existing row = Rows.first(transaction, IndexSql.SELECT_STUDY, Existing::read,
                object.value(STUDY_INSTANCE_UID));
        if (row == null) {
            return Rows.insert(transaction, IndexSql.INSERT_STUDY, object.value(STUDY_INSTANCE_UID), patient,
                    object.value(STUDY_DATE), object.value(STUDY_TIME), object.value(ACCESSION_NUMBER),
                    object.value(STUDY_ID), referring, PersonNames.folded(referring),
                    object.value(STUDY_DESCRIPTION));
        }
        if (!row.values().equals(values)) {
            Rows.update(transaction, IndexSql.UPDATE_STUDY, patient, object.value(STUDY_DATE),
                    object.value(STUDY_TIME), object.value(ACCESSION_NUMBER), object.value(STUDY_ID), referring,
                    PersonNames.folded(referring), object.value(STUDY_DESCRIPTION), row.id());
            if (!Objects.equals(row.values().get(1), object.value(STUDY_DATE))) {
                Rows.update(transaction, IndexSql.SET_SERIES_STUDY_DATE, object.value(STUDY_DATE), row.id());
            }
        }
        return row.id();
    }

    private static long series(JournalTransaction transaction, IndexedObject object, long study)
            throws SQLException {
        List<Object> values = new ArrayList<>(List.of(study, object.value(MODALITY), object.value(STUDY_DATE)));
        values.add(object.number(SERIES_NUMBER));
        values.addAll(List.of(object.value(SERIES_DESCRIPTION), object.value(BODY_PART_EXAMINED),
                object.value(INSTITUTION_NAME), object.value(STATION_NAME)));
        Existing row = Rows.first(transaction, IndexSql.SELECT_SERIES, Existing::read,
                object.value(SERIES_INSTANCE_UID));
        long id;
        if (row == null) {
            id = Rows.insert(transaction, IndexSql.INSERT_SERIES, object.value(SERIES_INSTANCE_UID), study,
                    object.value(MODALITY), object.value(STUDY_DATE), object.number(SERIES_NUMBER),
                    object.value(SERIES_DESCRIPTION), object.value(BODY_PART_EXAMINED),
                    object.value(INSTITUTION_NAME), object.value(STATION_NAME));
        } else {
            id = row.id();
            if (row.values().equals(values)) {
                return id;
            }
            List<Object> update = new ArrayList<>(values);
            update.add(id);
            Rows.update(transaction, IndexSql.UPDATE_SERIES, update.toArray());
            if (Objects.equals(row.values().get(0), study) && Objects.equals(row.values().get(1),
                    object.value(MODALITY))) {
                return id;
            }
        }
        List<String> modalities = new ArrayList<>();
        PreparedStatement select = transaction.statement(IndexSql.STUDY_MODALITIES);
        select.setLong(1, study);
        try (ResultSet modality = select.executeQuery()) {
            while (modality.next()) {
                modalities.add(modality.getString(1));
            }
        }
        Rows.update(transaction, IndexSql.SET_STUDY_MODALITIES, String.join("\\", modalities), study);
        return id;
    }

    private static void instance(JournalTransaction transaction, IndexedObject object, long series, long study)
            throws SQLException {
        Handling handling = object.handling();
        List<String> before = Rows.first(transaction, IndexSql.SELECT_INSTANCE,
                row -> Arrays.asList(row.getString(1), row.getString(2), row.getString(3), row.getString(4)),
                object.value(SOP_INSTANCE_UID));
        String stored = joined(handling.stored());
        String destinations = joined(handling.destinations());
        if (before != null) {
            stored = merged(before.get(1), handling.stored());
            destinations = merged(before.get(2), handling.destinations());
            if (before.get(3) != null && object.journalId() == null) {
                // a file of an object Ferry received (ferry index of a store folder): its receipt stays
                Rows.update(transaction, IndexSql.ADD_STORED, stored, Long.valueOf(before.get(0)));
                return;
            }
        }
        Object[] values = {series, object.value(SOP_CLASS_UID), object.number(INSTANCE_NUMBER),
            handling.transferSyntaxUid(), handling.size(), handling.callingAeTitle(), handling.calledAeTitle(),
            handling.peerAddress(), joined(handling.routes()), stored, destinations,
            JournalTransaction.nanos(handling.receivedAt()), object.journalId(), object.header().compressed(),
            object.header().size(),
            before == null ? object.value(SOP_INSTANCE_UID) : Long.valueOf(before.get(0))};
        long id;
        if (before == null) {
            id = Rows.insert(transaction, IndexSql.INSERT_INSTANCE, values);
        } else {
            id = Long.parseLong(before.get(0));
            Rows.update(transaction, IndexSql.UPDATE_INSTANCE, values);
            Rows.update(transaction, IndexSql.DELETE_MEASUREMENTS, id); // an SR sent again: its values replace them
        }
        for (Measurement measurement : object.measurements()) {
            Code concept = measurement.concept();
            Rows.update(transaction, IndexSql.INSERT_MEASUREMENT, id, series, study, measurement.position(),
                    measurement.path(), measurement.name(), concept == null ? "" : concept.scheme(),
                    concept == null ? "" : concept.value(), measurement.value().doubleValue(),
                    measurement.value().toPlainString(), measurement.unitText());
        }
    }

    static String joined(List<String> items) {
        return String.join(IndexSql.SEPARATOR, items);
    }

    static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(IndexSql.SEPARATOR, -1));
    }

    /** The items of {@code joined} and then those of {@code more} not among them. */
    private static String merged(String joined, List<String> more) {
        Set<String> all = new LinkedHashSet<>(split(joined));
        all.addAll(more);
        return joined(List.copyOf(all));
    }

    /** A row as selected: its id, then its other columns (the values compared with the object's). */
    private record Existing(long id, List<Object> values) {
        static Existing read(ResultSet row) throws SQLException {
            int columns = row.getMetaData().getColumnCount();
            List<Object> values = new ArrayList<>(columns - 1);
            for (int i = 2; i <= columns; i++) { // (the driver caches the column count)
                Object value = row.getObject(i);
                values.add(value instanceof Integer small ? Long.valueOf(small) : value);
            }
            return new Existing(row.getLong(1), values);
        }
    }
}
