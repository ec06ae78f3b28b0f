package ferry.core.data;

import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;

/** A present value that cannot be read as the asked type; names the element. */
public final class ValueFormatException extends RuntimeException {
    private final int tag;

    public ValueFormatException(int tag, String message) {
        super(Tag.toString(tag) + describe(tag) + ": " + message);
        this.tag = tag;
    }

    private static String describe(int tag) {
        String keyword = StandardDictionary.keywordOf(tag);
        return keyword.isEmpty() ? "" : " " + keyword;
    }

    public int tag() {
        return tag;
    }
}
