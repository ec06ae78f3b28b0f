package ferry.router.web.dicomweb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Element;
import ferry.core.json.DicomJsonReader;
import ferry.core.json.DicomJsonWriter;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.index.IdentifierKeys;
import ferry.router.index.IndexCursor;
import ferry.router.index.IndexMatch;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexSearch;
import ferry.router.index.QueryLevel;
import ferry.router.web.Json;
import ferry.router.web.RequestParams;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotAcceptableResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * QIDO-RS (PS3.18 §10.6) over the index: {@code /dicom-web/studies}, {@code /series}, {@code /instances} and the
 * same below a study or series. Query parameters are keys as the index matches them (keyword or tag, wild cards,
 * date ranges: docs/index.md), with {@code includefield}, {@code limit}, {@code offset} and {@code fuzzymatching};
 * each match is answered in the DICOM JSON Model (PS3.18 F.2) with its Retrieve URL (0008,1190). A key the index
 * cannot match is a 400 naming the keys it can; at the instance level, {@code includefield} may also name any
 * attribute of the instances' headers (read from the index, never from a file). No match is {@code 200 []}.
 */
final class Qido {
    /** The parameters that are not keys (PS3.18 §8.3.4). */
    static final Set<String> NOT_KEYS = Set.of("limit", "offset", "includefield", "fuzzymatching");
    /** Matches answered when the request gives no limit, and at most. */
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final IndexSearch index;

    Qido(IndexSearch index) {
        this.index = index;
    }

    /** A search at {@code level}, within study {@code study} and series {@code series} when they are not null. */
    void search(Context ctx, QueryLevel level, String study, String series) throws IOException {
        acceptJson(ctx);
        int offset = RequestParams.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = RequestParams.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<String> warnings = new ArrayList<>();
        String fuzzy = ctx.queryParam("fuzzymatching");
        if (fuzzy != null && !fuzzy.equals("true") && !fuzzy.equals("false")) {
            throw new BadRequestResponse("fuzzymatching is true or false, not '" + Json.clean(fuzzy) + "'");
        }
        if ("true".equals(fuzzy)) {
            warnings.add("fuzzymatching is not supported: person names are matched as given, without regard to case");
        }
        DataSet identifier = RequestParams.identifier(ctx, level, NOT_KEYS, false);
        for (int count : counts(level)) {
            identifier.put(count, Vr.IS, Bytes.EMPTY);
        }
        if (study != null) {
            identifier.setString(Tags.StudyInstanceUID, Vr.UI, study);
        }
        if (series != null) {
            identifier.setString(Tags.SeriesInstanceUID, Vr.UI, series);
        }
        List<Integer> fromHeaders = includeFields(ctx, level, identifier, warnings);
        IndexQuery query = RequestParams.query(level, identifier);
        DicomWebUrls urls = DicomWebUrls.of(ctx);
        List<DataSet> page = new ArrayList<>();
        IndexCursor.Page matches = index.page(query, offset, limit);
        for (IndexMatch match : matches.matches()) {
            page.add(answer(match.attributes(), level, urls));
        }
        boolean more = matches.more();
        if (!fromHeaders.isEmpty()) {
            addFromHeaders(page, fromHeaders);
        }
        if (more) {
            warnings.add("there are more than " + limit + " matches: ask for the next with offset=" + (offset + limit));
        }
        for (String warning : warnings) {
            ctx.res().addHeader("Warning", "299 ferry \"" + warning.replace('"', '\'') + "\"");
        }
        ctx.status(200).contentType(DicomWebRoutes.DICOM_JSON);
        try (JsonGenerator generator = JSON.createGenerator(ctx.outputStream())) {
            generator.writeStartArray();
            for (DataSet match : page) {
                DicomJsonWriter.DEFAULT.write(match, generator);
            }
            generator.writeEndArray();
        }
    }

    /** 406 unless the client takes DICOM JSON ({@code application/dicom+json}, {@code application/json}). */
    static void acceptJson(Context ctx) {
        List<MediaRange> accepted;
        try {
            accepted = MediaRange.accepted(ctx.header("Accept"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("Accept: " + e.getMessage());
        }
        if (accepted.stream().noneMatch(r -> r.takes("application", "dicom+json") || r.takes("application", "json"))) {
            throw new NotAcceptableResponse("this resource is served as application/dicom+json (PS3.18 F.2) only, "
                    + "not as " + Json.clean(ctx.header("Accept")));
        }
    }

    /** The numbers of related entities a match of {@code level} carries (PS3.18 Table 10.6.3-3 to -5). */
    private static List<Integer> counts(QueryLevel level) {
        return switch (level) {
            case STUDY -> List.of(Tags.NumberOfStudyRelatedSeries, Tags.NumberOfStudyRelatedInstances);
            case SERIES -> List.of(Tags.NumberOfSeriesRelatedInstances);
            default -> List.of();
        };
    }

    /**
     * Adds the keys {@code includefield} asks for (keywords or tags, repeated or comma-separated, {@code all}) to
     * the identifier when the index holds them; returns those to copy from the instances' headers (instance level);
     * the others are left out with a warning.
     */
    private static List<Integer> includeFields(Context ctx, QueryLevel level, DataSet identifier,
                                               List<String> warnings) {
        Set<Integer> fromHeaders = new LinkedHashSet<>();
        List<String> ignored = new ArrayList<>();
        for (String value : ctx.queryParams("includefield")) {
            for (String name : value.split(",")) {
                String field = name.strip();
                if (field.isEmpty()) {
                    continue;
                }
                if (field.toLowerCase(Locale.ROOT).equals("all")) {
                    for (String keyword : IndexQuery.keywords(level)) {
                        int tag = IdentifierKeys.tag(keyword);
                        if (!identifier.contains(tag) && !IndexQuery.isCount(tag)) {
                            identifier.put(tag, StandardDictionary.vrOf(tag), Bytes.EMPTY);
                        }
                    }
                    if (level == QueryLevel.IMAGE) {
                        fromHeaders.add(-1);
                    }
                    continue;
                }
                int tag;
                try {
                    tag = IdentifierKeys.tag(field);
                } catch (IllegalArgumentException e) {
                    throw new BadRequestResponse("includefield: " + e.getMessage());
                }
                if (IndexQuery.holds(level, tag)) {
                    if (!identifier.contains(tag)) {
                        identifier.put(tag, StandardDictionary.vrOf(tag), Bytes.EMPTY);
                    }
                } else if (level == QueryLevel.IMAGE) {
                    fromHeaders.add(tag);
                } else {
                    ignored.add(field);
                }
            }
        }
        if (!ignored.isEmpty()) {
            warnings.add("includefield " + Json.clean(String.join(",", ignored)) + ": not in the index at the "
                    + level + " level; left out");
        }
        return List.copyOf(fromHeaders);
    }

    /** A match as answered: its keys but the Query/Retrieve Level, and its Retrieve URL. */
    private static DataSet answer(DataSet attributes, QueryLevel level, DicomWebUrls urls) {
        attributes.remove(Tags.QueryRetrieveLevel);
        String study = attributes.getString(Tags.StudyInstanceUID, "");
        String url = switch (level) {
            case PATIENT, STUDY -> urls.study(study);
            case SERIES -> urls.series(study, attributes.getString(Tags.SeriesInstanceUID, ""));
            case IMAGE -> urls.instance(study, attributes.getString(Tags.SeriesInstanceUID, ""),
                    attributes.getString(Tags.SOPInstanceUID, ""));
        };
        attributes.setString(Tags.RetrieveURL, Vr.UR, url);
        return attributes;
    }

    /** Adds to each instance match the attributes asked for from its header ({@code -1}: all of them). */
    private void addFromHeaders(List<DataSet> page, List<Integer> fromHeaders) throws IOException {
        Map<String, String> headers = index.headers(page.stream()
                .map(match -> match.getString(Tags.SOPInstanceUID, "")).toList());
        for (DataSet match : page) {
            String header = headers.get(match.getString(Tags.SOPInstanceUID, ""));
            if (header == null) {
                continue;
            }
            DataSet full = DicomJsonReader.DEFAULT.read(new ByteArrayInputStream(header.getBytes(
                    StandardCharsets.UTF_8)));
            for (Element element : full.elements()) {
                boolean asked = fromHeaders.contains(-1) || fromHeaders.contains(element.tag());
                if (asked && !match.contains(element.tag())) {
                    match.put(element);
                }
            }
        }
    }
}
