/**
 * A running Ferry: the service that ties configuration, listeners, receive pipeline, journal and actions
 * together; one instance per data directory (pid file lock); the control channel used by {@code status},
 * {@code stop} and {@code reload}, and the record of the data directory in use that leads them to it from the
 * configuration file ({@link ferry.router.run.InstanceRecord}, {@link ferry.router.run.InstanceState}).
 */
package ferry.router.run;
