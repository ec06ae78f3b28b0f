package ferry.router.replicate.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes {@link SourceInstance}s of an Orthanc's expanded instances ({@code GET /instances/{id}},
 * {@code /instances?expand}, {@code /tools/find} with {@code Expand}): SOP Instance UID and file size from the instance,
 * Study and Series Instance UIDs from its parents. Orthanc 1.10 gives an instance its series' id only, so each series is asked once
 * ({@code GET /series/{id}}, then its study {@code GET /studies/{id}}) and remembered, the last
 * {@value #REMEMBERED} of each. The SOP Class UID stays empty: Orthanc 1.10 keeps it as an instance's metadata, one
 * more request per instance, which would double the cost of a listing. Thread-safe.
 */
final class OrthancInstances {
    /** How many series (and studies) are remembered. */
    static final int REMEMBERED = 10_000;

    /** A series' UID and its study's Orthanc id, or a study's UID (and no parent). */
    private record Resource(String uid, String parent) {
    }

    private final HttpPeer orthanc;
    private final Map<String, Resource> series = lastUsed();
    private final Map<String, Resource> studies = lastUsed();

    OrthancInstances(HttpPeer orthanc) {
        this.orthanc = orthanc;
    }

    /** The instance an expanded Orthanc instance describes; null when it has no SOP Instance UID. */
    SourceInstance of(JsonNode instance) throws IOException, InterruptedException {
        String sopInstanceUid = instance.path("MainDicomTags").path("SOPInstanceUID").asText("").strip();
        if (sopInstanceUid.isEmpty()) {
            return null;
        }
        Resource seriesOf = resource(series, "/series/", instance.path("ParentSeries").asText(""),
                "SeriesInstanceUID", "ParentStudy");
        Resource studyOf = seriesOf == null ? null
                : resource(studies, "/studies/", seriesOf.parent(), "StudyInstanceUID", null);
        JsonNode size = instance.path("FileSize");
        return new SourceInstance(sopInstanceUid, "", studyOf == null ? "" : studyOf.uid(),
                seriesOf == null ? "" : seriesOf.uid(), instance.path("ID").asText(""),
                size.canConvertToLong() ? size.asLong() : -1);
    }

    /** The series or study {@code id}, remembered or asked; null when Orthanc has it no longer. */
    private Resource resource(Map<String, Resource> known, String path, String id, String uidKey, String parentKey)
            throws IOException, InterruptedException {
        if (id.isEmpty()) {
            return null;
        }
        synchronized (known) {
            Resource found = known.get(id);
            if (found != null) {
                return found;
            }
        }
        JsonNode json = orthanc.get(path + id, "application/json");
        if (json == null) {
            return null;
        }
        Resource resource = new Resource(json.path("MainDicomTags").path(uidKey).asText("").strip(),
                parentKey == null ? "" : json.path(parentKey).asText(""));
        synchronized (known) {
            known.put(id, resource);
        }
        return resource;
    }

    /** A map that forgets the least recently used entry beyond {@value #REMEMBERED}. */
    private static Map<String, Resource> lastUsed() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Resource> eldest) {
                return size() > REMEMBERED;
            }
        };
    }
}
