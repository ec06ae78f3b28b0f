package ferry.core.data;

/**
 * The value of a data element: plain bytes, a sequence of items, encapsulated fragments, or a reference to bulk
 * data that stays in its file.
 */
public sealed interface Value permits Bytes, Sequence, Fragments, BulkData {
}
