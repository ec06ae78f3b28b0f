package ferry.core.charset;

import ferry.core.tag.Vr;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** PLACEHOLDER: replaced by the charset branch. */
public final class SpecificCharacterSet {
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet();

    public static SpecificCharacterSet of(String... definedTerms) {
        return DEFAULT;
    }

    public List<String> terms() {
        return List.of();
    }

    public List<String> unknownTerms() {
        return List.of();
    }

    public boolean isDefault() {
        return true;
    }

    public String decode(byte[] bytes, int offset, int length, Vr vr) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    public byte[] encode(String value, Vr vr) {
        return value.getBytes(StandardCharsets.ISO_8859_1);
    }
}
