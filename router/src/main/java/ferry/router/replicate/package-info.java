/**
 * Replication ({@code ferry replicate}, {@code replications:}): copies what a destination lacks from a source — an
 * Orthanc over its REST API, a DICOM node, a folder tree, Ferry's own store — incremental, resumable and
 * query-driven (docs/replication.md). This package is the engine and the contract its ends meet: a
 * {@link ferry.router.replicate.ReplicationSource} lists and fetches instances, a
 * {@link ferry.router.replicate.Presence} tells which of them a destination holds already, the destinations of
 * {@code ferry.router.forward} send the rest, and the {@link ferry.router.replicate.Replicator} does it with the
 * queue's retries, keeping its {@link ferry.router.replicate.ReplicationRecord}. The ends themselves are in the
 * sub-packages {@code orthanc} (Orthanc REST and DICOMweb QIDO-RS), {@code dicom} (a DICOM node) and {@code folder}
 * (a folder tree, Ferry's own store); {@code service} opens them by name ({@link ferry.router.replicate.Ends}) and
 * runs the configured replications in {@code ferry run}.
 */
package ferry.router.replicate;
