package ferry.router.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.core.data.DataSet;
import ferry.core.json.DicomJsonWriter;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.index.Handling;
import ferry.router.index.IndexCursor;
import ferry.router.index.IndexMatch;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexSearch;
import ferry.router.index.QueryLevel;
import ferry.router.web.Json;
import ferry.router.web.RequestParams;
import ferry.router.web.auth.Role;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.NotFoundResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The index over the REST API (docs/api.md, "Index"; docs/index.md): a query at each level, its query parameters
 * being the keys as {@code ferry find --local} takes them ({@code PatientID=DOE*}, {@code StudyDate=2024}), each
 * match as DICOM JSON (PS3.18 F.2) with, at the instance level, what Ferry did with it; and an instance's header as
 * DICOM JSON.
 */
final class IndexRoutes {
    /** The query parameters that are not keys. */
    private static final Set<String> PAGING = Set.of("limit", "offset");
    private static final DicomJsonWriter JSON = DicomJsonWriter.DEFAULT;

    /** A route: its description and its handler. */
    record Entry(Operation operation, Handler handler) {
    }

    /**
     * A match.
     *
     * @param attributes the match's keys (DICOM JSON)
     * @param handling   what Ferry did with the instance (instance level only), or null
     */
    record Match(JsonNode attributes, Handling handling) {
    }

    private final RunningFerry ferry;

    IndexRoutes(RunningFerry ferry) {
        this.ferry = ferry;
    }

    List<Entry> operations() {
        List<Entry> entries = new ArrayList<>();
        for (QueryLevel level : QueryLevel.values()) {
            String name = switch (level) {
                case PATIENT -> "patients";
                case STUDY -> "studies";
                case SERIES -> "series";
                case IMAGE -> "instances";
            };
            entries.add(new Entry(new Operation("GET", "/api/index/" + name, Role.VIEWER, "The index at the "
                    + level + " level: any query parameter but limit and offset is a key (KEY=VALUE, as `ferry find "
                    + "--local` takes it; KEY= asks for its value); the keys of the level are returned",
                    List.of(Operation.Parameter.query("KEY", "string", "a key such as PatientID, StudyDate, "
                                    + "Modality; wildcards * and ?, ranges A-B"),
                            Operation.Parameter.query("offset", "integer", "skip this many first"),
                            Operation.Parameter.query("limit", "integer", "at most this many (default "
                                    + ApiRoutes.LIMIT + ", at most " + ApiRoutes.MAX_LIMIT + ")")),
                    null, new Operation.One(Requests.IndexPage.class)), ctx -> query(ctx, level)));
        }
        entries.add(new Entry(new Operation("GET", "/api/index/instances/{instance}/tags", Role.VIEWER,
                "An instance's header (up to the pixel data) as DICOM JSON (PS3.18 F.2)",
                List.of(Operation.Parameter.path("instance", "the SOP Instance UID")), null,
                new Operation.Raw("application/dicom+json", "the instance's data set without bulk data")),
                this::tags));
        return entries;
    }

    private IndexSearch index() {
        return ferry.index().orElseThrow(() -> new NotFoundResponse("the index is off (index: off): nothing to "
                + "query (docs/index.md)"));
    }

    private void query(Context ctx, QueryLevel level) throws IOException {
        IndexSearch index = index();
        int offset = RequestParams.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = RequestParams.intParam(ctx, "limit", ApiRoutes.LIMIT, 1, ApiRoutes.MAX_LIMIT);
        DataSet identifier = RequestParams.identifier(ctx, level, PAGING, false);
        identifier.setString(Tags.QueryRetrieveLevel, Vr.CS, level.name());
        IndexQuery query = RequestParams.query(level, identifier);
        List<Object> matches = new ArrayList<>();
        IndexCursor.Page page = index.page(query, offset, limit);
        for (IndexMatch match : page.matches()) {
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            JSON.write(match.attributes(), json);
            matches.add(new Match(Json.MAPPER.readTree(json.toByteArray()), match.handling()));
        }
        boolean more = page.more();
        Json.answer(ctx, 200, new Requests.IndexPage(level.name(), offset, limit, more, matches));
    }

    private void tags(Context ctx) throws IOException {
        String instance = RequestParams.uid(ctx.pathParam("instance"), "instance");
        String header = index().header(instance).orElseThrow(() -> new NotFoundResponse("the index holds no "
                + "instance " + instance));
        ctx.contentType("application/dicom+json").result(header);
    }
}
