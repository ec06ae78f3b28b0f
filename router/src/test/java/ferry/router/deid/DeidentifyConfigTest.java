package ferry.router.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.YamlSource;
import ferry.router.edit.TagEdit;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeidentifyConfigTest {
    @TempDir
    Path tmp;

    private List<ConfigProblems.Problem> problemsOf(String yaml) throws ConfigException {
        ConfigNode.MapNode root = (ConfigNode.MapNode) YamlSource.read(new StringReader("modify:\n" + yaml), "test");
        ConfigProblems problems = new ConfigProblems();
        TagEdit.parse(root.get("modify").orElseThrow(), tmp, problems);
        return problems.all();
    }

    @Test
    void aRouteReadsDeidentifyWithOptionsAndAPseudonymTableBesideTheConfiguration() throws Exception {
        Files.writeString(tmp.resolve("pseudonyms.csv"), "PAT-1,SUBJ-1,Subject^One\n");
        Path file = tmp.resolve("ferry.yaml");
        Files.writeString(file, """
                routes:
                  - name: research
                    modify:
                      - set: {InstitutionName: Ferry}
                      - deidentify:
                          secret-variable: FERRY_DEID_SECRET
                          options: [retain-uids, retain-device-identity, retain-patient-characteristics,
                                    retain-longitudinal-modified-dates, retain-institution-identity,
                                    clean-descriptors, retain-safe-private]
                          safe-private-creators: ["GEMS_PARM_01"]
                          pseudonyms: pseudonyms.csv
                          patient-id-prefix: STUDY-
                    store: out
                """);
        FerryConfig config = ConfigLoader.load(file);
        List<TagEdit> edits = config.routes().get(0).stores().get(0).edits();
        assertThat(edits).hasSize(2);
        TagEdit.Deidentify deidentify = (TagEdit.Deidentify) edits.get(1);
        DeidentificationSettings settings = deidentify.settings();
        assertThat(settings.secretVariable()).isEqualTo("FERRY_DEID_SECRET");
        assertThat(settings.options()).containsExactlyInAnyOrder(ProfileOption.RETAIN_UIDS,
                ProfileOption.RETAIN_DEVICE_IDENTITY, ProfileOption.RETAIN_PATIENT_CHARACTERISTICS,
                ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, ProfileOption.RETAIN_INSTITUTION_IDENTITY,
                ProfileOption.CLEAN_DESCRIPTORS, ProfileOption.RETAIN_SAFE_PRIVATE);
        assertThat(settings.pseudonymsFile()).isEqualTo(tmp.resolve("pseudonyms.csv"));
        assertThat(settings.pseudonyms().lookup("PAT-1")).contains(new PseudonymTable.Pseudonym("SUBJ-1",
                "Subject^One"));
        assertThat(settings.patientIdPrefix()).isEqualTo("STUDY-");
        assertThat(settings.safePrivateCreators()).isEqualTo(Set.of("GEMS_PARM_01"));
        assertThat(deidentify.deidentifier()).as("not built for running yet").isNull();
    }

    @Test
    void everyProblemIsReportedWithItsLine() throws Exception {
        Files.writeString(tmp.resolve("bad.csv"), "PAT-1,A\nPAT-1,B\n");
        List<ConfigProblems.Problem> problems = problemsOf("""
                  - deidentify:
                      options: [retain-uids]
                  - deidentify:
                      secret-variable: FERRY_DEID_SECRET
                      options: [retain-everything,
                                retain-longitudinal-full-dates, retain-longitudinal-modified-dates,
                                clean-graphics, clean-structured-content, retain-safe-private]
                  - deidentify:
                      secret-variable: "my secret value"
                      patient-id-prefix: "a\\\\b"
                      pseudonyms: bad.csv
                      safe-private-creators: [ACME]
                      colour: blue
                  - deidentify:
                      secret-variable: FERRY_DEID_SECRET
                      pseudonyms: missing.csv
                  - deidentify: yes
                """);
        assertThat(problems).extracting(ConfigProblems.Problem::line)
                .containsExactly(3, 6, 8, 8, 6, 6, 10, 11, 13, 12, 14, 17, 18);
        assertThat(problems.get(0).message()).contains("required");
        assertThat(problems.get(0).path()).endsWith("secret-variable");
        assertThat(problems.get(1).message()).contains("unknown option 'retain-everything'", "retain-uids");
        assertThat(problems.get(2).message()).contains("does not offer clean-graphics");
        assertThat(problems.get(3).message()).contains("does not offer clean-structured-content");
        assertThat(problems.get(4).message()).contains("choose one");
        assertThat(problems.get(5).message()).contains("retain-safe-private", "safe-private-creators");
        assertThat(problems.get(6).message()).contains("not an environment variable name");
        assertThat(problems.get(7).message()).contains("backslash");
        assertThat(problems.get(8).message()).contains("no effect without the retain-safe-private option");
        assertThat(problems.get(9).message()).contains("bad.csv line 2", "twice");
        assertThat(problems.get(10).message()).contains("unknown setting 'colour'");
        assertThat(problems.get(11).message()).contains("cannot read the pseudonym table", "missing.csv");
        assertThat(problems.get(12).message()).contains("secret-variable");
    }

    @Test
    void aConfigurationWithADeidentifyProblemIsRefusedWithTheLine() throws Exception {
        Path file = tmp.resolve("ferry.yaml");
        Files.writeString(file, """
                routes:
                  - name: research
                    modify:
                      - deidentify: {secret-variable: FERRY_DEID_SECRET, options: [retain-nothing]}
                    store: out
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("4").hasMessageContaining("unknown option 'retain-nothing'");
    }
}
