package ferry.router.web.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.core.tag.DictionaryEntry;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.UidRegistry;
import ferry.core.tag.Vr;
import ferry.router.web.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The viewer's dictionary and offline page, without a browser: the script holds exactly Ferry's dictionary and UID
 * names (read back line by line into entries), and the offline page inlines everything under a policy that allows
 * exactly its own scripts and styles.
 */
class ViewerDictionaryTest {
    private static final String PREFIX = "globalThis.FerryDictionaryData = ";

    @Test
    void theScriptHoldsEveryEntryOfStandardDictionaryAndNothingElse() throws IOException {
        JsonNode data = data();
        List<DictionaryEntry> read = new ArrayList<>();
        for (String line : data.path("entries").asText().split("\n")) {
            read.add(entry(line));
        }

        assertThat(read).hasSize(StandardDictionary.entries().size());
        for (int i = 0; i < read.size(); i++) {
            DictionaryEntry expected = StandardDictionary.entries().get(i);
            DictionaryEntry got = read.get(i);
            assertThat(got.tag() & got.mask()).as(expected.keyword()).isEqualTo(expected.tag() & expected.mask());
            assertThat(got).usingRecursiveComparison().ignoringFields("tag").as(expected.keyword()).isEqualTo(expected);
        }
        assertThat(data.path("entries").asText()).contains("00100010\tPN\t1\tPatientName\tPatient's Name\tN\n")
                .contains("60xx3000\tOB|OW\t1\tOverlayData\tOverlay Data\tN\n");
    }

    @Test
    void theScriptNamesEveryUidOfUidRegistry() throws IOException {
        String[] lines = data().path("uids").asText().split("\n");

        assertThat(lines).hasSize(UidRegistry.entries().size());
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i]).isEqualTo(UidRegistry.entries().get(i).uid() + "\t" + UidRegistry.entries().get(i).name());
        }
        assertThat(lines).contains("1.2.840.10008.1.2.1.99\tDeflated Explicit VR Little Endian");
    }

    @Test
    void theOfflinePageInlinesItsFilesAndItsPolicyAllowsOnlyThemAndNoConnection() {
        String page = TagViewer.offlinePage();

        assertThat(page).doesNotContain("<script src=").doesNotContain("<link rel=\"stylesheet\"")
                .contains(ViewerDictionary.script());
        Matcher policy = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">")
                .matcher(page);
        assertThat(policy.find()).isTrue();
        List<String> directives = Arrays.stream(policy.group(1).split(";")).map(String::trim).toList();
        assertThat(directives).contains("default-src 'none'", "connect-src 'none'", "form-action 'none'",
                "base-uri 'none'", "object-src 'none'", "img-src data:");
        assertThat(policy.group(1)).doesNotContain("unsafe-inline").doesNotContain("'self'").doesNotContain("http");
        assertThat(hashes(page, "script")).containsExactlyElementsOf(sources(directives, "script-src"));
        assertThat(hashes(page, "style")).containsExactlyElementsOf(sources(directives, "style-src"));
        assertThat(hashes(page, "script")).hasSize(7);
    }

    private static JsonNode data() throws IOException {
        String script = ViewerDictionary.script();
        int start = script.indexOf(PREFIX) + PREFIX.length();
        assertThat(script).endsWith(";\n");
        return Json.MAPPER.readTree(script.substring(start, script.length() - 2));
    }

    /** A line read back: tag with x for repeating nibbles, VRs, VM, keyword, name, Y/N. */
    private static DictionaryEntry entry(String line) {
        String[] f = line.split("\t", -1);
        assertThat(f).as(line).hasSize(6);
        int tag = (int) Long.parseLong(f[0].replace('x', '0'), 16);
        int mask = (int) Long.parseLong(f[0].replaceAll("[0-9A-F]", "F").replace('x', '0'), 16);
        List<Vr> vrs = Arrays.stream(f[1].split("\\|")).map(Vr::valueOf).toList();
        return new DictionaryEntry(tag, mask, vrs, f[2], f[3], f[4], f[5].equals("Y"));
    }

    private static List<String> hashes(String page, String element) {
        Matcher m = Pattern.compile("<" + element + ">(.*?)</" + element + ">", Pattern.DOTALL).matcher(page);
        List<String> hashes = new ArrayList<>();
        while (m.find()) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
                hashes.add("'sha256-" + Base64.getEncoder().encodeToString(digest) + "'");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return hashes;
    }

    private static List<String> sources(List<String> directives, String name) {
        String directive = directives.stream().filter(d -> d.startsWith(name + " ")).findFirst().orElseThrow();
        return List.of(directive.substring(name.length() + 1).split(" "));
    }
}
