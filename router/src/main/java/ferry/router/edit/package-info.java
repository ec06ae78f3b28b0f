/**
 * Tag modification on the way into a store or to a destination: the edits a route names ({@link
 * ferry.router.edit.TagEdit}: set, copy, remove, remove private tags, regex replace, seed 002's wipe list), the tag
 * references they use ({@link ferry.router.edit.TagReference}), and the edited copy of a received object ({@link
 * ferry.router.edit.EditedCopy}), written beside the original, which is never changed.
 */
package ferry.router.edit;
