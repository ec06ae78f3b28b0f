/**
 * Ferry's configuration: {@link ferry.router.config.ConfigLoader} reads the YAML file with the toolkit of
 * {@link ferry.router.config.yaml}, has each feature parse its own settings, checks what spans features (names of
 * destinations, routes and folders) and returns the validated, immutable {@link ferry.router.config.FerryConfig} the
 * rest of the router runs from. It is the top of the settings: no feature depends on it, only {@code run} and
 * {@code cli} do.
 */
package ferry.router.config;
