/** Test support for the router: generated studies, dcmtk senders, Ferry as a process. */
package ferry.router.testing;
