package ferry.router.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.yaml.ConfigProblems;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionProblemsTest {
    private static List<String> problems(String when) {
        ConfigProblems problems = new ConfigProblems();
        Condition condition = Condition.parse(Rules.yaml(when), problems);
        assertThat(condition).as("a condition with problems never matches").isInstanceOf(Condition.Never.class);
        return problems.all().stream().map(ConfigProblems.Problem::toString).toList();
    }

    @Test
    void everyProblemOfARoutesFileIsReportedAtOnceWithItsLine() {
        ConfigProblems problems = new ConfigProblems();
        RoutingTableTest.table("""
                routes:
                  - name: mr
                    when:
                      Modality: {like: MR}
                      StudyDescription: {regex: 'BRAIN(('}
                  - name: mr
                    when:
                      Modalty: MR
                      (0008,006G): MR
                  - name: lan
                    default: true
                    when:
                      peer: [10.0.0.0/33, 10.0.0.256, scanner.example.org]
                  - name: thin
                    default: true
                    when:
                      SliceThickness: {'<': thin}
                """, problems);
        assertThat(problems.all()).extracting(ConfigProblems.Problem::toString).containsExactly(
                "line 4, routes[0].when.Modality.like: unknown operator 'like' (expected one of equals, one-of,"
                        + " regex, <, <=, >, >=, lt, le, gt, ge, between, present, not)",
                "line 5, routes[0].when.StudyDescription.regex: invalid regex 'BRAIN((': Unclosed group"
                        + " at position 7",
                "line 8, routes[1].when.Modalty: unknown keyword 'Modalty'; write a tag number such as (0008,0060)"
                        + " for tags without a keyword",
                "line 9, routes[1].when.(0008,006G): '(0008,006G)' is neither a keyword (Modality), a tag number"
                        + " ((0008,0060) or 00080060) nor a private tag by creator ((0019,\"SIEMENS MR HEADER\",0C))",
                "line 13, routes[2].when.peer[0]: '10.0.0.0/33' has a bad prefix length '33' (0–32 for an IPv4"
                        + " block)",
                "line 13, routes[2].when.peer[1]: '10.0.0.256' is not an IP address or CIDR block (such as"
                        + " 192.168.1.20, 10.0.0.0/8 or 2001:db8::/32)",
                "line 13, routes[2].when.peer[2]: 'scanner.example.org' is not an IP address or CIDR block (such as"
                        + " 192.168.1.20, 10.0.0.0/8 or 2001:db8::/32)",
                "line 17, routes[3].when.SliceThickness.<: '<' needs a number, found 'thin'",
                "line 6, routes[1].name: route name 'mr' is used twice (first at line 2); names must be unique",
                "line 14, routes[3].default: a second default route 'thin'; only one route can be the default"
                        + " (the first is 'lan' at line 10)");
    }

    @Test
    void keywordsAreCaseSensitiveAndTheRightSpellingIsSuggested() {
        assertThat(problems("modality: MR")).containsExactly("line 1, modality: unknown keyword 'modality' (did"
                + " you mean 'Modality'?); write a tag number such as (0008,0060) for tags without a keyword");
    }

    @Test
    void badTagNumbersAndPrivateTagsAreReported() {
        assertThat(problems("'(0008,060)': MR")).hasSize(1).first().asString().contains("is neither a keyword");
        assertThat(problems("'0008006': MR")).hasSize(1).first().asString().contains("is neither a keyword");
        assertThat(problems("'(0018,\"SIEMENS\",0C)': MR")).containsExactly("line 1, (0018,\"SIEMENS\",0C): group"
                + " 0018 of '(0018,\"SIEMENS\",0C)' is not a private group (private groups are odd, from 0009 to"
                + " FFFD; PS3.5 §7.8.1)");
        assertThat(problems("'(0019,\"SIEMENS\",100C)': MR")).hasSize(1).first().asString()
                .contains("is neither a keyword");
        assertThat(problems("Modality.CodeValue: MR")).containsExactly("line 1, Modality.CodeValue: 'Modality' is"
                + " not a sequence, so 'Modality.CodeValue' cannot look inside it");
    }

    @Test
    void comparisonBoundsMustFitTheElement() {
        assertThat(problems("SeriesNumber: {between: [10, 2]}")).containsExactly(
                "line 1, SeriesNumber.between: 'between' bounds are reversed: the lowest comes first");
        assertThat(problems("SeriesNumber: {between: 3}")).containsExactly(
                "line 1, SeriesNumber.between: 'between' expects two bounds, lowest first, such as [2, 10]");
        assertThat(problems("StudyDate: {'>=': 2024-01-31}")).containsExactly("line 1, StudyDate.>=: StudyDate is"
                + " a date or time, compared as DICOM writes it (such as 20240131 or 093000); found '2024-01-31'");
        assertThat(problems("called: {'>': 3}")).containsExactly(
                "line 1, called.>: '>' compares numbers, dates or times; called is an AE title");
        assertThat(problems("calling: {present: true}")).containsExactly(
                "line 1, calling.present: 'present' applies to elements; calling is always there");
        assertThat(problems("PatientID: {present: maybe}")).containsExactly(
                "line 1, PatientID.present: 'present' expects true or false, found 'maybe'");
    }

    @Test
    void emptyAndMissingValuesAreReported() {
        assertThat(problems("PatientID: ''")).containsExactly("line 1, PatientID: an empty value never matches;"
                + " use 'present: false' for an absent or empty element");
        assertThat(problems("PatientID:")).containsExactly("line 1, PatientID: no value given");
        assertThat(problems("PatientID: []")).containsExactly(
                "line 1, PatientID: an empty list matches nothing; give at least one value");
        assertThat(problems("PatientID: {}")).hasSize(1).first().asString().contains("expected a value or operators");
        assertThat(problems("any: []")).containsExactly("line 1, any: 'any' needs at least one condition");
        assertThat(problems("all: MR")).containsExactly("line 1, all: 'all' expects a list of conditions, found a"
                + " value");
        assertThat(problems("peer: {regex: '10.*'}")).containsExactly("line 1, peer.regex: operator 'regex' is not"
                + " possible on peer (write an address, a CIDR block, a list of them, one-of or not)");
        assertThat(problems("peer: ['2001:db8::/129', 'fe80::1%eth0', '10.0.0.0/x']")).containsExactly(
                "line 1, peer[0]: '2001:db8::/129' has a bad prefix length '129' (0–128 for an IPv6 block)",
                "line 1, peer[1]: 'fe80::1%eth0' is not an IP address or CIDR block (such as 192.168.1.20,"
                        + " 10.0.0.0/8 or 2001:db8::/32)",
                "line 1, peer[2]: '10.0.0.0/x' has a bad prefix length 'x' (0–32 for an IPv4 block)");
        assertThat(problems("- Modality: MR")).containsExactly(
                "line 1, (top level): expected a map of conditions such as 'Modality: MR', found a list");
    }
}
