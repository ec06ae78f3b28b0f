/**
 * The DICOM data model: {@link ferry.core.data.DataSet} (elements in tag order, typed getters and setters, private
 * elements through their creator), and the values an element can hold — {@link ferry.core.data.Bytes},
 * {@link ferry.core.data.Sequence}, {@link ferry.core.data.Fragments} (encapsulated pixel data) and
 * {@link ferry.core.data.BulkData} (a large value left in its file). PS3.5 §6–§7.
 */
package ferry.core.data;
