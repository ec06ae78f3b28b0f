package ferry.router.web.dicomweb;

/**
 * The AE titles an object stored over HTTP (STOW-RS) carries through routing, as if it had come in a C-STORE
 * request (the {@code dicomweb:} settings, docs/dicomweb.md); the peer is the client's address.
 *
 * @param calledAeTitle  what routes select with {@code called:}
 * @param callingAeTitle what routes select with {@code calling:}
 */
public record StowTitles(String calledAeTitle, String callingAeTitle) {
}
