/**
 * Replications made ready to run: {@link ferry.router.replicate.service.Endpoints} opens a replication's ends by the
 * texts of its settings (a configured destination's name, an Orthanc URL, a folder, {@code local}), and
 * {@link ferry.router.replicate.service.ReplicationService} runs the {@code replications:} of the configuration in
 * {@code ferry run} and reports them in {@code ferry status} (docs/replication.md).
 */
package ferry.router.replicate.service;
