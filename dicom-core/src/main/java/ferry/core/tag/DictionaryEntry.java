package ferry.core.tag;

import java.util.List;

/** PLACEHOLDER until the generated dictionary lands. */
public record DictionaryEntry(int tag, int mask, List<Vr> vrs, String vm, String keyword, String name, boolean retired) {
}
