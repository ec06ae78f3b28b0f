/**
 * Forwarding received objects to other systems: the {@link ferry.router.forward.Destination} contract and its
 * implementations (DICOM C-STORE, DICOMweb STOW-RS, Orthanc REST, folder), fed by the durable forwarding queue, and
 * their settings ({@link ferry.router.forward.DestinationConfig}, a route's
 * {@link ferry.router.forward.ForwardConfig}).
 */
package ferry.router.forward;
