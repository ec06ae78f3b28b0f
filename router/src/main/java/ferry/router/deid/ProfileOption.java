package ferry.router.deid;

import ferry.router.config.yaml.Section;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An option of the Basic Application Level Confidentiality Profile (PS3.15 §E.3), with its code from PS3.16 CID 7050
 * (scheme DCM) for De-identification Method Code Sequence (0012,0064). The order is that of the option columns of
 * Table E.1-1. Options Ferry cannot carry out honestly are listed but not {@linkplain #offered() offered}: cleaning
 * structured content or graphics needs an understanding of SR trees and annotations that a router does not have, and
 * the pixel-data options (not columns of the table) need image processing.
 */
public enum ProfileOption {
    RETAIN_SAFE_PRIVATE("113111", "Retain Safe Private Option", true),
    RETAIN_UIDS("113110", "Retain UIDs Option", true),
    RETAIN_DEVICE_IDENTITY("113109", "Retain Device Identity Option", true),
    RETAIN_INSTITUTION_IDENTITY("113112", "Retain Institution Identity Option", true),
    RETAIN_PATIENT_CHARACTERISTICS("113108", "Retain Patient Characteristics Option", true),
    RETAIN_LONGITUDINAL_FULL_DATES("113106", "Retain Longitudinal Temporal Information Full Dates Option", true),
    RETAIN_LONGITUDINAL_MODIFIED_DATES("113107", "Retain Longitudinal Temporal Information Modified Dates Option",
            true),
    CLEAN_DESCRIPTORS("113105", "Clean Descriptors Option", true),
    CLEAN_STRUCTURED_CONTENT("113104", "Clean Structured Content Option", false),
    CLEAN_GRAPHICS("113103", "Clean Graphics Option", false);

    /** The code of the profile itself in CID 7050. */
    public static final String PROFILE_CODE = "113100";
    /** The meaning of {@link #PROFILE_CODE}. */
    public static final String PROFILE_MEANING = "Basic Application Confidentiality Profile";

    private final String code;
    private final String meaning;
    private final boolean offered;

    ProfileOption(String code, String meaning, boolean offered) {
        this.code = code;
        this.meaning = meaning;
        this.offered = offered;
    }

    /** The code value in CID 7050. */
    public String code() {
        return code;
    }

    /** The code meaning in CID 7050. */
    public String meaning() {
        return meaning;
    }

    /** Whether Ferry carries this option out (and a configuration may name it). */
    public boolean offered() {
        return offered;
    }

    /** How the option is written in a configuration file, e.g. {@code retain-device-identity}. */
    public String written() {
        return Section.written(this);
    }

    /** The option written {@code text}, if any. */
    public static Optional<ProfileOption> of(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(option -> option.written().equals(wanted)).findFirst();
    }

    /** The options a configuration may name, as written. */
    public static List<String> offeredNames() {
        return Arrays.stream(values()).filter(ProfileOption::offered).map(ProfileOption::written).toList();
    }
}
