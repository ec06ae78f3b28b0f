package ferry.router.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
    @Test
    void aReportRoundTripsExactly() {
        for (CompletionReport report : List.of(Reports.seed000(), Reports.followUpWithFailure(),
                Reports.hostile("$(touch /tmp/x)\n\"; rm -rf / ü"))) {
            assertThat(ReportJson.fromJson(ReportJson.toJson(report))).isEqualTo(report);
        }
    }

    @Test
    void timesAreIsoInstantsAndEnumsTheirNames() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportJson.toJson(Reports.followUpWithFailure()));

        assertThat(json.get("level").asText()).isEqualTo("STUDY");
        assertThat(json.get("completedBy").asText()).isEqualTo("QUIET_PERIOD");
        assertThat(json.get("outcome").asText()).isEqualTo("FAILURE");
        assertThat(json.get("firstArrival").asText()).isEqualTo("2026-11-22T08:36:21.123456789Z");
        assertThat(json.get("studyInstanceUid").asText()).isEqualTo("1.2.826.0.1.3680043.2.1143");
        assertThat(json.get("failures").get(0).get("reason").asText()).isEqualTo("disk full");
        assertThat(json.get("series").get(0).get("totalObjects").asLong()).isEqualTo(4533);
        assertThat(json.get("folders")).hasSize(2);
    }

    @Test
    void withoutPatientTheIdentifiersAreLeftOut() throws Exception {
        String json = ReportJson.toJson(Reports.seed000(), false);
        JsonNode tree = new ObjectMapper().readTree(json);

        assertThat(tree.has("patientId")).isFalse();
        assertThat(tree.has("patientName")).isFalse();
        assertThat(tree.has("accessionNumber")).isFalse();
        assertThat(json).doesNotContain("PID42", "Doe^Jane", "ACC7").contains("/data/btuanon/(withheld)/");
        assertThat(ReportJson.fromJson(json).patientId()).isEmpty();
        assertThat(ReportJson.toJson(Reports.seed000(), true)).contains("\"patientId\":\"PID42\"");
    }

    @Test
    void somethingElseIsNotAReport() {
        assertThatThrownBy(() -> ReportJson.fromJson("{\"route\": \"btu\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a completion report");
    }
}
