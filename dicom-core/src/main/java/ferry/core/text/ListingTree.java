package ferry.core.text;

import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The nesting of a listing while it is read: the sequences, items and encapsulated pixel data open at the current
 * line. Lines open them; indentation or delimiter lines close them, so that both ways of writing nesting work:
 *
 * <ul>
 *   <li>by indentation, as dcmdump and ferry dump print: an item's elements indented deeper than its
 *       {@code (FFFE,E000)} line, which is indented deeper than its sequence's line. A line indented no deeper than
 *       an open item's elements closes the item; the same for sequences. The item lines may even be left out:
 *       elements indented under a sequence line form its one item.</li>
 *   <li>by delimiter lines, with or without indentation: {@code (FFFE,E000)} opens an item of the innermost open
 *       sequence (closing the item open in it), {@code (FFFE,E00D)} closes the item, {@code (FFFE,E0DD)} the
 *       sequence.</li>
 * </ul>
 *
 * A sequence or item closed by its delimiter line is written with undefined length, one closed otherwise with a
 * defined length, unless the listing says which (dcmdump's "Sequence with explicit length", the {@code u/l} of a
 * {@code # length} comment).
 */
final class ListingTree {
    /** Sequences may nest this deep, as deep as the file reader accepts (ReadOptions). */
    static final int MAX_DEPTH = 64;

    private static final int NONE = Integer.MIN_VALUE;

    private enum Kind { ROOT, ITEM, SEQUENCE, FRAGMENTS }

    /** One open level. */
    private static final class Frame {
        final Kind kind;
        int lineIndent;
        int contentIndent = NONE;
        final DataSet dataSet;
        final Sequence sequence;
        final Fragments fragments;
        final Boolean declaredUndefined;
        boolean hasItems;

        Frame(Kind kind, int lineIndent, DataSet dataSet, Sequence sequence, Fragments fragments,
              Boolean declaredUndefined) {
            this.kind = kind;
            this.lineIndent = lineIndent;
            this.dataSet = dataSet;
            this.sequence = sequence;
            this.fragments = fragments;
            this.declaredUndefined = declaredUndefined;
        }
    }

    private final Deque<Frame> frames = new ArrayDeque<>();
    private int sequences;

    ListingTree(DataSet root) {
        frames.push(new Frame(Kind.ROOT, NONE, root, null, null, null));
    }

    /** Whether the current line is inside a sequence item (not at the top level). */
    boolean nested() {
        return frames.size() > 1;
    }

    /**
     * The data set an element line indented by {@code indent} belongs to, after closing what the indentation
     * closes; an element indented under a sequence line that has no item yet opens an item for it.
     */
    DataSet elementTarget(int indent) throws ListingLine.Malformed {
        while (true) {
            Frame top = frames.peek();
            switch (top.kind) {
                case ROOT -> {
                    return top.dataSet;
                }
                case ITEM -> {
                    if (top.contentIndent == NONE && indent >= top.lineIndent) {
                        top.contentIndent = indent;
                    }
                    if (top.contentIndent != NONE && indent >= top.contentIndent) {
                        return top.dataSet;
                    }
                    close(false);
                }
                case SEQUENCE -> {
                    if (!top.hasItems && indent > top.lineIndent) {
                        top.hasItems = true;
                        top.contentIndent = indent;
                        Frame item = new Frame(Kind.ITEM, indent, top.sequence.addItem(), null, null, null);
                        item.contentIndent = indent;
                        frames.push(item);
                        return item.dataSet;
                    }
                    close(false);
                }
                case FRAGMENTS -> {
                    if (indent > top.lineIndent) {
                        throw new ListingLine.Malformed("encapsulated pixel data holds only items (FFFE,E000), not "
                                + "elements");
                    }
                    close(false);
                }
            }
        }
    }

    /** Opens a sequence whose line is indented by {@code indent} (its element is already in its data set). */
    void openSequence(int indent, Sequence sequence, Boolean declaredUndefined) throws ListingLine.Malformed {
        if (++sequences > MAX_DEPTH) {
            throw new ListingLine.Malformed("sequences nest more than " + MAX_DEPTH + " levels deep");
        }
        frames.push(new Frame(Kind.SEQUENCE, indent, null, sequence, null, declaredUndefined));
    }

    /** Opens encapsulated pixel data whose line is indented by {@code indent}. */
    void openFragments(int indent, Fragments fragments) {
        frames.push(new Frame(Kind.FRAGMENTS, indent, null, null, fragments, null));
    }

    /**
     * Closes what an item line indented by {@code indent} closes. Returns the encapsulated pixel data it is a
     * fragment of, or null when it is an item of a sequence: then {@link #openItem} opens it.
     */
    Fragments itemLine(int indent) throws ListingLine.Malformed {
        while (true) {
            Frame top = frames.peek();
            switch (top.kind) {
                case ROOT -> throw new ListingLine.Malformed("an item (FFFE,E000) outside any sequence");
                case ITEM -> {
                    if (top.lineIndent < indent) {
                        throw new ListingLine.Malformed("an item (FFFE,E000) directly inside an item: a sequence "
                                + "line must come first");
                    }
                    close(false);
                }
                case SEQUENCE, FRAGMENTS -> {
                    if (top.lineIndent > indent) {
                        close(false);
                    } else {
                        top.hasItems = true;
                        if (top.contentIndent == NONE) {
                            top.contentIndent = indent;
                        }
                        return top.fragments;
                    }
                }
            }
        }
    }

    /** Opens an item of the sequence {@link #itemLine} found; returns its data set. */
    DataSet openItem(int indent, Boolean declaredUndefined) {
        DataSet item = frames.peek().sequence.addItem();
        frames.push(new Frame(Kind.ITEM, indent, item, null, null, declaredUndefined));
        return item;
    }

    /** An item delimiter line (FFFE,E00D) indented by {@code indent}: closes the item it ends. */
    void itemDelimiter(int indent) throws ListingLine.Malformed {
        closeDeeperThan(indent);
        if (frames.peek().kind != Kind.ITEM) {
            throw new ListingLine.Malformed("an item delimiter (FFFE,E00D) with no item open");
        }
        close(true);
    }

    /** A sequence delimiter line (FFFE,E0DD) indented by {@code indent}: closes the sequence or pixel data. */
    void sequenceDelimiter(int indent) throws ListingLine.Malformed {
        closeDeeperThan(indent);
        if (frames.peek().kind == Kind.ITEM) {
            close(false);
        }
        Kind kind = frames.peek().kind;
        if (kind != Kind.SEQUENCE && kind != Kind.FRAGMENTS) {
            throw new ListingLine.Malformed("a sequence delimiter (FFFE,E0DD) with no sequence open");
        }
        close(true);
    }

    /** Closes everything still open, at the end of the listing. */
    void finish() {
        while (frames.size() > 1) {
            close(false);
        }
    }

    private void closeDeeperThan(int indent) {
        while (frames.size() > 1 && frames.peek().lineIndent > indent) {
            close(false);
        }
    }

    private void close(boolean delimited) {
        Frame frame = frames.pop();
        boolean undefined = frame.declaredUndefined != null ? frame.declaredUndefined : delimited;
        if (frame.kind == Kind.ITEM) {
            frame.dataSet.setUndefinedLength(undefined);
        } else if (frame.kind == Kind.SEQUENCE) {
            frame.sequence.setUndefinedLength(undefined);
            sequences--;
        }
    }
}
