package ferry.router.web.pages;

import ferry.router.web.Routes;
import ferry.router.web.StaticFiles;
import ferry.router.web.WebRoutes;
import ferry.router.web.auth.Role;

/**
 * The pages as a part of the web server: the dashboard at {@code /} and {@code /ui/}, the login page at
 * {@code /ui/login.html}, the index browser at {@code /ui/browse.html}, their scripts and styles under {@code /ui/},
 * and uPlot at {@code /webjars/uplot/}; the tag tree names attributes with the tag viewer's dictionary
 * ({@code /viewer/dictionary-data.js}). They are served to anyone (the login page must be, and
 * none holds data); what they show comes from the REST API, which asks the caller to log in.
 */
public final class Pages implements WebRoutes {
    /** Where the files are in the jar. */
    static final String FOLDER = "ferry/web/ui";

    @Override
    public void register(Routes routes) {
        StaticFiles.file("/", FOLDER + "/index.html", Role.ANYONE).register(routes);
        StaticFiles.folder("/ui", FOLDER, Role.ANYONE).register(routes);
        StaticFiles.webjar("uplot").register(routes);
    }
}
