package ferry.core.tag;

import java.util.Optional;
import java.util.OptionalInt;

/** PLACEHOLDER until the generated dictionary lands (helper A replaces this file). */
public final class StandardDictionary {
    private StandardDictionary() {
    }

    public static Optional<DictionaryEntry> entry(int tag) {
        return Optional.empty();
    }

    public static Vr vrOf(int tag) {
        if (Tag.isGroupLength(tag)) {
            return Vr.UL;
        }
        if (Tag.isPrivateCreator(tag)) {
            return Vr.LO;
        }
        return switch (tag) {
            case 0x00020001 -> Vr.OB;
            case 0x00020002, 0x00020003, 0x00020010, 0x00020012, 0x00080016, 0x00080018, 0x0020000D, 0x0020000E -> Vr.UI;
            case 0x00080005 -> Vr.CS;
            case 0x00100010 -> Vr.PN;
            case 0x00100020 -> Vr.LO;
            case 0x7FE00010 -> Vr.OW;
            case 0x00280010, 0x00280011, 0x00280100, 0x00280103 -> Vr.US;
            default -> Vr.UN;
        };
    }

    public static String keywordOf(int tag) {
        return "";
    }

    public static OptionalInt tagOf(String keyword) {
        return OptionalInt.empty();
    }
}
