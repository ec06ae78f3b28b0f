package ferry.net.service;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CFindRq;
import ferry.net.dimse.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A C-FIND handler for tests: the headers of a folder's files in memory, queried at the PATIENT, STUDY, SERIES or
 * IMAGE level of the Patient Root and Study Root models. A level's record is the header of its first instance,
 * with the counts of C.3.4 (Number of Study Related Instances, Modalities in Study, …) added. No relational
 * queries, no worklist; the real index arrives with a later issue.
 */
final class FolderIndex implements FindHandler {
    private static final Map<String, Integer> UNIQUE_KEYS = Map.of("PATIENT", Tags.PatientID,
            "STUDY", Tags.StudyInstanceUID, "SERIES", Tags.SeriesInstanceUID, "IMAGE", Tags.SOPInstanceUID);

    private final List<DataSet> instances;

    FolderIndex(List<DataSet> instances) {
        this.instances = List.copyOf(instances);
    }

    /** Reads the header of every file under {@code folder}. */
    static FolderIndex of(Path folder) throws IOException {
        List<DataSet> headers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                headers.add(DicomReader.read(file, ReadOptions.DEFAULT.stoppingBefore(Tag.PIXEL_DATA)).dataSet());
            }
        }
        return new FolderIndex(headers);
    }

    @Override
    public void find(AssociationInfo association, PresentationContext context, CFindRq request, DataSet identifier,
                     Responder responder) throws IOException {
        String model = request.affectedSopClassUid();
        if (!model.equals(Uids.PatientRootQueryRetrieveInformationModelFind)
                && !model.equals(Uids.StudyRootQueryRetrieveInformationModelFind)) {
            throw new DimseStatusException(Status.SOP_CLASS_NOT_SUPPORTED);
        }
        Matching matching = Matching.of(identifier);
        String level = matching.level();
        if (level == null || !UNIQUE_KEYS.containsKey(level)
                || (level.equals("PATIENT") && model.equals(Uids.StudyRootQueryRetrieveInformationModelFind))) {
            throw new DimseStatusException(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS
                    .withComment("no Query/Retrieve Level of this model: " + level)
                    .withOffendingElements(Tags.QueryRetrieveLevel));
        }
        for (DataSet record : records(level)) {
            if (matching.matches(record) && !responder.pending(matching.response(record))) {
                return;
            }
        }
    }

    /** One record per entity of {@code level}: the first instance's header and the C.3.4 counts. */
    List<DataSet> records(String level) {
        int uniqueKey = UNIQUE_KEYS.get(level);
        Map<String, List<DataSet>> groups = new LinkedHashMap<>();
        for (DataSet instance : instances) {
            String key = instance.getString(uniqueKey);
            if (key != null) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(instance);
            }
        }
        List<DataSet> records = new ArrayList<>();
        for (List<DataSet> group : groups.values()) {
            DataSet record = copy(group.get(0));
            Set<String> studies = new LinkedHashSet<>();
            Set<String> series = new LinkedHashSet<>();
            Set<String> modalities = new LinkedHashSet<>();
            for (DataSet instance : group) {
                studies.add(instance.getString(Tags.StudyInstanceUID, ""));
                series.add(instance.getString(Tags.SeriesInstanceUID, ""));
                modalities.add(instance.getString(Tags.Modality, ""));
            }
            switch (level) {
                case "PATIENT" -> record.setInts(Tags.NumberOfPatientRelatedStudies, Vr.IS, studies.size());
                case "STUDY" -> {
                    record.setString(Tags.ModalitiesInStudy, Vr.CS, modalities.toArray(String[]::new));
                    record.setInts(Tags.NumberOfStudyRelatedSeries, Vr.IS, series.size());
                    record.setInts(Tags.NumberOfStudyRelatedInstances, Vr.IS, group.size());
                }
                case "SERIES" -> record.setInts(Tags.NumberOfSeriesRelatedInstances, Vr.IS, group.size());
                default -> {
                }
            }
            records.add(record);
        }
        return records;
    }

    private static DataSet copy(DataSet instance) {
        DataSet copy = new DataSet();
        instance.elements().forEach(copy::put);
        return copy;
    }
}
