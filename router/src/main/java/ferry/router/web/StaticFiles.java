package ferry.router.web;

import ferry.router.web.auth.Role;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Files that ship inside Ferry's jar, served as they are: a folder of Ferry's own pages and scripts, and the front-end
 * libraries that come as WebJars from Maven Central (docs/web.md, "Adding routes"). Nothing is read from the file
 * system: a path that is not plain names separated by {@code /} (no {@code ..}, no {@code //}, no backslash), or a
 * file whose type is not a web page's (HTML, scripts, styles, JSON, images), is answered 404.
 *
 * <pre>{@code
 * parts.add(StaticFiles.folder("/ui", "ferry/web/ui", Role.VIEWER));   // ferry/web/ui/app.js at /ui/app.js
 * parts.add(StaticFiles.webjar("uplot"));   // META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js
 *                                           // at /webjars/uplot/dist/uPlot.iife.min.js
 * }</pre>
 *
 * <p>HTML pages are served with a Content-Security-Policy that lets them load scripts, styles and images from Ferry
 * only and talk to Ferry only ({@value #PAGE_POLICY}). Each file is read from the jar once; answers carry an
 * {@code ETag} (a digest of its bytes) and {@code Cache-Control: no-cache}, so a browser asks again but gets
 * {@code 304 Not Modified} until the file changes.
 */
public final class StaticFiles {
    /** The Content-Security-Policy of every HTML page served from the jar. */
    public static final String PAGE_POLICY = "default-src 'self'; img-src 'self' data: blob:; "
            + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("map", "application/json"));

    private static final Map<String, Optional<File>> FILES = new ConcurrentHashMap<>();

    private StaticFiles() {
    }

    /**
     * Serves the classpath folder {@code folder} (e.g. {@code ferry/web/ui}) under {@code prefix} (e.g. {@code /ui})
     * to callers with {@code role}; {@code prefix + "/"} serves the folder's {@code index.html}.
     */
    public static WebRoutes folder(String prefix, String folder, Role role) {
        return routes -> {
            routes.get(prefix + "/", role, ctx -> send(ctx, folder + "/index.html"));
            routes.get(prefix + "/<path>", role, ctx -> {
                String path = ctx.pathParam("path");
                if (!SAFE_PATH.matcher(path).matches()) {
                    notFound(ctx);
                    return;
                }
                send(ctx, folder + "/" + path);
            });
        };
    }

    /** Serves the classpath file {@code resource} at {@code path} (a page at {@code /}) to callers of {@code role}. */
    public static WebRoutes file(String path, String resource, Role role) {
        return routes -> routes.get(path, role, ctx -> send(ctx, resource));
    }

    /**
     * Serves {@code bytes}, a file Ferry makes once rather than one in the jar (the tag viewer's dictionary), at
     * {@code path}, whose extension says its type, to callers of {@code role}: as a file of the jar, with its ETag.
     * Register it before a {@link #folder} whose prefix covers {@code path}: the first route that matches serves.
     */
    public static WebRoutes made(String path, byte[] bytes, Role role) {
        String extension = extension(path);
        if (!TYPES.containsKey(extension)) {
            throw new IllegalArgumentException("not a web page's file type: " + path);
        }
        File file = File.of(bytes);
        return routes -> routes.get(path, role, ctx -> send(ctx, file, extension));
    }

    /**
     * Serves the WebJar {@code name} (a dependency in router/pom.xml) at {@code /webjars/NAME/...}, without its
     * version in the path, to anyone: libraries hold nothing about patients, and the login page needs them too.
     *
     * @throws IllegalStateException when no WebJar of that name is on the class path
     */
    public static WebRoutes webjar(String name) {
        String version = webjarVersion(name);
        String base = "META-INF/resources/webjars/" + name + "/" + version + "/";
        return routes -> routes.get("/webjars/" + name + "/<path>", Role.ANYONE, ctx -> {
            String path = ctx.pathParam("path");
            if (!SAFE_PATH.matcher(path).matches()) {
                notFound(ctx);
                return;
            }
            send(ctx, base + path);
        });
    }

    /** The version of the WebJar {@code name} on the class path, read from its Maven properties. */
    static String webjarVersion(String name) {
        for (String group : new String[] {"org.webjars.npm", "org.webjars", "org.webjars.bower"}) {
            try (InputStream in = resource("META-INF/maven/" + group + "/" + name + "/pom.properties")) {
                if (in != null) {
                    Properties properties = new Properties();
                    properties.load(in);
                    String version = properties.getProperty("version");
                    if (version != null) {
                        return version;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no WebJar named " + name + " on the class path");
    }

    private static String extension(String path) {
        return path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    private static void send(Context ctx, String resource) {
        // only files of the types below: a folder has none, and its URL would list its content
        String extension = extension(resource);
        if (!TYPES.containsKey(extension)) {
            notFound(ctx);
            return;
        }
        Optional<File> file = FILES.computeIfAbsent(resource, StaticFiles::load);
        if (file.isEmpty()) {
            notFound(ctx);
            return;
        }
        send(ctx, file.get(), extension);
    }

    private static void send(Context ctx, File file, String extension) {
        ctx.header("ETag", file.tag());
        ctx.header("Cache-Control", "no-cache");
        if (file.tag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        if (extension.equals("html")) {
            ctx.header("Content-Security-Policy", PAGE_POLICY);
        }
        ctx.contentType(TYPES.get(extension));
        ctx.result(file.bytes());
    }

    /** A file's bytes, read from the jar (or made) once, and its ETag: a digest of its bytes. */
    private record File(byte[] bytes, String tag) {
        static File of(byte[] bytes) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new File(bytes, '"' + HexFormat.of().formatHex(digest, 0, 12) + '"');
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Optional<File> load(String resource) {
        try (InputStream in = resource(resource)) {
            return in == null ? Optional.empty() : Optional.of(File.of(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from Ferry's jar", e);
        }
    }

    private static void notFound(Context ctx) {
        Json.error(ctx, 404, "not found: " + ctx.path());
    }

    private static InputStream resource(String name) {
        return StaticFiles.class.getClassLoader().getResourceAsStream(name);
    }
}
