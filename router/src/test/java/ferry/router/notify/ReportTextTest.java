package ferry.router.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTextTest {
    final CompletionReport seed = Reports.seed000();

    String local(java.time.Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS)
                .atZone(ZoneId.systemDefault()));
    }

    @Test
    void everyPlaceholderRenders() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("route", "btu");
        expected.put("called", "BTUANON");
        expected.put("calling", "MMILREC");
        expected.put("peer", "10.0.0.5");
        expected.put("study", "1.2.826.0.1.3680043.2.1143");
        expected.put("series", "");
        expected.put("accession", "ACC7");
        expected.put("patient-id", "PID42");
        expected.put("patient-name", "Doe^Jane");
        expected.put("description", "MRI BRAIN WO/W CONTRAST");
        expected.put("study-date", "20261122");
        expected.put("outcome", "SUCCESS");
        expected.put("round", "1");
        expected.put("follow-up", "");
        expected.put("completed-by", "quiet-period");
        expected.put("objects", "4707");
        expected.put("total", "4707");
        expected.put("bytes", "616000000");
        expected.put("failures", "0");
        expected.put("failure-list", "");
        expected.put("series-list", "3 T1 MPRAGE: 176 files\n1.2.3.2: 4531 files");
        expected.put("folders", Reports.FOLDER);
        expected.put("folder", Reports.FOLDER);
        expected.put("first-arrival", local(Reports.FIRST));
        expected.put("last-arrival", local(Reports.LAST));
        expected.put("duration", "2m 05s");
        expected.put("throughput", "4.9 MB/s");

        assertThat(ReportText.placeholders()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((word, value) ->
                assertThat(ReportText.parse("{" + word + "}").render(seed, true)).as(word).isEqualTo(value));
    }

    @Test
    void aFollowUpRendersItsDeltaFailuresAndFolders() {
        CompletionReport followUp = Reports.followUpWithFailure();

        assertThat(ReportText.parse("{outcome} {round} {follow-up} {objects}/{total} {failures}")
                .render(followUp, true)).isEqualTo("FAILURE 2 follow-up 2/4709 1");
        assertThat(ReportText.parse("{failure-list}").render(followUp, true)).isEqualTo("1.2.3.2.99: disk full");
        assertThat(ReportText.parse("{series-list}").render(followUp, true)).isEqualTo("1.2.3.2: 2 files (4533 in all)");
        assertThat(ReportText.parse("{folders}").render(followUp, true)).isEqualTo(Reports.FOLDER + "\n/backup/btu");
        assertThat(ReportText.parse("{folder}").render(followUp, true)).isEqualTo(Reports.FOLDER);
    }

    @Test
    void theDefaultTextsCarrySeed000sMail() {
        assertThat(ReportText.defaultSubject().render(seed, false)).isEqualTo("BTUANON TRANSFER SUCCESS");
        String body = ReportText.defaultBody().render(seed, false);

        assertThat(body).startsWith("""
                BTUANON: MMILREC TRANSFER SUCCESS for 4707 files (total number of files received: 4707)
                study description: "MRI BRAIN WO/W CONTRAST"
                file destination: "%s"
                """.formatted(Reports.FOLDER.replace("PID42", "(withheld)")));
        assertThat(body).contains("3 T1 MPRAGE: 176 files", "in 2m 05s (4.9 MB/s)",
                "study UID: 1.2.826.0.1.3680043.2.1143", "completed by: quiet-period")
                .doesNotContain("failures", "follow-up", "all destinations");
    }

    @Test
    void theDefaultTextsOfAFollowUpSaySoAndListFailures() {
        CompletionReport followUp = Reports.followUpWithFailure();

        assertThat(ReportText.defaultSubject().render(followUp, false))
                .isEqualTo("BTUANON TRANSFER FAILURE (follow-up)");
        assertThat(ReportText.defaultBody().render(followUp, false))
                .startsWith("BTUANON: MMILREC TRANSFER FAILURE for 2 files (total number of files received: 4709)")
                .contains("follow-up report (round 2): the 2 files arrived after the study was reported complete",
                        "all destinations:\n" + Reports.FOLDER.replace("PID42", "(withheld)") + "\n/backup/btu\n",
                        "failures (1):\n1.2.3.2.99: disk full\n");
    }

    @Test
    void patientIdentifiersAreWithheldUnlessIncluded() {
        ReportText text = ReportText.parse("{patient-name} {patient-id} {accession} {study}");

        assertThat(text.render(seed, false)).isEqualTo("(withheld) (withheld) (withheld) 1.2.826.0.1.3680043.2.1143");
        assertThat(text.render(seed, true)).isEqualTo("Doe^Jane PID42 ACC7 1.2.826.0.1.3680043.2.1143");
        assertThat(ReportText.defaultBody().render(seed, false)).doesNotContain("Doe^Jane", "PID42", "ACC7")
                .contains("file destination: \"/data/btuanon/(withheld)/20261122_082400/");
        assertThat(ReportText.defaultBody().render(seed, true))
                .contains("patient: Doe^Jane, ID PID42, accession number ACC7");
    }

    @Test
    void onlyWholeFolderNamesAreWithheld() {
        CompletionReport seed = Reports.seed000();
        CompletionReport report = new CompletionReport(seed.level(), seed.route(), "", "", "", seed.studyInstanceUid(),
                null, "", "4", "Doe/Jane", "", "", 1, seed.completedBy(), 1, 1, 100, 0, java.util.List.of(),
                java.util.List.of(), java.util.List.of("/data/4/x4/Doe_Jane/4", "/other/4"), Reports.FIRST,
                Reports.LAST, Reports.LAST);

        assertThat(ReportText.parse("{folders}").render(report, false))
                .isEqualTo("/data/(withheld)/x4/(withheld)/(withheld)\n/other/(withheld)");
        assertThat(ReportText.parse("{folder}").render(report, true)).isEqualTo("/data/4/x4/Doe_Jane/4");
    }

    @Test
    void anUnknownPlaceholderIsNamed() {
        assertThatThrownBy(() -> ReportText.parse("{called} for {patient} and {files}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown placeholders {patient}, {files}; known are route, called,");
        assertThatThrownBy(() -> ReportText.parse("{called"))
                .hasMessageContaining("'{' at position 1 is not closed");
    }

    @Test
    void doubleBracesWriteABrace() {
        assertThat(ReportText.parse("{{\"study\": \"{study}\"}").render(seed, true))
                .isEqualTo("{\"study\": \"1.2.826.0.1.3680043.2.1143\"}");
        assertThat(ReportText.parse("{{called}").render(seed, true)).isEqualTo("{called}");
    }

    @Test
    void commandArgumentsAlsoTakeStorescpMarks() {
        assertThat(ReportText.parseArgument("#a,#c,#r,#p,#f,#").render(seed, true))
                .isEqualTo("MMILREC,BTUANON,10.0.0.5," + Reports.FOLDER + ",#f,#");
        assertThat(ReportText.parse("#a").render(seed, true)).isEqualTo("#a");
    }

    @Test
    void durationsReadLikeAClock() {
        assertThat(ReportText.duration(Duration.ofMillis(420))).isEqualTo("0.4s");
        assertThat(ReportText.duration(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(ReportText.duration(Duration.ofSeconds(125))).isEqualTo("2m 05s");
        assertThat(ReportText.duration(Duration.ofSeconds(3725))).isEqualTo("1h 02m 05s");
    }

    @Test
    void aReportOfOneInstantHasNoThroughput() {
        CompletionReport seed = Reports.seed000();
        CompletionReport instant = new CompletionReport(seed.level(), seed.route(), "", "", "", seed.studyInstanceUid(),
                null, "", "", "", "", "", 1, seed.completedBy(), 1, 1, 100, 0, java.util.List.of(),
                java.util.List.of(), java.util.List.of(), Reports.FIRST, Reports.FIRST, Reports.LAST);

        assertThat(ReportText.parse("{duration} {throughput} [{folder}]").render(instant, true))
                .isEqualTo("0.0s n/a []");
    }
}
