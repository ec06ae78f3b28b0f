package ferry.router.index;

import ferry.core.data.DataSet;

/**
 * One match of an {@link IndexQuery}.
 *
 * @param attributes the response identifier (PS3.4 C.4.1.2.1): each key of the query with the match's value (empty
 *                   when it has none), the Query/Retrieve Level when the query had one, and Specific Character Set
 *                   {@code ISO_IR 192} (the index keeps text decoded)
 * @param handling   what Ferry did with the instance, at the IMAGE level; null at the others
 */
public record IndexMatch(DataSet attributes, Handling handling) {
}
