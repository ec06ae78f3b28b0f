package ferry.core.json;

import ferry.core.data.BulkData;
import ferry.core.data.Value;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a {@code BulkDataURI} met while reading DICOM JSON (PS3.18 §F.2.6) into a value, e.g. by fetching it
 * from a WADO-RS server or by pointing into a local file.
 */
@FunctionalInterface
public interface BulkDataResolver {

    /**
     * The value for {@code uri}, or {@code null} when this resolver does not handle such URIs (the reader then
     * reports the attribute as unresolvable).
     *
     * @throws IOException              when the URI is handled but its data cannot be had
     * @throws IllegalArgumentException when the URI is handled but malformed
     */
    Value resolve(int tag, Vr vr, String uri) throws IOException;

    /**
     * Resolves {@code file:} URIs, with optional {@code offset} and {@code length} query parameters (the form
     * {@link BulkDataRef#fileUri} writes), to little-endian {@link BulkData} in that file; other schemes are not
     * handled. It trusts the JSON: any readable file may be named. For JSON from elsewhere use
     * {@link #filesUnder(Path)} or a resolver of your own.
     */
    BulkDataResolver FILE_URIS = (tag, vr, uri) -> {
        FileUris.Place place = FileUris.parse(uri);
        return place == null ? null : bulkData(place);
    };

    /** Resolves nothing: every {@code BulkDataURI} is an error. */
    BulkDataResolver NONE = (tag, vr, uri) -> null;

    /** Like {@link #FILE_URIS}, but only for files inside {@code root} (after resolving {@code ..}). */
    static BulkDataResolver filesUnder(Path root) {
        Path base = root.toAbsolutePath().normalize();
        return (tag, vr, uri) -> {
            FileUris.Place place = FileUris.parse(uri);
            if (place == null) {
                return null;
            }
            if (!place.file().normalize().startsWith(base)) {
                throw new IllegalArgumentException("'" + uri + "' is outside " + base);
            }
            return bulkData(place);
        };
    }

    /** This resolver, and {@code other} for the URIs this one does not handle. */
    default BulkDataResolver orElse(BulkDataResolver other) {
        return (tag, vr, uri) -> {
            Value value = resolve(tag, vr, uri);
            return value != null ? value : other.resolve(tag, vr, uri);
        };
    }

    private static BulkData bulkData(FileUris.Place place) throws IOException {
        long size = Files.size(place.file());
        long length = place.length() < 0 ? size - place.offset() : place.length();
        if (place.offset() > size || length > size - place.offset()) {
            throw new IOException(place.file() + " holds " + size + " bytes, fewer than offset " + place.offset()
                    + " + length " + length);
        }
        return new BulkData(place.file(), place.offset(), length, false);
    }
}
