/**
 * Checks of the release artifacts built by {@code mvn package} (docs/operations.md): the tarball unpacked and run
 * without any build tool, the Debian package's metadata and files, and the third-party licence list.
 */
package ferry.distribution;
