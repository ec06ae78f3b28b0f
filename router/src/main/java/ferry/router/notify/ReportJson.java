package ferry.router.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A {@link CompletionReport} as JSON: the webhook's body and what the outbox keeps until a report is delivered.
 * Field names are the report's component names in camelCase ({@code studyInstanceUid}, {@code totalObjects}),
 * times ISO-8601 instants ({@code 2026-11-22T08:24:16.123Z}), enums their constant names ({@code STUDY},
 * {@code QUIET_PERIOD}); {@code outcome} ({@code SUCCESS}/{@code FAILURE}) is written for readers and ignored when
 * read. Reading and writing round-trip exactly. Thread-safe.
 */
public final class ReportJson {
    /** The fields that identify a patient, left out by {@link #toJson(CompletionReport, boolean)}. */
    private static final String[] PATIENT_FIELDS = {"patientId", "patientName", "accessionNumber"};

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(CompletionReport.class, WithOutcome.class)
            .build();

    /** Adds the derived outcome to the written fields. */
    private abstract static class WithOutcome {
        @JsonProperty("outcome")
        abstract CompletionReport.Outcome outcome();
    }

    private ReportJson() {
    }

    /** The whole report. */
    public static String toJson(CompletionReport report) {
        return toJson(report, true);
    }

    /**
     * The report, without {@code patientId}, {@code patientName} and {@code accessionNumber} unless
     * {@code withPatient}; then folders named after the patient show as {@value ReportText#WITHHELD} too.
     */
    public static String toJson(CompletionReport report, boolean withPatient) {
        try {
            if (withPatient) {
                return MAPPER.writeValueAsString(report);
            }
            ObjectNode tree = MAPPER.valueToTree(report);
            tree.remove(List.of(PATIENT_FIELDS));
            ArrayNode folders = tree.putArray("folders");
            report.folders().forEach(folder -> folders.add(ReportText.withholdFolders(folder, report)));
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a completion report as JSON", e);
        }
    }

    /**
     * Reads what {@link #toJson(CompletionReport)} wrote.
     *
     * @throws IllegalArgumentException when {@code json} is not a completion report, saying why
     */
    public static CompletionReport fromJson(String json) {
        try {
            return MAPPER.readValue(json, CompletionReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a completion report: " + e.getOriginalMessage(), e);
        }
    }
}
