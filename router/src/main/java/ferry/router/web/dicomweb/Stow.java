package ferry.router.web.dicomweb;

import ferry.core.data.DataSet;
import ferry.core.io.TransferSyntax;
import ferry.core.json.DicomJsonWriter;
import ferry.core.tag.Tags;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Priority;
import ferry.net.dimse.Status;
import ferry.router.receive.AssociationWatch;
import ferry.router.receive.LiveAssociation;
import ferry.router.receive.ReceivePipeline;
import ferry.router.web.Caller;
import ferry.router.web.Json;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.UnsupportedMediaTypeResponse;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STOW-RS (PS3.18 §10.5): {@code POST /dicom-web/studies[/{study}]} with a {@code multipart/related;
 * type="application/dicom"} body whose parts are DICOM Part 10 files. Each part is streamed into Ferry's receive
 * pipeline exactly as the data set of a C-STORE request (spool, checks, routing, journal; docs/durability.md), on
 * one association per request, of listener {@code http}, from the client's address, with the AE titles of
 * {@code dicomweb:} (docs/dicomweb.md). The answer is the Store Instances Response Module (200, 202 or 409); a part
 * refused keeps nothing of it. Failure reasons are the C-STORE statuses (PS3.4 Table B.2-1), and
 * {@value #STUDY_MISMATCH} (as dcm4chee-arc answers) when an instance is not of the study the URL names.
 */
final class Stow {
    private static final Logger LOG = LoggerFactory.getLogger(Stow.class);
    /** Failure reason of an instance of another study than the URL's. */
    static final int STUDY_MISMATCH = 0xC409;
    /** Failure reason of a transfer syntax Ferry does not read (PS3.18 Table 10.5.3-2: Cxxx, C122). */
    static final int TRANSFER_SYNTAX_NOT_SUPPORTED = 0xC122;
    /** Warning headers written at most. */
    private static final int WARNINGS = 10;

    private final ReceivePipeline pipeline;
    private final AssociationWatch associations;
    private final Supplier<StowTitles> settings;

    Stow(ReceivePipeline pipeline, AssociationWatch associations, Supplier<StowTitles> settings) {
        this.pipeline = pipeline;
        this.associations = associations;
        this.settings = settings;
    }

    /** Stores the parts of the request's body, into study {@code study} when it is not null. */
    void store(Context ctx, String study) throws IOException {
        Qido.acceptJson(ctx);
        String boundary = boundary(ctx.header("Content-Type"));
        DicomWebUrls urls = DicomWebUrls.of(ctx);
        StowTitles names = settings.get();
        String client = ctx.req().getRemoteAddr();
        int clientPort = ctx.req().getRemotePort();
        InetSocketAddress peer = new InetSocketAddress(client, clientPort);
        StoreResponse response = new StoreResponse(study == null ? null : urls.study(study));
        MultipartReader reader = new MultipartReader(ctx.req().getInputStream(), boundary);
        associations.serve("http", names.callingAeTitle(), names.calledAeTitle(),
                AssociationInfo.hostAndPort(peer), live -> {
                    storeParts(reader, live, new AssociationInfo(names.callingAeTitle(), names.calledAeTitle(), peer,
                            List.of(), 0, null, false), study, urls, response);
                    return null;
                });
        if (response.isEmpty()) {
            throw new BadRequestResponse("the body holds no part: send each instance as a part of type "
                    + "application/dicom");
        }
        List<StoreResponse.Failure> failures = response.failures();
        for (StoreResponse.Failure failure : failures.subList(0, Math.min(WARNINGS, failures.size()))) {
            ctx.res().addHeader("Warning", "299 ferry \"" + Json.clean((failure.sopInstanceUid().isEmpty() ? ""
                    : failure.sopInstanceUid() + ": ") + failure.why()).replace('"', '\'') + "\"");
        }
        LOG.info("HTTP: STOW-RS by {} from {}: {}", Caller.of(ctx).name(), client, response.status() == 200
                ? "all stored" : failures.size() + " part(s) refused");
        ctx.status(response.status()).contentType(DicomWebRoutes.DICOM_JSON);
        DicomJsonWriter.DEFAULT.write(response.dataSet(), ctx.outputStream());
    }

    /** The boundary of a {@code multipart/related; type="application/dicom"} body; 415 or 400 for another. */
    private static String boundary(String contentType) {
        MediaRange type;
        try {
            type = MediaRange.of(contentType == null ? "" : contentType);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedMediaTypeResponse("send multipart/related; type=\"application/dicom\", not "
                    + Json.clean(contentType));
        }
        String parts = type.parameter("type");
        if (!type.type().equals("multipart") || !type.subtype().equals("related")
                || parts != null && !parts.equalsIgnoreCase("application/dicom")) {
            throw new UnsupportedMediaTypeResponse("Ferry stores multipart/related; type=\"application/dicom\" "
                    + "(each part a DICOM file; PS3.18 §10.5.1.2.1), not " + Json.clean(contentType));
        }
        String boundary = type.parameter("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > MultipartReader.MAX_BOUNDARY) {
            throw new BadRequestResponse("the Content-Type has no boundary of 1 to " + MultipartReader.MAX_BOUNDARY
                    + " characters: " + Json.clean(contentType));
        }
        return boundary;
    }

    private void storeParts(MultipartReader reader, LiveAssociation live, AssociationInfo association, String study,
                            DicomWebUrls urls, StoreResponse response) throws IOException {
        int number = 0;
        while (true) {
            MultipartReader.Part part;
            try {
                part = reader.next();
            } catch (MultipartReader.MalformedException e) {
                if (response.isEmpty()) {
                    throw new BadRequestResponse("the body is not multipart/related as its boundary says: "
                            + e.getMessage());
                }
                response.failed(new StoreResponse.Failure("", "", Status.CANNOT_UNDERSTAND.code(),
                        "the rest of the body is not multipart: " + e.getMessage()));
                return;
            }
            if (part == null) {
                return;
            }
            number++;
            try {
                storePart(part, number, live, association, study, urls, response);
            } catch (MultipartReader.MalformedException e) {
                response.failed(new StoreResponse.Failure("", "", Status.CANNOT_UNDERSTAND.code(),
                        "part " + number + " is cut off: " + e.getMessage()));
                return;
            }
        }
    }

    private void storePart(MultipartReader.Part part, int number, LiveAssociation live,
                           AssociationInfo association, String study, DicomWebUrls urls, StoreResponse response)
            throws IOException {
        String type = part.contentType();
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/dicom")
                || type != null && type.toLowerCase(Locale.ROOT).startsWith("application/dicom+")) {
            response.failed(new StoreResponse.Failure("", "", Status.CANNOT_UNDERSTAND.code(), "part " + number
                    + " is " + Json.clean(type) + ", not application/dicom"));
            return;
        }
        PushbackInputStream in = new PushbackInputStream(part.body(), 4);
        DataSet meta;
        try {
            meta = PartTenHead.read(in);
        } catch (PartTenHead.NotPartTenException e) {
            response.failed(new StoreResponse.Failure("", "", Status.CANNOT_UNDERSTAND.code(), "part " + number + ": "
                    + e.getMessage()));
            return;
        }
        String sopClass = meta.getString(Tags.MediaStorageSOPClassUID, "");
        String instance = meta.getString(Tags.MediaStorageSOPInstanceUID, "");
        String syntax = meta.getString(Tags.TransferSyntaxUID, "");
        if (sopClass.isEmpty() || instance.isEmpty()) {
            response.failed(new StoreResponse.Failure(sopClass, instance, Status.CANNOT_UNDERSTAND.code(), "part "
                    + number + " has no Media Storage SOP Class or Instance UID in its file meta information"));
            return;
        }
        if (!TransferSyntax.isKnown(syntax)) {
            response.failed(new StoreResponse.Failure(sopClass, instance, TRANSFER_SYNTAX_NOT_SUPPORTED, "part "
                    + number + " is in transfer syntax '" + Json.clean(syntax) + "', which Ferry does not read"));
            return;
        }
        String[] place = new String[2];
        Status status;
        try {
            status = pipeline.store(live, association, new PresentationContext(1, sopClass, syntax),
                    new CStoreRq(number & 0xFFFF, sopClass, instance, Priority.MEDIUM), in, header -> {
                        place[0] = header.getString(Tags.StudyInstanceUID, "");
                        place[1] = header.getString(Tags.SeriesInstanceUID, "");
                        if (study != null && !study.equals(place[0])) {
                            return Optional.of(Status.of(STUDY_MISMATCH).withComment("of study "
                                    + Json.clean(place[0]) + ", not " + study + " as the URL says"));
                        }
                        return Optional.empty();
                    });
        } catch (MultipartReader.MalformedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.warn("HTTP: STOW-RS part {} ({}) failed", number, instance, e);
            response.failed(new StoreResponse.Failure(sopClass, instance, Status.PROCESSING_FAILURE.code(),
                    "it could not be stored: " + e.getMessage()));
            return;
        }
        if (status.code() == Status.SUCCESS.code()) {
            response.stored(sopClass, instance, urls.instance(place[0], place[1], instance));
        } else {
            response.failed(new StoreResponse.Failure(sopClass, instance, status.code(),
                    status.errorComment() == null ? "refused with status " + Integer.toHexString(status.code())
                            : status.errorComment()));
        }
    }
}
