/**
 * Tag export: one object's header written as an event for a tag index (a Splunk HTTP Event Collector, a JSON lines
 * file), in one of two {@link ferry.router.tagexport.TagShape}s, with what Ferry knows of the object and a
 * deterministic event id ({@link ferry.router.tagexport.TagEvents}). Knows nothing of where events go: the
 * destinations of {@code ferry.router.forward} send them (docs/tag-export.md).
 */
package ferry.router.tagexport;
