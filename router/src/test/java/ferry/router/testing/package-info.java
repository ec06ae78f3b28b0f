/** Test support for the router: generated studies, dcmtk senders, Ferry as a process, a small disk to fill. */
package ferry.router.testing;
