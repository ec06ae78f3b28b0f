package ferry.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Golden bytes for codec tests, written as text: hex byte pairs, {@code 'quoted ASCII'}, and {@code //} comments
 * to the end of the line, e.g. {@code "10 00 10 00 'PN' 08 00 'Doe^John' // (0010,0010) PN, length 8"}.
 */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int comment = line.indexOf("//");
            String code = comment >= 0 ? line.substring(0, comment) : line;
            int i = 0;
            while (i < code.length()) {
                char c = code.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '\'') {
                    int end = code.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed quote in: " + line);
                    }
                    out.writeBytes(code.substring(i + 1, end).getBytes(StandardCharsets.ISO_8859_1));
                    i = end + 1;
                } else {
                    out.write(Integer.parseInt(code.substring(i, i + 2), 16));
                    i += 2;
                }
            }
        }
        return out.toByteArray();
    }
}
