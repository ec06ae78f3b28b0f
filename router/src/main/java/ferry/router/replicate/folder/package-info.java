/**
 * A replication's file ends: a folder tree of DICOM files as source and as a destination that says what it holds,
 * and Ferry's own store as a source selected by a query on its index (docs/replication.md).
 */
package ferry.router.replicate.folder;
