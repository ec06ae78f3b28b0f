/**
 * The {@code ferry} command line (picocli). {@link ferry.router.cli.FerryCommand} is the top command
 * that the {@code ./ferry} launcher starts; each subcommand is one class in this package and is
 * registered in {@code FerryCommand}'s {@code @Command(subcommands = …)}. Commands print their
 * results on stdout; log messages go to stderr (see {@code logback.xml}). See docs/architecture.md (section "Where to
 * add things") for adding a command.
 */
package ferry.router.cli;
