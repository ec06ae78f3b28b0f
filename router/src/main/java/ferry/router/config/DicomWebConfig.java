package ferry.router.config;

import ferry.router.config.yaml.ChannelSettings;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.util.Locale;

/**
 * The {@code dicomweb:} settings (docs/dicomweb.md): whether the web server serves DICOMweb at {@code /dicom-web},
 * and the AE titles an object stored over HTTP (STOW-RS) carries through routing, as if it had come in a C-STORE
 * request: routes select such objects with {@code called: DICOMWEB} (or the title set here), the sender being the
 * client's address ({@code peer:}).
 *
 * @param enabled        false for {@code dicomweb: off}
 * @param calledAeTitle  the called AE title of objects stored over HTTP
 * @param callingAeTitle their calling AE title
 */
public record DicomWebConfig(boolean enabled, String calledAeTitle, String callingAeTitle) {
    /** The called AE title by default. */
    public static final String DEFAULT_CALLED = "DICOMWEB";
    /** The calling AE title by default. */
    public static final String DEFAULT_CALLING = "STOW-RS";

    /** On, {@code DICOMWEB} called by {@code STOW-RS}. */
    public static DicomWebConfig defaults() {
        return new DicomWebConfig(true, DEFAULT_CALLED, DEFAULT_CALLING);
    }

    /** {@code off}, or a map of {@code called-ae-title} and {@code calling-ae-title}. */
    static DicomWebConfig parse(ConfigNode node, ConfigProblems problems) {
        if (node instanceof ConfigNode.ScalarNode scalar && scalar.value() != null) {
            String text = scalar.value().strip().toLowerCase(Locale.ROOT);
            if (text.equals("off") || text.equals("false") || text.equals("no")) {
                return new DicomWebConfig(false, DEFAULT_CALLED, DEFAULT_CALLING);
            }
            if (!text.equals("on") && !text.equals("true") && !text.equals("yes")) {
                problems.add(node, "expected on, off, or settings such as {called-ae-title: DICOMWEB}");
            }
            return defaults();
        }
        Section section = Section.of(node, problems);
        String called = title(section, "called-ae-title", DEFAULT_CALLED, problems);
        String calling = title(section, "calling-ae-title", DEFAULT_CALLING, problems);
        section.finish();
        return new DicomWebConfig(true, called, calling);
    }

    private static String title(Section section, String key, String fallback, ConfigProblems problems) {
        String text = section.string(key, null);
        if (text == null) {
            return fallback;
        }
        String checked = ChannelSettings.aeTitle(text, section.node(key).orElseThrow(), problems);
        return checked == null ? fallback : checked;
    }
}
