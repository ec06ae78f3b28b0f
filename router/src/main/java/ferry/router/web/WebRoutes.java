package ferry.router.web;

/**
 * A part of Ferry served by its web server: the REST API, the Prometheus metrics, DICOMweb, the pages. The server
 * calls {@link #register} once, before it starts; the part adds its routes there, each with the role it needs
 * ({@link ferry.router.web.auth.Role}), and the server checks every request against that role before the handler
 * runs (docs/web.md, "Adding routes").
 *
 * <pre>{@code
 * WebRoutes metrics = routes -> routes.get("/metrics", Role.VIEWER, ctx -> {
 *     ctx.contentType(registry.contentType());
 *     registry.scrape(ctx.outputStream());
 * });
 * }</pre>
 */
@FunctionalInterface
public interface WebRoutes {
    /** Adds this part's routes. */
    void register(Routes routes);
}
