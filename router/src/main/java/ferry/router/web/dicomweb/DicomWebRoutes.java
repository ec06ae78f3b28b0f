package ferry.router.web.dicomweb;

import ferry.router.index.IndexSearch;
import ferry.router.index.QueryLevel;
import ferry.router.receive.AssociationWatch;
import ferry.router.receive.ReceivePipeline;
import ferry.router.web.RequestParams;
import ferry.router.web.Routes;
import ferry.router.web.WebRoutes;
import ferry.router.web.auth.Role;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.function.Supplier;

/**
 * DICOMweb's routes under {@value #ROOT} (docs/dicomweb.md): QIDO-RS and WADO-RS for viewers, STOW-RS for admins.
 * Without the index ({@code index: off}) searches and retrievals are answered 404 saying so; STOW-RS works.
 *
 * <pre>{@code
 * parts.add(new DicomWebRoutes(index, pipeline, associations, () -> new StowTitles(...)));
 * }</pre>
 */
public final class DicomWebRoutes implements WebRoutes {
    /** Where DICOMweb is served. */
    public static final String ROOT = "/dicom-web";
    /** The media type of DICOM JSON (PS3.18 F.2). */
    static final String DICOM_JSON = "application/dicom+json";

    private final IndexSearch index;
    private final Stow stow;

    /**
     * @param index        the index, or null when it is off
     * @param pipeline     where stored objects go, as C-STORE's do
     * @param associations where each STOW-RS request is served as an association
     * @param settings     the AE titles of objects stored over HTTP in force (they follow a reload)
     */
    public DicomWebRoutes(IndexSearch index, ReceivePipeline pipeline, AssociationWatch associations,
                          Supplier<StowTitles> settings) {
        this.index = index;
        this.stow = new Stow(pipeline, associations, settings);
    }

    @Override
    public void register(Routes routes) {
        String study = ROOT + "/studies/{study}";
        String series = study + "/series/{series}";
        String instance = series + "/instances/{instance}";
        routes.get(ROOT + "/studies", Role.VIEWER, ctx -> qido().search(ctx, QueryLevel.STUDY, null, null));
        routes.get(ROOT + "/series", Role.VIEWER, ctx -> qido().search(ctx, QueryLevel.SERIES, null, null));
        routes.get(ROOT + "/instances", Role.VIEWER, ctx -> qido().search(ctx, QueryLevel.IMAGE, null, null));
        routes.get(study + "/series", Role.VIEWER, ctx -> qido().search(ctx, QueryLevel.SERIES, study(ctx), null));
        routes.get(study + "/instances", Role.VIEWER,
                ctx -> qido().search(ctx, QueryLevel.IMAGE, study(ctx), null));
        routes.get(series + "/instances", Role.VIEWER,
                ctx -> qido().search(ctx, QueryLevel.IMAGE, study(ctx), series(ctx)));
        routes.get(study, Role.VIEWER, ctx -> wado().instances(ctx, study(ctx), null, null));
        routes.get(series, Role.VIEWER, ctx -> wado().instances(ctx, study(ctx), series(ctx), null));
        routes.get(instance, Role.VIEWER, ctx -> wado().instances(ctx, study(ctx), series(ctx), instance(ctx)));
        routes.get(study + "/metadata", Role.VIEWER, ctx -> wado().metadata(ctx, study(ctx), null, null));
        routes.get(series + "/metadata", Role.VIEWER, ctx -> wado().metadata(ctx, study(ctx), series(ctx), null));
        routes.get(instance + "/metadata", Role.VIEWER,
                ctx -> wado().metadata(ctx, study(ctx), series(ctx), instance(ctx)));
        routes.get(instance + "/frames/{frames}", Role.VIEWER,
                ctx -> wado().frames(ctx, study(ctx), series(ctx), instance(ctx), ctx.pathParam("frames")));
        routes.get(instance + "/bulk/{tag}", Role.VIEWER,
                ctx -> wado().bulk(ctx, study(ctx), series(ctx), instance(ctx), ctx.pathParam("tag")));
        routes.post(ROOT + "/studies", Role.ADMIN, ctx -> stow.store(ctx, null));
        routes.post(study, Role.ADMIN, ctx -> stow.store(ctx, study(ctx)));
    }

    private Qido qido() {
        return new Qido(index());
    }

    private Wado wado() {
        return new Wado(index());
    }

    private IndexSearch index() {
        if (index == null) {
            throw new NotFoundResponse("the index is off (index: off): DICOMweb can store (STOW-RS) but has nothing "
                    + "to search or retrieve (docs/dicomweb.md)");
        }
        return index;
    }

    private static String study(Context ctx) {
        return RequestParams.uid(ctx.pathParam("study"), "study");
    }

    private static String series(Context ctx) {
        return RequestParams.uid(ctx.pathParam("series"), "series");
    }

    private static String instance(Context ctx) {
        return RequestParams.uid(ctx.pathParam("instance"), "instance");
    }
}
