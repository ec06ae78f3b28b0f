package ferry.router.web.dicomweb;

import io.javalin.http.Context;

/**
 * The URLs of DICOMweb resources as a client reaches them (PS3.18 §10.4.1.1): the request's scheme and host, then
 * {@code /dicom-web/studies/{study}/series/{series}/instances/{instance}}, for Retrieve URL (0008,1190) and
 * {@code BulkDataURI}s.
 *
 * @param base the service's URL, {@code http://host:port/dicom-web}
 */
record DicomWebUrls(String base) {
    /** The URL of the service as the request names it (its {@code Host}). */
    static DicomWebUrls of(Context ctx) {
        String host = ctx.host();
        return new DicomWebUrls(ctx.scheme() + "://" + (host == null ? "localhost" : host) + DicomWebRoutes.ROOT);
    }

    String study(String study) {
        return base + "/studies/" + study;
    }

    String series(String study, String series) {
        return study(study) + "/series/" + series;
    }

    String instance(String study, String series, String instance) {
        return series(study, series) + "/instances/" + instance;
    }
}
