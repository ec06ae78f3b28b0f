/**
 * A running Ferry: the service that ties configuration, listeners, receive pipeline, journal and actions
 * together; one instance per data directory (pid file lock); the control channel used by {@code status},
 * {@code stop} and {@code reload}.
 */
package ferry.router.run;
