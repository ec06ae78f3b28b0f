/**
 * The YAML toolkit every feature reads its settings with: the file read into line-aware nodes
 * ({@link ferry.router.config.yaml.YamlSource}, {@link ferry.router.config.yaml.ConfigNode}), typed reads that collect
 * every problem at once ({@link ferry.router.config.yaml.Section}, {@link ferry.router.config.yaml.ConfigProblems}),
 * and the value reads several features share. It knows no feature: the features depend on it, and
 * {@link ferry.router.config} assembles their settings into one configuration.
 */
package ferry.router.config.yaml;
