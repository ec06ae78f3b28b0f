/**
 * {@code ferry export-tags}: what the index holds sent once to a tag-export destination (a Splunk HTTP Event
 * Collector, a JSON lines file), with a record per destination of what it was sent, so that a run again, or after a
 * {@code kill -9}, sends nothing twice ({@link ferry.router.export.IndexExport}, docs/tag-export.md).
 */
package ferry.router.export;
