/**
 * What routes do with a recorded object after its C-STORE response: store actions into folders (through tag edits
 * when configured) or the unrouted area, every result journaled, failed actions tried again while Ferry runs, and
 * recovery of unfinished records at start.
 */
package ferry.router.action;
