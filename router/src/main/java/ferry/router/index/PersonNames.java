package ferry.router.index;

/**
 * Person names as the index compares them (PS3.4 C.2.2.2.1.1 leaves case sensitivity of PN to the SCP; Ferry
 * matches them without regard to case): trailing empty components and groups dropped ({@code Doe^Jane^^} is
 * {@code Doe^Jane}), then folded to upper case character by character, so the folding of a key and of a value agree
 * wherever {@link String#equalsIgnoreCase} does.
 */
final class PersonNames {
    private PersonNames() {
    }

    /** {@code value} without the empty components and groups at its ends. */
    static String trimmed(String value) {
        String[] groups = value.strip().split("=", -1);
        for (int i = 0; i < groups.length; i++) {
            groups[i] = groups[i].strip().replaceAll("[\\^ ]+$", "");
        }
        return String.join("=", groups).replaceAll("=+$", "");
    }

    /** {@link #trimmed} and folded to upper case. */
    static String folded(String value) {
        String trimmed = trimmed(value);
        StringBuilder folded = new StringBuilder(trimmed.length());
        trimmed.codePoints().forEach(c -> folded.appendCodePoint(Character.toUpperCase(Character.toLowerCase(c))));
        return folded.toString();
    }
}
