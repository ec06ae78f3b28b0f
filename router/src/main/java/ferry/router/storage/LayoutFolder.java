package ferry.router.storage;

import ferry.core.data.DataSet;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One "store to a folder" action: a folder, a {@link Layout}, a {@link CollisionPolicy} and a {@link Placement}.
 * For the {@code dcmserver} layout it also applies seed 002's echo rule, which needs to know the series: echo 1
 * is named {@code 0012.dcm} while its series has one echo, and once a second echo arrives the series' echo-1
 * files are renamed to {@code 0012_01.dcm} (atomically, each with a link that refuses an existing name) and
 * later echo-1 files are named so at once. The renames are returned so the caller can journal them.
 *
 * <p>The state is only a cache of what the series folder holds: whether a series has several echoes is read from
 * its file names ({@code _NN} before the extension) the first time the series is met, so a restart, or a series
 * forgotten from the cache (which keeps the latest {@value #REMEMBERED_SERIES}), loses nothing. Objects of one
 * series are named one at a time (striped locks); other series are not held up. The cache is per process: two
 * Ferry nodes storing the same multi-echo series into one shared folder at the same moment may leave an echo-1 file
 * unsuffixed. Thread-safe.
 */
public final class LayoutFolder {
    /** How many series folders the echo state remembers. */
    static final int REMEMBERED_SERIES = 4096;

    /**
     * What storing did.
     *
     * @param placed   where the object went
     * @param renamed  files of the same series renamed by the echo rule, in the order done (usually none)
     * @param unsynced the directory whose fsync makes the object's new name durable, left to the caller
     *                 ({@link #storeLeavingSync}), or null when there is none to make
     */
    public record Stored(Placement.Placed placed, List<Renamed> renamed, Path unsynced) {
        public Stored {
            renamed = List.copyOf(renamed);
        }

        /** Stored with nothing left to sync. */
        public Stored(Placement.Placed placed, List<Renamed> renamed) {
            this(placed, renamed, null);
        }
    }

    /** A file renamed in the folder. */
    public record Renamed(Path from, Path to) {
    }

    private final Path folder;
    private final Layout layout;
    private final CollisionPolicy policy;
    private final Placement placement;
    private final Map<Path, Boolean> severalEchoes = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[64];
    private final Pattern suffixed;
    private final Pattern unsuffixed;

    public LayoutFolder(Path folder, Layout layout, CollisionPolicy policy, Placement placement) {
        this.folder = folder.toAbsolutePath().normalize();
        this.layout = layout;
        this.policy = policy;
        this.placement = placement;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        String extension = Pattern.quote(layout.extension());
        this.suffixed = Pattern.compile(".+_\\d{2,}[A-Z]*" + extension);
        this.unsuffixed = Pattern.compile("([^.][^_]*?)([A-Z]*)" + extension);
    }

    public Path folder() {
        return folder;
    }

    public Layout layout() {
        return layout;
    }

    /**
     * Places {@code source} (the object whose header is {@code header}) at the layout's path in the folder;
     * {@code moveSource} as in {@link Placement#place}.
     */
    public Stored store(Path source, DataSet header, boolean moveSource) throws IOException {
        return store(source, header, moveSource, true);
    }

    /**
     * {@link #store} of a source that keeps its name, except that the fsync of the directory that got the new name
     * is left to the caller ({@link Stored#unsynced}, with {@link DirectorySyncs}). Renames by the echo rule are made
     * durable before this returns.
     */
    public Stored storeLeavingSync(Path source, DataSet header) throws IOException {
        return store(source, header, false, false);
    }

    private Stored store(Path source, DataSet header, boolean moveSource, boolean syncNow) throws IOException {
        int echo = layout.echoNumber(header);
        if (echo == 0) {
            return stored(placement.place(source, folder, layout.resolve(header), policy, moveSource, syncNow),
                    List.of());
        }
        Path single = layout.resolve(header, false);
        Path series = Placement.inside(folder, single).getParent();
        synchronized (locks[Math.floorMod(series.hashCode(), locks.length)]) {
            boolean several = hasSeveralEchoes(series);
            List<Renamed> renamed = List.of();
            if (echo > 1 && !several) {
                renamed = renameFirstEchoes(series);
                severalEchoes.put(series, true);
                several = true;
            }
            Path relative = several ? layout.resolve(header, true) : single;
            return stored(placement.place(source, folder, relative, policy, moveSource, syncNow), renamed);
        }
    }

    /**
     * {@code file}, found at its place in the folder (placed before a stop, never journaled), as stored: where the
     * policy forces placed files its directory is left to sync ({@link Stored#unsynced}) as after
     * {@link #storeLeavingSync}, since the stop may have come before the fsync that made its name durable.
     */
    public Stored foundInPlace(Path file) {
        return new Stored(new Placement.Placed(file, Placement.Outcome.PLACED), List.of(),
                placement.unsyncedDirectoryOf(file));
    }

    private static Stored stored(Placement.Unsynced placed, List<Renamed> renamed) {
        return new Stored(placed.placed(), renamed, placed.directory());
    }

    private boolean hasSeveralEchoes(Path series) throws IOException {
        Boolean known = severalEchoes.get(series);
        if (known != null) {
            return known;
        }
        boolean found = false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(series)) {
            for (Path file : files) {
                if (suffixed.matcher(file.getFileName().toString()).matches()) {
                    found = true;
                    break;
                }
            }
        } catch (NoSuchFileException newSeries) {
            found = false;
        }
        if (severalEchoes.size() >= REMEMBERED_SERIES) {
            severalEchoes.clear();
        }
        severalEchoes.put(series, found);
        return found;
    }

    /** Renames the series' echo-1 files, named before a second echo was seen, to their {@code _01} names. */
    private List<Renamed> renameFirstEchoes(Path series) throws IOException {
        List<Path> firstEchoes = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(series)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!suffixed.matcher(name).matches() && unsuffixed.matcher(name).matches()
                        && Files.isRegularFile(file)) {
                    firstEchoes.add(file);
                }
            }
        } catch (NoSuchFileException newSeries) {
            return List.of();
        }
        firstEchoes.sort(null);
        List<Renamed> renamed = new ArrayList<>(firstEchoes.size());
        for (Path file : firstEchoes) {
            Matcher m = unsuffixed.matcher(file.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1) + Layout.echoSuffix(1) + m.group(2) + layout.extension();
            Path to = placement.place(file, folder, folder.relativize(series.resolve(name)),
                    CollisionPolicy.KEEP_BOTH, true).path();
            renamed.add(new Renamed(file, to));
        }
        return renamed;
    }
}
