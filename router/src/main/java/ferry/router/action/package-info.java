/**
 * What routes do with a recorded object after its C-STORE response: store actions into folders (through tag edits
 * when configured) or the unrouted area, placed by the spool, every result journaled, failed actions tried again
 * while Ferry runs, recovery of unfinished records at start, and the end of each object: its finish, with its
 * forwarding jobs when it has some.
 */
package ferry.router.action;
