/**
 * The DICOM JSON Model (PS3.18 Annex F.2): {@link ferry.core.json.DicomJsonWriter} streams data sets out as
 * DICOM JSON, {@link ferry.core.json.DicomJsonReader} reads DICOM JSON (one object or an array of them) back into
 * data sets. Binary values travel inline (base64) or as bulk data URIs: {@link ferry.core.json.BulkDataRef} is
 * what a writer's URI function is offered, {@link ferry.core.json.BulkDataResolver} what a reader asks to turn a
 * URI back into a value. Problems in the JSON are {@link ferry.core.json.DicomJsonException}s naming the attribute
 * and the line and column.
 */
package ferry.core.json;
