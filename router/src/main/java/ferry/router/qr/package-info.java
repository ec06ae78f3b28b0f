/**
 * The DICOM query/retrieve SCP of Ferry's listeners (docs/query-retrieve.md), over the index and the stored files:
 * C-FIND, C-MOVE and C-GET of the Patient Root and Study Root information models (PS3.4 C.4, C.6.1, C.6.2), switched
 * on per listener with {@code query-retrieve: on}.
 *
 * <p>{@link ferry.router.qr.QueryRetrieveModel} names the models; {@link ferry.router.qr.QrIdentifier} checks a
 * request identifier (its level, its keys, their VRs) and turns it into an {@link ferry.router.index.IndexQuery};
 * {@link ferry.router.qr.IndexFindHandler} streams the matches of a C-FIND,
 * {@link ferry.router.qr.IndexRetrieveHandler} gives the stored files of a C-MOVE or C-GET and the DICOM destinations that moves may name. The DIMSE side (pending
 * responses, C-CANCEL, sub-operations) is dicom-net's {@link ferry.net.service.DimseScp}.
 */
package ferry.router.qr;
