package ferry.router.journal;

import java.io.IOException;

/**
 * Where a node's object ids come from. One Ferry on SQLite counts on from the highest id in its database. Nodes that
 * share a PostgreSQL database each take blocks of {@value #BLOCK} ids from a sequence there
 * ({@code object_id_block}), so that their ids never meet and no id costs a round trip to the server: a node's ids
 * grow in its own receipt order, and ids of different nodes interleave by blocks.
 */
interface ObjectIds {
    /** Ids a node takes from the sequence at once. */
    long BLOCK = 1L << 16;

    /** The id after {@code last}, the id given last (or the highest of this node's at the start). */
    long after(long last) throws IOException;

    /** Ids counting on from the last: one Ferry alone on its database. */
    ObjectIds COUNTING = last -> last + 1;

    /** Takes the first id of a fresh block: {@code BLOCK} times the sequence's next value. */
    @FunctionalInterface
    interface BlockSource {
        long nextBlock() throws IOException;
    }

    /** Ids in blocks from {@code source}; the first call takes a block. */
    static ObjectIds inBlocks(BlockSource source) {
        return new ObjectIds() {
            private long end; // the first id after the current block, 0 before the first

            @Override
            public long after(long last) throws IOException {
                if (last + 1 < end && last + 1 > end - BLOCK) {
                    return last + 1;
                }
                long block = source.nextBlock();
                end = (block + 1) * BLOCK;
                return block * BLOCK;
            }
        };
    }
}
