/**
 * A replication's HTTP ends: an Orthanc as source (listing by {@code /instances} or {@code /tools/find}, fetching
 * {@code /instances/{id}/file}, following {@code /changes}) and as a destination that says what it holds, and a
 * DICOMweb service asked by QIDO-RS; their requests and failures go through {@code HttpPeer} (docs/replication.md).
 */
package ferry.router.replicate.orthanc;
