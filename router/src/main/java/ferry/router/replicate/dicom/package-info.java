/**
 * A replication's DICOM ends: a DICOM node (a PACS, dcmqrscp, Orthanc as a DICOM peer) listed by C-FIND down the
 * Study Root hierarchy, fetched from by C-GET or by C-MOVE to Ferry's own move destination, followed by C-FIND over a
 * moving date window, and asked by C-FIND what it holds (docs/replication-dicom.md).
 */
package ferry.router.replicate.dicom;
