package ferry.router.rules;

import static ferry.router.rules.Rules.input;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    /** Reads {@code routes:} the way the configuration loader does: name, when, continue, default. */
    static RoutingTable table(String yaml, ConfigProblems problems) {
        Section root = Section.of(Rules.yaml(yaml), problems);
        List<RouteRule> rules = new ArrayList<>();
        for (ConfigNode node : root.list("routes")) {
            Section route = Section.of(node, problems);
            String name = route.string("name", null);
            Condition when = route.node("when").map(w -> Condition.parse(w, problems)).orElse(Condition.always());
            rules.add(new RouteRule(name, when, route.bool("continue", false), route.bool("default", false),
                    node.line()));
        }
        return new RoutingTable(rules, problems);
    }

    private static RoutingTable table(String yaml) {
        ConfigProblems problems = new ConfigProblems();
        RoutingTable table = table(yaml, problems);
        assertThat(problems.all()).isEmpty();
        return table;
    }

    private static DataSet object(String modality, String patientId) {
        DataSet ds = new DataSet();
        ds.setString(Tags.Modality, Vr.CS, modality);
        ds.setString(Tags.PatientID, Vr.LO, patientId);
        return ds;
    }

    @Test
    void firstMatchingRouteWinsWhenItDoesNotContinue() {
        RoutingTable table = table("""
                routes:
                  - name: mr
                    when: {Modality: MR}
                  - name: everything-from-ferry
                    when: {called: FERRY}
                """);
        assertThat(table.decide(input(object("MR", "1"))).routes()).containsExactly("mr");
        assertThat(table.decide(input(object("CT", "1"))).routes()).containsExactly("everything-from-ferry");
    }

    @Test
    void aRouteThatContinuesLetsLaterRoutesApplyToo() {
        RoutingTable table = table("""
                routes:
                  - name: archive-copy
                    continue: true
                  - name: mr
                    when: {Modality: MR}
                    continue: true
                  - name: research
                    when: {PatientID: 'RES*'}
                  - name: never-reached-after-research
                    when: {called: FERRY}
                """);
        assertThat(table.decide(input(object("MR", "RES1"))).routes())
                .containsExactly("archive-copy", "mr", "research");
        assertThat(table.decide(input(object("MR", "P1"))).routes())
                .containsExactly("archive-copy", "mr", "never-reached-after-research");
        assertThat(table.decide(input(object("CT", "RES1"))).routes()).containsExactly("archive-copy", "research");
    }

    @Test
    void defaultRouteAppliesOnlyWhenNoOtherRouteMatched() {
        RoutingTable table = table("""
                routes:
                  - name: catch-all
                    default: true
                  - name: mr
                    when: {Modality: MR}
                    continue: true
                """);
        assertThat(table.decide(input(object("MR", "1"))).routes()).containsExactly("mr");
        RoutingDecision ct = table.decide(input(object("CT", "1")));
        assertThat(ct.routes()).containsExactly("catch-all");
        assertThat(ct.unrouted()).isFalse();
    }

    @Test
    void withoutMatchOrDefaultTheObjectIsUnrouted() {
        RoutingTable table = table("""
                routes:
                  - name: mr
                    when: {Modality: MR}
                """);
        RoutingDecision decision = table.decide(input(object("CT", "1")));
        assertThat(decision.unrouted()).isTrue();
        assertThat(decision.routes()).isEmpty();
        assertThat(table(" routes: []").decide(input(object("CT", "1"))).unrouted()).isTrue();
    }

    @Test
    void seedRouteOfCalledAeTitleToFolder() {
        RoutingTable table = table("""
                routes:
                  - name: btuanon
                    when:
                      called: BTUANON
                """);
        assertThat(table.decide(input("MMILREC", "BTUANON", "10.0.0.9", object("MR", "1"))).routes())
                .containsExactly("btuanon");
        assertThat(table.decide(input("MMILREC", "OTHER", "10.0.0.9", object("MR", "1"))).unrouted()).isTrue();
        assertThat(table.stopBefore()).as("the called AE title needs no tag").isZero();
    }

    @Test
    void stopBeforeIsTheLatestOverAllRoutes() {
        RoutingTable table = table("""
                routes:
                  - name: mr
                    when: {Modality: MR}
                  - name: siemens
                    when: {'(0019,"SIEMENS MR HEADER",08)': {present: true}}
                  - name: rest
                    default: true
                    when: {PatientID: X}
                """);
        assertThat(table.stopBefore()).isEqualTo(0x001A0000);
    }

    @Test
    void duplicateNamesAndASecondDefaultAreReportedWithTheirLines() {
        ConfigProblems problems = new ConfigProblems();
        RoutingTable table = table("""
                routes:
                  - name: a
                    default: true
                  - {name: b, when: {Modality: MR}}
                  - name: a
                  - name: c
                    default: true
                  - when: {Modality: MR}
                """, problems);
        assertThat(problems.all()).extracting(ConfigProblems.Problem::toString).containsExactly(
                "line 5, routes[2].name: route name 'a' is used twice (first at line 2); names must be unique",
                "line 6, routes[3].default: a second default route 'c'; only one route can be the default"
                        + " (the first is 'a' at line 2)",
                "line 8, routes[4].name: every route needs a name");
        assertThat(table.decide(input(object("CT", "1"))).routes()).containsExactly("a");
    }
}
