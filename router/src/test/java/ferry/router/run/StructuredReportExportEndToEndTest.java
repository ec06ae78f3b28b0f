package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.core.sr.CtDoseReport;
import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.ExportedTags;
import ferry.router.testing.FerryProcess;
import ferry.core.testing.FreePorts;
import ferry.router.testing.SentObjects;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CT Radiation Dose SR made by dcmtk's xml2dsr and a CT image sent with storescu to Ferry (a separate process)
 * whose route forwards to a {@code json-lines} destination: the report's line has {@code "sr"} with the numbers
 * that were written (total DLP, CTDIvol and DLP of each event), the image's line has none (docs/tag-export.md).
 */
class StructuredReportExportEndToEndTest {
    @TempDir
    Path dir;
    private Process ferry;

    @AfterEach
    void stop() {
        if (ferry != null) {
            ferry.destroyForcibly();
        }
    }

    private List<JsonNode> lines() throws IOException {
        return ExportedTags.lines(dir.resolve("tags"));
    }

    @Test
    void theDoseReportsLineHasTheDoseNumbersWrittenAndTheImagesLineHasNoSr() throws Exception {
        CtDoseReport report = CtDoseReport.twoEvents();
        Path out = Files.createDirectories(dir.resolve("out"));
        Path dose = report.write(out, "dose");
        Path image = new TestStudy("SRX", "2.25.8400", 1, 1, 64).write(out.resolve("image")).get(0);
        int port = FreePorts.next();
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("ferry.yaml");
        Files.writeString(config, """
                data-directory: data
                http: off
                listeners:
                  - {port: %d, ae-titles: [FERRY]}
                destinations:
                  lines:
                    json-lines: {folder: tags}
                routes:
                  - name: all
                    default: true
                    forward: [lines]
                """.formatted(port));
        ferry = FerryProcess.run(dir, dir.resolve("ferry.log"), "--config", config.toString());

        ToolRun sent = Dcmtk.send("CT1", "FERRY", port, out);
        assertThat(sent.exitCode()).as(sent.describe()).isZero();
        Await.until("two lines", () -> lines().size() >= 2);

        Map<String, JsonNode> bySop = lines().stream().collect(Collectors.toMap(
                e -> e.path("sop_instance_uid").asText(), Function.identity()));
        assertThat(bySop).hasSize(2);
        JsonNode doseLine = bySop.get(SentObjects.sopInstanceUid(dose));
        assertThat(doseLine.path("sop_class_uid").asText()).isEqualTo(CtDoseReport.SOP_CLASS);
        JsonNode sr = doseLine.at("/sr/X-Ray Radiation Dose Report");
        assertThat(sr.at("/CT Accumulated Dosimetry Data/CT Dose Length Product Total/value").decimalValue())
                .isEqualByComparingTo(report.totalDlp());
        assertThat(sr.at("/CT Accumulated Dosimetry Data/CT Dose Length Product Total/unit").asText())
                .isEqualTo("mGy.cm");
        assertThat(sr.get("CT Acquisition")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode event = sr.get("CT Acquisition").get(i);
            assertThat(event.at("/CT Dose/Mean CTDIvol/value").decimalValue())
                    .isEqualByComparingTo(report.events().get(i).ctdiVol());
            assertThat(event.at("/CT Dose/Mean CTDIvol/unit").asText()).isEqualTo("mGy");
            assertThat(event.at("/CT Dose/DLP/value").decimalValue())
                    .isEqualByComparingTo(report.events().get(i).dlp());
            assertThat(event.at("/Irradiation Event UID").asText()).isEqualTo(report.events().get(i).uid());
        }
        assertThat(doseLine.has("tags")).isTrue();

        JsonNode imageLine = bySop.get(SentObjects.sopInstanceUid(image));
        assertThat(imageLine.has("tags")).isTrue();
        assertThat(imageLine.has("sr")).isFalse();
    }
}
