package ferry.router.make;

import ferry.core.data.DataSet;
import ferry.core.data.ValueRules;
import ferry.core.json.BulkDataResolver;
import ferry.core.json.DicomJsonException;
import ferry.core.json.DicomJsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ferry make --json FILE}: an object from a data set in the DICOM JSON model (PS3.18 §F.2), the inverse of
 * {@code ferry dump --json}. Binary values come {@code InlineBinary} or as {@code file:} BulkDataURIs — absolute, as
 * ferry dump writes them ({@code file:///data/a.dcm?offset=1234&length=524288}), or relative to the JSON file's
 * folder ({@code pixels.raw}, {@code file:pixels.raw?offset=0&length=8192}). The values are checked against the
 * rules of their VR ({@link ValueRules}) as a listing's are.
 */
public final class JsonObjects {
    private JsonObjects() {
    }

    /**
     * Makes the object the JSON in {@code in} holds (one data set, or an array of exactly one).
     *
     * @param name   what the messages call the input: its file name, or {@code stdin}
     * @param folder where relative BulkDataURIs are resolved: the JSON file's folder
     */
    public static Made make(InputStream in, String name, Path folder, MakeOptions options) {
        DataSet dataSet;
        try {
            dataSet = new DicomJsonReader(relativeTo(folder)).read(in);
        } catch (DicomJsonException e) {
            return Made.refused(name, List.of(name + ": " + e.getMessage()), 1, 0);
        } catch (IOException e) {
            return Made.refused(name, List.of(name + ": " + (e.getMessage() != null ? e.getMessage() : e.toString())),
                    1, 0);
        }
        List<String> messages = new ArrayList<>();
        List<ValueRules.Breach> breaches = ValueRules.check(dataSet);
        for (ValueRules.Breach breach : breaches) {
            messages.add(name + ": " + (options.lenient() ? "warning: " : "") + breach.path() + breach.message());
        }
        if (!breaches.isEmpty() && !options.lenient()) {
            return Made.refused(name, messages, breaches.size(), breaches.size());
        }
        return Made.of(new DataSet(), dataSet, options, name, messages);
    }

    /**
     * Resolves {@code file:} BulkDataURIs as {@link BulkDataResolver#FILE_URIS} does, after resolving relative ones
     * ({@code pixels.raw}, or {@code file:pixels.raw} without slashes) against {@code folder}. Any file the user
     * can read may be named: make objects only of JSON you trust.
     */
    static BulkDataResolver relativeTo(Path folder) {
        URI base = folder.toAbsolutePath().toUri();
        return (tag, vr, text) -> {
            URI uri;
            try {
                uri = new URI(text);
                if (uri.isOpaque() && "file".equalsIgnoreCase(uri.getScheme())) {
                    uri = new URI(uri.getRawSchemeSpecificPart());
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + text + "' is not a URI: " + e.getMessage(), e);
            }
            URI resolved = uri.getScheme() == null ? base.resolve(uri) : uri;
            return BulkDataResolver.FILE_URIS.resolve(tag, vr, resolved.toString());
        };
    }
}
