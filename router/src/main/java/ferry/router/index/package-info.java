/**
 * The index: every object Ferry stored or forwarded, as patient / study / series / instance rows in the journal's
 * database (docs/index.md), queryable with the matching of C-FIND (PS3.4 C.2.2.2).
 *
 * <p>Writing: {@link ferry.router.index.IndexUpdate} makes the rows of a finished object, written in the journal
 * transaction that finishes it; {@link ferry.router.index.FileIndexer} adds folders of files ({@code ferry index}).
 * Both go through {@code IndexStore}, whose SQL text is {@code IndexSql}'s. Reading: an
 * {@link ferry.router.index.IndexQuery} (a level and a C-FIND identifier) is opened by
 * {@link ferry.router.index.IndexSearch} as an {@link ferry.router.index.IndexCursor}, which streams
 * {@link ferry.router.index.IndexMatch}es from the database and can be cancelled from another thread: what
 * {@code ferry find --local} and a C-FIND SCP use. Keys the SQL can narrow (UIDs, values, wild cards, date
 * ranges, names) are compiled to it by {@code SqlFilter}; every match is then checked with the C-FIND matching of
 * {@link ferry.net.service.Matching}, so SQL and the standard's rules never disagree. The same SQL, but for wild cards
 * and the measurements' names, on SQLite and PostgreSQL (docs/cluster.md).
 */
package ferry.router.index;
