package ferry.router.web.viewer;

import ferry.router.web.StaticFiles;
import ferry.router.web.WebRoutes;
import ferry.router.web.auth.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag viewer (docs/viewer.md): its routes on Ferry's web server, and the same page as one self-contained HTML
 * file for {@code ferry viewer --out}.
 *
 * <p>The page is open to {@link Role#ANYONE}: it holds nothing from Ferry (no patient data, no state; the dictionary
 * is the public standard's), and it reads only files that the user opens in their own browser, so people without a
 * Ferry account can use it too.
 */
public final class TagViewer {
    /** The class-path folder of the page, its styles and scripts. */
    static final String FOLDER = "ferry/web/viewer";

    /**
     * The Content-Security-Policy of the offline file: nothing may be loaded or connected to, only the page's own
     * inline scripts and styles (by their SHA-256, filled in for {@code %s} and {@code %s}) run.
     */
    static final String OFFLINE_POLICY = "default-src 'none'; script-src %s; style-src %s; img-src data:; "
            + "connect-src 'none'; form-action 'none'; base-uri 'none'; object-src 'none'";

    private static final Pattern SCRIPT = Pattern.compile("<script src=\"([a-z-]+\\.js)\"></script>");
    private static final Pattern STYLE = Pattern.compile("<link rel=\"stylesheet\" href=\"([a-z-]+\\.css)\">");
    private static final Pattern POLICY = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*\">");

    private TagViewer() {
    }

    /** The page at {@code /viewer/}, its files, and its dictionary at {@code /viewer/dictionary-data.js}. */
    public static WebRoutes routes() {
        WebRoutes dictionary = StaticFiles.made("/viewer/dictionary-data.js",
                ViewerDictionary.script().getBytes(StandardCharsets.UTF_8), Role.ANYONE);
        WebRoutes files = StaticFiles.folder("/viewer", FOLDER, Role.ANYONE);
        return routes -> {
            dictionary.register(routes); // before the folder's /viewer/<path>: the file is made, not in the jar
            files.register(routes);
        };
    }

    /**
     * The page as one HTML file that needs nothing else: its styles and scripts (the dictionary included) inlined,
     * and a Content-Security-Policy ({@link #OFFLINE_POLICY}) that lets only those run and forbids every request.
     */
    public static String offlinePage() {
        String page = resource("index.html");
        List<String> scriptHashes = new ArrayList<>();
        List<String> styleHashes = new ArrayList<>();
        page = replace(STYLE, page, name -> {
            String css = "\n" + resource(name);
            styleHashes.add(hash(css));
            return "<style>" + css + "</style>";
        });
        page = replace(SCRIPT, page, name -> {
            String js = "\n" + (name.equals("dictionary-data.js") ? ViewerDictionary.script() : resource(name));
            if (js.toLowerCase().contains("</script")) {
                throw new IllegalStateException(name + " contains </script and cannot be inlined");
            }
            scriptHashes.add(hash(js));
            return "<script>" + js + "</script>";
        });
        String policy = OFFLINE_POLICY.formatted(String.join(" ", scriptHashes), String.join(" ", styleHashes));
        Matcher meta = POLICY.matcher(page);
        if (!meta.find()) {
            throw new IllegalStateException(FOLDER + "/index.html has no Content-Security-Policy meta element");
        }
        return meta.replaceFirst(Matcher.quoteReplacement(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"" + policy + "\">"));
    }

    private interface Inline {
        String of(String name);
    }

    private static String replace(Pattern pattern, String page, Inline inline) {
        Matcher m = pattern.matcher(page);
        StringBuilder out = new StringBuilder(page.length() + 600_000);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(inline.of(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A CSP source for inline text: {@code 'sha256-BASE64'} (CSP Level 2, "hash-source"). */
    private static String hash(String text) {
        return "'sha256-" + Base64.getEncoder().encodeToString(sha256(text.getBytes(StandardCharsets.UTF_8))) + "'";
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = TagViewer.class.getClassLoader().getResourceAsStream(FOLDER + "/" + name)) {
            if (in == null) {
                throw new IllegalStateException(FOLDER + "/" + name + " is missing from Ferry's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
