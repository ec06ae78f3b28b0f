package ferry.router.deid;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies the Basic Application Level Confidentiality Profile with the chosen options to a data set, at every level
 * (PS3.15 §E.1.1: "whether contained in the main dataset or embedded in an Item of a Sequence of Items"). Each
 * element is looked up in {@link ProfileTable}; the action of the profile or of a chosen option is carried out as:
 * <ul>
 *   <li>X removes; Z empties (a sequence loses its items); D writes a {@linkplain DummyValues dummy} (an empty
 *       value stays empty, as an empty value cannot be Type 1), and for a sequence keeps its items but replaces
 *       every name, text, date and time in them;</li>
 *   <li>U replaces each UID with {@code 2.25.} and HMAC-SHA256(secret, UID) ({@link ProjectSecret#uid});</li>
 *   <li>K keeps, applying the profile inside sequences (so references in them get their new UIDs);</li>
 *   <li>C cleans: dates move by the patient's day shift (Retain Longitudinal Temporal Information with Modified
 *       Dates; times are kept), text loses the object's own identifying values ({@link TextCleaner}), and sequences
 *       have the profile applied to their items.</li>
 * </ul>
 * Combined codes become one of their parts by {@link ProfileAction#resolved()}. Private elements (odd groups) are
 * removed unless Retain Safe Private is chosen and their creator is listed. DA, DT and TM elements the table does not
 * list are treated as X/D (note 4 of Table E.1-1 allows handling all dates and times by VR): kept with full dates,
 * shifted with modified dates, dummies otherwise. Everything else not in the table is kept.
 *
 * <p>Afterwards Patient ID and Patient's Name get the patient's pseudonym, and Patient Identity Removed (0012,0062),
 * De-identification Method (0012,0063), its Code Sequence (0012,0064) and Longitudinal Temporal Information Modified
 * (0028,0303) record what was done (§E.1.1 item 6). Immutable and thread-safe.
 */
public final class Deidentifier {
    /** The first value of De-identification Method (0012,0063). */
    public static final String METHOD = "Ferry: PS3.15 Basic Profile, Table E.1-1 of " + ProfileTable.EDITION;
    /** The range of the day shift: dates move 1 to this many days into the past. */
    public static final int MAX_SHIFT_DAYS = 3650;

    private final DeidentificationSettings settings;
    private final ProjectSecret secret;
    private final ProfileTable table = ProfileTable.standard();

    public Deidentifier(DeidentificationSettings settings, ProjectSecret secret) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /**
     * The de-identifier {@code settings} describe, with the secret read now from the variable they name.
     *
     * @param environment looks up an environment variable, {@code System::getenv} in Ferry
     * @throws IllegalStateException when the variable is not set or empty
     */
    public static Deidentifier create(DeidentificationSettings settings, Function<String, String> environment) {
        String value = environment.apply(settings.secretVariable());
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("environment variable " + settings.secretVariable()
                    + " (the secret-variable of deidentify) is not set");
        }
        return new Deidentifier(settings, new ProjectSecret(value.getBytes(StandardCharsets.UTF_8)));
    }

    public DeidentificationSettings settings() {
        return settings;
    }

    /** De-identifies {@code dataSet} in place. */
    public void apply(DataSet dataSet) {
        String patientId = first(dataSet, Tags.PatientID);
        Run run = new Run(new DateShift(dayShift(patientId)), TextCleaner.of(dataSet, settings.options()));
        process(dataSet, run);
        PseudonymTable.Pseudonym pseudonym = pseudonym(patientId);
        dataSet.setString(Tags.PatientID, Vr.LO, pseudonym.id());
        dataSet.setString(Tags.PatientName, Vr.PN, pseudonym.name() == null ? pseudonym.id() : pseudonym.name());
        record(dataSet);
    }

    /**
     * The pseudonym of {@code patientId}: the table's, else the prefix and the first 10 hexadecimal digits of
     * HMAC-SHA256(secret, "PatientID:" + patientId).
     */
    public PseudonymTable.Pseudonym pseudonym(String patientId) {
        return settings.pseudonyms().lookup(patientId).orElseGet(() -> new PseudonymTable.Pseudonym(
                settings.patientIdPrefix() + secret.hex("PatientID:" + patientId,
                        DeidentificationSettings.PSEUDONYM_DIGITS), null));
    }

    /** The days every date of {@code patientId} moves with modified dates: -1 to -{@value #MAX_SHIFT_DAYS}. */
    public int dayShift(String patientId) {
        return -(1 + secret.below("DateShift:" + patientId, MAX_SHIFT_DAYS));
    }

    /** What one object's de-identification needs besides the settings. */
    private record Run(DateShift shift, TextCleaner cleaner) {
    }

    private void process(DataSet dataSet, Run run) {
        int[] tags = new int[dataSet.size()];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = dataSet.tagAt(i);
        }
        // private elements are decided while their creators are still there
        List<Integer> privateRemovals = new ArrayList<>();
        for (int tag : tags) {
            if ((Tag.group(tag) & 1) == 1) {
                if (!keepPrivate(dataSet, tag)) {
                    privateRemovals.add(tag);
                } else if (dataSet.value(tag) instanceof Sequence sequence) {
                    sequence.items().forEach(item -> process(item, run));
                }
            }
        }
        for (int tag : tags) {
            if ((Tag.group(tag) & 1) == 1) {
                continue;
            }
            if (Tag.isGroupLength(tag)) {
                dataSet.remove(tag); // retired, and wrong once elements go
                continue;
            }
            Vr vr = dataSet.vr(tag);
            ProfileRow row = table.row(tag);
            ProfileAction action = row != null ? row.action(settings.options()).resolved() : unlisted(vr);
            switch (action) {
                case X -> dataSet.remove(tag);
                case Z -> empty(dataSet, tag, vr);
                case D -> dummy(dataSet, tag, vr, run);
                case U -> replaceUids(dataSet, tag, secret);
                case C -> clean(dataSet, tag, vr, run);
                default -> keep(dataSet, tag, run);
            }
        }
        privateRemovals.forEach(dataSet::remove);
    }

    private ProfileAction unlisted(Vr vr) {
        if (vr != Vr.DA && vr != Vr.DT && vr != Vr.TM) {
            return ProfileAction.K;
        }
        if (settings.has(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES)) {
            return ProfileAction.K;
        }
        return settings.has(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? ProfileAction.C : ProfileAction.D;
    }

    private boolean keepPrivate(DataSet dataSet, int tag) {
        if (!settings.has(ProfileOption.RETAIN_SAFE_PRIVATE) || !Tag.isPrivate(tag)) {
            return false;
        }
        try {
            String creator = Tag.isPrivateCreator(tag) ? dataSet.getString(tag) : dataSet.privateCreatorOf(tag);
            return creator != null && settings.safePrivateCreators().contains(creator.strip());
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    private void keep(DataSet dataSet, int tag, Run run) {
        if (dataSet.value(tag) instanceof Sequence sequence) {
            sequence.items().forEach(item -> process(item, run));
        }
    }

    private static void empty(DataSet dataSet, int tag, Vr vr) {
        if (vr == Vr.SQ || dataSet.value(tag) instanceof Sequence) {
            dataSet.newSequence(tag);
        } else {
            dataSet.put(tag, vr, Bytes.EMPTY);
        }
    }

    private void dummy(DataSet dataSet, int tag, Vr vr, Run run) {
        Value value = dataSet.value(tag);
        if (value instanceof Sequence sequence) {
            for (DataSet item : sequence.items()) {
                process(item, run);
                dummyFill(item);
            }
        } else if (!(value instanceof Bytes bytes && bytes.bytes().length == 0)) {
            DummyValues.put(dataSet, tag, vr, secret);
        }
    }

    /** Replaces every name, text, date and time left in an item of a sequence the profile replaces (D). */
    private void dummyFill(DataSet item) {
        for (int i = 0; i < item.size(); i++) {
            int tag = item.tagAt(i);
            Vr vr = item.vrAt(i);
            Value value = item.valueAt(i);
            if (value instanceof Sequence sequence) {
                sequence.items().forEach(this::dummyFill);
            } else if (value instanceof Bytes bytes && bytes.bytes().length > 0 && switch (vr) {
                case AE, AS, DA, DT, TM, LO, LT, PN, SH, ST, UC, UT, UR -> true;
                default -> false;
            }) {
                DummyValues.put(item, tag, vr, secret);
            }
        }
    }

    private void clean(DataSet dataSet, int tag, Vr vr, Run run) {
        Value value = dataSet.value(tag);
        if (value instanceof Sequence) {
            keep(dataSet, tag, run);
        } else if (vr == Vr.DA || vr == Vr.DT) {
            shiftDates(dataSet, tag, vr, run.shift());
        } else if (vr == Vr.TM) {
            return; // dates move by whole days, so times of day stay
        } else if (vr.kind() == Vr.Kind.TEXT && vr != Vr.UI) {
            String text = dataSet.getText(tag);
            if (text != null && !text.isEmpty()) {
                String cleaned = run.cleaner().clean(text);
                if (!cleaned.equals(text)) {
                    write(dataSet, tag, vr, cleaned);
                }
            }
        }
    }

    private void shiftDates(DataSet dataSet, int tag, Vr vr, DateShift shift) {
        List<String> values = values(dataSet, tag);
        if (values.isEmpty()) {
            return;
        }
        String[] shifted = new String[values.size()];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = shift.shift(values.get(i), vr == Vr.DT);
            if (shifted[i] == null) {
                DummyValues.put(dataSet, tag, vr, secret);
                return;
            }
        }
        dataSet.setString(tag, vr, shifted);
    }

    private static void write(DataSet dataSet, int tag, Vr vr, String text) {
        boolean single = vr == Vr.LT || vr == Vr.ST || vr == Vr.UT || vr == Vr.UR;
        if (single) {
            dataSet.setString(tag, vr, text);
        } else {
            dataSet.setString(tag, vr, text.split("\\\\", -1));
        }
    }

    /** Replaces every UID of {@code tag} with its replacement; written as UI whatever the VR was (UN, say). */
    static void replaceUids(DataSet dataSet, int tag, ProjectSecret secret) {
        List<String> uids = dataSet.vr(tag) == Vr.UI ? values(dataSet, tag) : rawText(dataSet, tag);
        if (uids.isEmpty()) {
            return;
        }
        String[] replaced = new String[uids.size()];
        for (int i = 0; i < replaced.length; i++) {
            String uid = uids.get(i).strip();
            replaced[i] = uid.isEmpty() ? "" : secret.uid(uid);
        }
        dataSet.setString(tag, Vr.UI, replaced);
    }

    private static List<String> rawText(DataSet dataSet, int tag) {
        byte[] bytes = dataSet.getBytes(tag);
        if (bytes == null || bytes.length == 0) {
            return List.of();
        }
        return List.of(new String(bytes, StandardCharsets.ISO_8859_1).replace("\0", "").split("\\\\"));
    }

    /** Every value of an element as text; empty when absent, empty or unreadable. */
    static List<String> values(DataSet dataSet, int tag) {
        try {
            return dataSet.getStrings(tag);
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    private static String first(DataSet dataSet, int tag) {
        List<String> values = values(dataSet, tag);
        return values.isEmpty() ? "" : values.get(0).strip();
    }

    private void record(DataSet dataSet) {
        Set<ProfileOption> options = settings.options();
        dataSet.setString(Tags.PatientIdentityRemoved, Vr.CS, "YES");
        List<String> method = new ArrayList<>();
        method.add(METHOD);
        Sequence codes = dataSet.newSequence(Tags.DeidentificationMethodCodeSequence);
        code(codes.addItem(), ProfileOption.PROFILE_CODE, ProfileOption.PROFILE_MEANING);
        for (ProfileOption option : ProfileOption.values()) {
            if (options.contains(option)) {
                method.add(option.meaning());
                code(codes.addItem(), option.code(), option.meaning());
            }
        }
        dataSet.setString(Tags.DeidentificationMethod, Vr.LO, method.toArray(String[]::new));
        String temporal = options.contains(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES) ? "UNMODIFIED"
                : options.contains(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? "MODIFIED" : "REMOVED";
        dataSet.setString(Tags.LongitudinalTemporalInformationModified, Vr.CS, temporal);
    }

    private static void code(DataSet item, String value, String meaning) {
        item.setString(Tags.CodeValue, Vr.SH, value);
        item.setString(Tags.CodingSchemeDesignator, Vr.SH, "DCM");
        item.setString(Tags.CodeMeaning, Vr.LO, meaning);
    }
}
