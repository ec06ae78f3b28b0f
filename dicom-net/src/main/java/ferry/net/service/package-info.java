/**
 * DIMSE services on top of associations: {@link ferry.net.service.DimseScp} (Verification, Storage and
 * Query/Retrieve FIND, MOVE and GET SCP, handing objects to a {@link ferry.net.service.StoreHandler} as streams,
 * queries to a {@link ferry.net.service.FindHandler} and retrievals to a {@link ferry.net.service.RetrieveHandler},
 * whose C-STORE sub-operations it performs), the attribute matching of C-FIND in {@link ferry.net.service.Matching},
 * {@link ferry.net.service.EchoScu}, {@link ferry.net.service.StoreScu}, {@link ferry.net.service.FindScu} (with
 * C-CANCEL), {@link ferry.net.service.RetrieveScu} (C-GET, its objects handed to a store handler, and C-MOVE, both
 * with C-CANCEL), {@link ferry.net.service.FolderStore} (storescp-like files) and
 * {@link ferry.net.service.DataSetCheck} (the failure status for a received data set that is broken or not the
 * instance its request names). PS3.4 Annexes A, B and C (C.4.1 to C.4.3), PS3.7 §9.
 */
package ferry.net.service;
