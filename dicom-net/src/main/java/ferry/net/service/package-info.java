/**
 * DIMSE services on top of associations: {@link ferry.net.service.DimseScp} (Verification and Storage SCP,
 * handing objects to a {@link ferry.net.service.StoreHandler} as streams), {@link ferry.net.service.EchoScu},
 * {@link ferry.net.service.StoreScu} and {@link ferry.net.service.FolderStore} (storescp-like files). PS3.4
 * Annexes A and B, PS3.7 §9.
 */
package ferry.net.service;
