package ferry.router.replicate;

import java.util.Objects;

/**
 * One instance a source offers: its UIDs and how the source finds it again.
 *
 * @param sopInstanceUid    the SOP Instance UID (never empty)
 * @param sopClassUid       the SOP Class UID, or empty when the listing does not give it
 * @param studyInstanceUid  the Study Instance UID, or empty when the listing does not give it
 * @param seriesInstanceUid the Series Instance UID, or empty when the listing does not give it
 * @param locator           what the source needs to fetch it: an Orthanc instance id, a file's path, ...; for logs
 *                          and {@code --dry-run} too, so it holds no secret
 * @param size              its size in bytes, or -1 when unknown
 */
public record SourceInstance(String sopInstanceUid, String sopClassUid, String studyInstanceUid,
                             String seriesInstanceUid, String locator, long size) {
    public SourceInstance {
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        if (sopInstanceUid.isEmpty()) {
            throw new IllegalArgumentException("an instance without a SOP Instance UID");
        }
        sopClassUid = Objects.requireNonNullElse(sopClassUid, "");
        studyInstanceUid = Objects.requireNonNullElse(studyInstanceUid, "");
        seriesInstanceUid = Objects.requireNonNullElse(seriesInstanceUid, "");
        locator = Objects.requireNonNullElse(locator, "");
    }

    /** The same instance with other UIDs (as a destination's edits make them), the same locator and size. */
    public SourceInstance withUids(String sopInstance, String study, String series) {
        return new SourceInstance(sopInstance, sopClassUid, study, series, locator, size);
    }
}
