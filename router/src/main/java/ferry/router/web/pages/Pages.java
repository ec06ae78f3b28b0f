package ferry.router.web.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import ferry.core.tag.DictionaryEntry;
import ferry.core.tag.StandardDictionary;
import ferry.router.web.Json;
import ferry.router.web.Routes;
import ferry.router.web.StaticFiles;
import ferry.router.web.WebRoutes;
import ferry.router.web.auth.Role;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The pages as a part of the web server: the dashboard at {@code /} and {@code /ui/}, the login page at
 * {@code /ui/login.html}, the index browser at {@code /ui/browse.html}, their scripts and styles under {@code /ui/},
 * uPlot at {@code /webjars/uplot/}, and the names of the standard's attributes at {@value #DICTIONARY} (PS3.6, as
 * {@code {"00100020": "Patient ID", ...}}, for the tag tree). They are served to anyone (the login page must be, and
 * none holds data); what they show comes from the REST API, which asks the caller to log in.
 */
public final class Pages implements WebRoutes {
    /** Where the files are in the jar. */
    static final String FOLDER = "ferry/web/ui";
    private static final String UPLOT = "/webjars/uplot/<path>";
    static final String DICTIONARY = "/ui/dictionary.json";

    @Override
    public void register(Routes routes) {
        StaticFiles.file("/", FOLDER + "/index.html", Role.ANYONE).register(routes);
        routes.get(DICTIONARY, Role.ANYONE, ctx -> ctx.header("Cache-Control", "max-age=86400")
                .contentType("application/json").result(Names.JSON)); // before /ui/<path>: the first match serves
        StaticFiles.folder("/ui", FOLDER, Role.ANYONE).register(routes);
        if (!routes.has("GET", UPLOT)) {
            StaticFiles.webjar("uplot").register(routes);
        }
    }

    /** The names of the standard's attributes by tag as JSON, made when first asked for (no repeating groups). */
    private static final class Names {
        static final byte[] JSON = json();

        private static byte[] json() {
            Map<String, String> names = new LinkedHashMap<>();
            for (DictionaryEntry entry : StandardDictionary.entries()) {
                if (entry.mask() == 0xFFFFFFFF) {
                    names.put(String.format(Locale.ROOT, "%08X", entry.tag()), entry.name());
                }
            }
            try {
                return Json.MAPPER.writeValueAsBytes(names);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
