/**
 * Replication ({@code ferry replicate}, {@code replications:}): copies what a destination lacks from a source — an
 * Orthanc over its REST API, a DICOM node, a folder tree, Ferry's own store — incremental, resumable and
 * query-driven (docs/replication.md). A {@link ferry.router.replicate.ReplicationSource} lists and fetches
 * instances, a {@link ferry.router.replicate.Presence} tells which of them a destination holds already, and the
 * destinations of {@code ferry.router.forward} send the rest.
 */
package ferry.router.replicate;
