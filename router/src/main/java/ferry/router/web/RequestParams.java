package ferry.router.web;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.index.IdentifierKeys;
import ferry.router.index.IndexQuery;
import ferry.router.index.QueryLevel;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the web server's parts read from a request's parameters, with a 400 answer naming the parameter when it is not
 * what it should be: whole numbers in a range, UIDs, and the keys of an index query ({@code PatientID=DOE*},
 * {@code 00100020=X}, {@code StudyDate=20240101-20240131}), as the REST API's index routes and DICOMweb's QIDO-RS
 * take them.
 */
public final class RequestParams {
    /** A UID (PS3.5 §9.1): digits and dots, at most 64 characters. */
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private RequestParams() {
    }

    /** An integer query parameter in [{@code min}, {@code max}]; {@code fallback} when absent. */
    public static int intParam(Context ctx, String name, int fallback, int min, int max) {
        long value = longParam(ctx, name, fallback);
        if (value < min || value > max) {
            throw new BadRequestResponse(name + " must be from " + min + " to " + max);
        }
        return (int) value;
    }

    /** A long query parameter; {@code fallback} when absent. */
    public static long longParam(Context ctx, String name, long fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse(name + " must be a whole number, not '" + Json.clean(text) + "'");
        }
    }

    /** {@code text} if it is a UID; else 400. */
    public static String uid(String text, String what) {
        if (text == null || text.length() > 64 || !UID.matcher(text).matches()) {
            throw new BadRequestResponse("the " + what + " must be a UID (digits and dots, at most 64), not '"
                    + Json.clean(text) + "'");
        }
        return text;
    }

    /**
     * The identifier of an index query at {@code level} whose keys are the request's query parameters but those in
     * {@code notKeys} (each given once: {@code KEY=VALUE}, {@code KEY=} to ask for its value), with Specific
     * Character Set {@code ISO_IR 192} when a value is not ASCII, and every key the index holds at {@code level} asked
     * for (with the numbers of related entities when {@code counts}).
     */
    public static DataSet identifier(Context ctx, QueryLevel level, Set<String> notKeys, boolean counts) {
        Map<String, List<String>> parameters = ctx.queryParamMap();
        DataSet identifier = new DataSet();
        if (parameters.values().stream().flatMap(List::stream)
                .anyMatch(value -> !value.chars().allMatch(c -> c < 0x80))) {
            identifier.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        }
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (notKeys.contains(parameter.getKey())) {
                continue;
            }
            if (parameter.getValue().size() > 1) {
                throw new BadRequestResponse("the key " + Json.clean(parameter.getKey()) + " is given twice");
            }
            try {
                IdentifierKeys.put(identifier, parameter.getKey(), parameter.getValue().get(0), true);
            } catch (IllegalArgumentException e) {
                throw new BadRequestResponse(e.getMessage());
            }
        }
        for (String keyword : IndexQuery.keywords(level)) {
            int tag = IdentifierKeys.tag(keyword);
            if (!identifier.contains(tag) && (counts || !IndexQuery.isCount(tag))) {
                identifier.put(tag, StandardDictionary.vrOf(tag), Bytes.EMPTY);
            }
        }
        return identifier;
    }

    /** The index query of {@code identifier} at {@code level}; 400 naming the key that the index cannot match. */
    public static IndexQuery query(QueryLevel level, DataSet identifier) {
        try {
            return IndexQuery.of(level, identifier);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }
}
