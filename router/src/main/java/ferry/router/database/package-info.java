/**
 * Where Ferry keeps its database and how it talks to it: {@link ferry.router.database.Database} names either the
 * embedded SQLite file of one machine ({@link ferry.router.database.SqliteDatabase}, the default) or a PostgreSQL
 * server that several nodes share ({@link ferry.router.database.PostgresDatabase}); it opens connections and turns
 * each engine's failures into messages that say what to do. {@link ferry.router.database.SqlDialect} is what the
 * stores ask when their SQL differs between the two (docs/cluster.md, docs/architecture.md "The stores and SQL").
 */
package ferry.router.database;
