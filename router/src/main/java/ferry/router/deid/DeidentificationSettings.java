package ferry.router.deid;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@code deidentify:} edit asks for (docs/deidentification.md): the environment variable holding the project's
 * secret (never the secret itself), the profile options, the pseudonym table and the prefix of derived pseudonyms.
 *
 * @param secretVariable      the environment variable with the secret
 * @param options             the options chosen, each {@linkplain ProfileOption#offered() offered}
 * @param pseudonyms          the pseudonym table (empty without {@code pseudonyms:})
 * @param pseudonymsFile      where the table was read from, or null
 * @param patientIdPrefix     the prefix of derived pseudonyms
 * @param safePrivateCreators the private creators whose elements Retain Safe Private keeps
 */
public record DeidentificationSettings(String secretVariable, Set<ProfileOption> options, PseudonymTable pseudonyms,
                                       Path pseudonymsFile, String patientIdPrefix, Set<String> safePrivateCreators) {
    /** The prefix of derived pseudonyms when the configuration names none. */
    public static final String DEFAULT_PREFIX = "ANON-";
    /** The hexadecimal digits of a derived pseudonym after its prefix. */
    public static final int PSEUDONYM_DIGITS = 10;

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public DeidentificationSettings {
        Objects.requireNonNull(secretVariable, "secretVariable");
        options = options.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(options));
        Objects.requireNonNull(pseudonyms, "pseudonyms");
        Objects.requireNonNull(patientIdPrefix, "patientIdPrefix");
        safePrivateCreators = Set.copyOf(safePrivateCreators);
    }

    public boolean has(ProfileOption option) {
        return options.contains(option);
    }

    /**
     * Reads the map under {@code deidentify:}; relative paths resolve against {@code base} (the configuration file's
     * folder). Every problem goes to {@code problems} with its line; returns null when the edit cannot be built.
     */
    public static DeidentificationSettings parse(ConfigNode node, Path base, ConfigProblems problems) {
        if (!(node instanceof ConfigNode.MapNode map)) {
            problems.add(node, "deidentify needs a map with at least secret-variable, e.g. "
                    + "{secret-variable: FERRY_DEID_SECRET}, found " + node.kind());
            return null;
        }
        int before = problems.all().size();
        Section section = new Section(map, problems);
        String variable = section.requiredString("secret-variable");
        if (variable != null && !VARIABLE.matcher(variable).matches()) {
            problems.add(section.node("secret-variable").orElse(map), "'" + variable
                    + "' is not an environment variable name; name the variable that holds the secret, never the"
                    + " secret itself");
        } else if (variable != null) {
            section.variable("secret-variable", null); // reports a variable notification commands get
        }
        Set<ProfileOption> options = options(section, problems);
        String prefix = section.string("patient-id-prefix", DEFAULT_PREFIX);
        if (prefix.length() > 64 - PSEUDONYM_DIGITS || prefix.contains("\\")
                || prefix.chars().anyMatch(Character::isISOControl)) {
            problems.add(section.node("patient-id-prefix").orElse(map), "a prefix has at most "
                    + (64 - PSEUDONYM_DIGITS) + " characters, no backslash and no control characters (Patient ID is"
                    + " LO, 64 characters)");
        }
        Set<String> creators = new LinkedHashSet<>();
        section.strings("safe-private-creators").forEach(creator -> creators.add(creator.strip()));
        if (options.contains(ProfileOption.RETAIN_SAFE_PRIVATE) && creators.isEmpty()) {
            problems.add(section.node("options").orElse(map), "retain-safe-private keeps the private creators listed"
                    + " in safe-private-creators; list at least one (Ferry has no built-in safe private list)");
        } else if (!creators.isEmpty() && !options.contains(ProfileOption.RETAIN_SAFE_PRIVATE)) {
            problems.add(section.node("safe-private-creators").orElse(map),
                    "safe-private-creators has no effect without the retain-safe-private option");
        }
        Path pseudonymsFile = null;
        PseudonymTable pseudonyms = PseudonymTable.EMPTY;
        String file = section.string("pseudonyms", null);
        if (file != null) {
            pseudonymsFile = base.resolve(file);
            ConfigNode where = section.node("pseudonyms").orElse(map);
            List<String> rowProblems = new ArrayList<>();
            try {
                pseudonyms = PseudonymTable.read(pseudonymsFile, rowProblems);
            } catch (IOException e) {
                problems.add(where, "cannot read the pseudonym table " + pseudonymsFile + ": " + e);
            }
            rowProblems.forEach(problem -> problems.add(where, file + " " + problem));
        }
        section.finish();
        if (problems.all().size() > before || variable == null) {
            return null;
        }
        return new DeidentificationSettings(variable, options, pseudonyms, pseudonymsFile, prefix, creators);
    }

    private static Set<ProfileOption> options(Section section, ConfigProblems problems) {
        Set<ProfileOption> options = EnumSet.noneOf(ProfileOption.class);
        for (ConfigNode item : section.list("options")) {
            String text = section.scalar(item);
            if (text == null) {
                continue;
            }
            Optional<ProfileOption> option = ProfileOption.of(text);
            if (option.isEmpty()) {
                problems.add(item, "unknown option '" + text + "'; the options are "
                        + String.join(", ", ProfileOption.offeredNames()));
            } else if (!option.get().offered()) {
                problems.add(item, "Ferry does not offer " + option.get().written() + ": it cannot clean "
                        + (option.get() == ProfileOption.CLEAN_GRAPHICS ? "graphic annotations" : "SR content items")
                        + " honestly, so the profile removes them instead (docs/deidentification.md)");
            } else if (!options.add(option.get())) {
                problems.add(item, "option " + text + " is listed twice");
            }
        }
        if (options.contains(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES)
                && options.contains(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            problems.add(section.node("options").orElse(section.node()), "choose one of"
                    + " retain-longitudinal-full-dates and retain-longitudinal-modified-dates: dates are either kept"
                    + " or shifted");
        }
        return options;
    }
}
