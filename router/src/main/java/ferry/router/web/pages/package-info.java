/**
 * Ferry's web pages (docs/web.md, "The dashboard"): the dashboard at {@code /}, the login page and the browser of
 * the index, plain HTML, CSS and JavaScript files under {@code ferry/web/ui} in the jar (no build step), with uPlot
 * from its WebJar for the chart. The pages hold no data: they read everything from the REST API
 * ({@code ferry.router.web.api}) as the logged-in user, so the API's roles decide what they show and allow.
 */
package ferry.router.web.pages;
