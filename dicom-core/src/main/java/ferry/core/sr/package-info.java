/**
 * Structured reports (PS3.3 C.17.3, SR Document Content Module) read and flattened.
 * {@link ferry.core.sr.ContentTree#read} reads an SR document's content tree from its data set into typed records
 * ({@link ferry.core.sr.ContentItem}, {@link ferry.core.sr.ContentValue}, {@link ferry.core.sr.Code});
 * {@link ferry.core.sr.ContentTree#simplified()} reduces it to concept names and values after Orthanc's
 * "simplified tags" ({@link ferry.core.sr.SimplifiedReport}, JSON or indented text), and
 * {@link ferry.core.sr.ContentTree#measurements()} lists its numbers with their paths of concept names
 * ({@link ferry.core.sr.Measurement}) for an index. Reading is bounded in depth, never follows by-reference
 * relationships and never throws on what a data set holds. docs/structured-reports.md describes the forms.
 */
package ferry.core.sr;
