/**
 * Ferry's configuration: the YAML file read into line-aware nodes ({@link ferry.router.config.YamlSource},
 * {@link ferry.router.config.ConfigNode}), typed reads that collect every problem at once
 * ({@link ferry.router.config.Section}, {@link ferry.router.config.ConfigProblems}), and the validated, immutable
 * tree the rest of the router runs from.
 */
package ferry.router.config;
