package ferry.router.rules;

import static ferry.router.rules.Rules.input;
import static ferry.router.rules.Rules.when;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConditionTest {
    private static DataSet mr() {
        DataSet ds = new DataSet();
        ds.setString(Tags.ImageType, Vr.CS, "ORIGINAL", "PRIMARY", "M", "ND");
        ds.setString(Tags.StudyDate, Vr.DA, "20240315");
        ds.setString(Tags.StudyTime, Vr.TM, "093012.5");
        ds.setString(Tags.Modality, Vr.CS, "MR");
        ds.setString(Tags.StudyDescription, Vr.LO, "MRI BRAIN WO/W CONTRAST");
        ds.setString(Tags.SeriesDescription, Vr.LO, "t1_mprage*sag");
        ds.setString(Tags.PatientName, Vr.PN, "Doe^Jane");
        ds.setString(Tags.PatientID, Vr.LO, "P001");
        ds.setString(Tags.SliceThickness, Vr.DS, "1.50");
        ds.setString(Tags.EchoNumbers, Vr.IS, "+2");
        ds.setString(Tags.SeriesNumber, Vr.IS, "7");
        ds.setInts(Tags.Rows, Vr.US, 512);
        return ds;
    }

    private static boolean matches(String yaml, DataSet ds) {
        return when(yaml).test(input(ds));
    }

    @Test
    void calledAeTitleMatchesAsWrittenAfterTrimmingPadding() {
        Condition called = when("called: BTUANON");
        assertThat(called.test(input("SENDER", "BTUANON         ", "10.1.2.3", mr()))).isTrue();
        assertThat(called.test(input("SENDER", "  BTUANON", "10.1.2.3", mr()))).isTrue();
        assertThat(called.test(input("SENDER", "btuanon", "10.1.2.3", mr()))).isFalse();
        assertThat(called.test(input("SENDER", "BTUANON2", "10.1.2.3", mr()))).isFalse();
    }

    @Test
    void callingAeTitleTakesWildcardsListsAndRegexes() {
        assertThat(when("calling: 'SCANNER_*'").test(input("SCANNER_MR1 ", "FERRY", "10.1.2.3", mr()))).isTrue();
        assertThat(when("calling: 'SCANNER_?'").test(input("SCANNER_MR1", "FERRY", "10.1.2.3", mr()))).isFalse();
        assertThat(when("calling: [CT1, MR1]").test(input("MR1", "FERRY", "10.1.2.3", mr()))).isTrue();
        assertThat(when("calling: [CT1, MR2]").test(input("MR1", "FERRY", "10.1.2.3", mr()))).isFalse();
        assertThat(when("calling: {regex: '^MR[0-9]$'}").test(input("MR1", "FERRY", "10.1.2.3", mr()))).isTrue();
        assertThat(when("calling: {regex: '^MR[0-9]$'}").test(input("MR10", "FERRY", "10.1.2.3", mr())))
                .isFalse();
    }

    @Test
    void bareValueEqualsTheValueWithoutPadding() {
        assertThat(matches("Modality: MR", mr())).isTrue();
        assertThat(matches("Modality: CT", mr())).isFalse();
        assertThat(matches("Modality: mr", mr())).as("values compare case-sensitively").isFalse();
        assertThat(matches("PatientID: P001", mr())).isTrue();
        assertThat(matches("PatientID: P00", mr())).isFalse();
    }

    @Test
    void numericVrsCompareEqualNumerically() {
        assertThat(matches("EchoNumbers: 2", mr())).as("IS '+2'").isTrue();
        assertThat(matches("SliceThickness: 1.5", mr())).as("DS '1.50'").isTrue();
        assertThat(matches("SliceThickness: 1.25", mr())).isFalse();
        assertThat(matches("Rows: 512", mr())).as("US 512").isTrue();
        assertThat(matches("Rows: 256", mr())).isFalse();
    }

    @Test
    void listMatchesWhenAnyItemMatches() {
        assertThat(matches("Modality: [CT, MR, PT]", mr())).isTrue();
        assertThat(matches("Modality: [CT, PT]", mr())).isFalse();
        assertThat(matches("Modality: {one-of: [CT, 'M?']}", mr())).isTrue();
        assertThat(matches("Modality: {one-of: [CT, US]}", mr())).isFalse();
    }

    @Test
    void wildcardStarMatchesAnyRunAndQuestionMarkOneCharacter() {
        assertThat(matches("StudyDescription: 'MRI BRAIN*'", mr())).isTrue();
        assertThat(matches("StudyDescription: '*CONTRAST'", mr())).isTrue();
        assertThat(matches("StudyDescription: 'MRI*WO/W*'", mr())).isTrue();
        assertThat(matches("StudyDescription: 'CT*'", mr())).isFalse();
        assertThat(matches("Modality: 'M?'", mr())).isTrue();
        assertThat(matches("Modality: '?'", mr())).isFalse();
        assertThat(matches("Modality: 'M??'", mr())).isFalse();
        assertThat(matches("Modality: '*'", mr())).isTrue();
    }

    @Test
    void equalsOperatorTakesWildcardCharactersLiterally() {
        assertThat(matches("SeriesDescription: {equals: 't1_mprage*sag'}", mr())).isTrue();
        assertThat(matches("SeriesDescription: {equals: 't1_*'}", mr())).isFalse();
        assertThat(matches("SeriesDescription: 't1_*'", mr())).isTrue();
    }

    @Test
    void regexIsFoundAnywhereUnlessAnchored() {
        assertThat(matches("StudyDescription: {regex: 'BRAIN'}", mr())).isTrue();
        assertThat(matches("StudyDescription: {regex: '^BRAIN'}", mr())).isFalse();
        assertThat(matches("StudyDescription: {regex: '(?i)^mri brain'}", mr())).isTrue();
        assertThat(matches("PatientName: {regex: '^Doe\\^'}", mr())).isTrue();
    }

    @Test
    void numericComparisonsWithSymbolsAndWords() {
        DataSet ds = mr();
        assertThat(matches("SeriesNumber: {'<': 8}", ds)).isTrue();
        assertThat(matches("SeriesNumber: {'<': 7}", ds)).isFalse();
        assertThat(matches("SeriesNumber: {'<=': 7}", ds)).isTrue();
        assertThat(matches("SeriesNumber: {'<=': 6}", ds)).isFalse();
        assertThat(matches("SeriesNumber: {'>': 6}", ds)).isTrue();
        assertThat(matches("SeriesNumber: {'>': 7}", ds)).isFalse();
        assertThat(matches("SeriesNumber: {'>=': 7}", ds)).isTrue();
        assertThat(matches("SeriesNumber: {'>=': 8}", ds)).isFalse();
        assertThat(matches("SeriesNumber: {lt: 10, gt: 5}", ds)).isTrue();
        assertThat(matches("SeriesNumber: {le: 6}", ds)).isFalse();
        assertThat(matches("SeriesNumber: {ge: 7.0}", ds)).isTrue();
        assertThat(matches("SliceThickness: {'>': 1.4}", ds)).isTrue();
        assertThat(matches("Rows: {'>=': 512}", ds)).isTrue();
        assertThat(matches("Rows: {'>': 512}", ds)).isFalse();
        assertThat(matches("EchoNumbers: {'>': 1}", ds)).isTrue();
    }

    @Test
    void aValueThatIsNotANumberNeverMatchesANumericComparison() {
        DataSet ds = mr();
        ds.setString(Tags.SeriesNumber, Vr.IS, "seven");
        assertThat(matches("SeriesNumber: {'>': 0}", ds)).isFalse();
        assertThat(matches("SeriesNumber: {'<': 0}", ds)).isFalse();
        ds.setString(Tags.SeriesNumber, Vr.IS, "NaN");
        assertThat(matches("SeriesNumber: {'<': 100}", ds)).isFalse();
        assertThat(matches("PatientID: {'>': 0}", mr())).as("'P001' is no number").isFalse();
    }

    @Test
    void betweenIncludesBothBounds() {
        assertThat(matches("SeriesNumber: {between: [7, 9]}", mr())).isTrue();
        assertThat(matches("SeriesNumber: {between: [1, 7]}", mr())).isTrue();
        assertThat(matches("SeriesNumber: {between: [8, 9]}", mr())).isFalse();
        assertThat(matches("SliceThickness: {between: [0.5, 1.49]}", mr())).isFalse();
    }

    @Test
    void datesAndTimesCompareAsDicomText() {
        assertThat(matches("StudyDate: {'>=': 20240101}", mr())).isTrue();
        assertThat(matches("StudyDate: {'<': 20240315}", mr())).isFalse();
        assertThat(matches("StudyDate: {between: [20240301, 20240331]}", mr())).isTrue();
        assertThat(matches("StudyDate: {between: [20240401, 20240430]}", mr())).isFalse();
        assertThat(matches("StudyDate: '202403*'", mr())).isTrue();
        assertThat(matches("StudyTime: {'<': 120000}", mr())).isTrue();
        assertThat(matches("StudyTime: {'>=': '093012.5'}", mr())).isTrue();
        assertThat(matches("StudyTime: {'>': 0930}", mr())).as("coarser bound: 093012.5 sorts after 0930")
                .isTrue();
    }

    @Test
    void presentNeedsAValueAndEmptyCountsAsAbsent() {
        DataSet ds = mr();
        ds.setString(Tags.AccessionNumber, Vr.SH);
        assertThat(matches("PatientID: {present: true}", ds)).isTrue();
        assertThat(matches("PatientID: {present: false}", ds)).isFalse();
        assertThat(matches("AccessionNumber: {present: true}", ds)).as("empty").isFalse();
        assertThat(matches("AccessionNumber: {present: false}", ds)).isTrue();
        assertThat(matches("OtherPatientIDs: {present: no}", ds)).as("absent").isTrue();
        assertThat(matches("OtherPatientIDs: {present: yes}", ds)).isFalse();
        ds.newSequence(Tags.ReferencedStudySequence);
        assertThat(matches("ReferencedStudySequence: {present: true}", ds)).as("no items").isFalse();
        ds.getSequence(Tags.ReferencedStudySequence).addItem();
        assertThat(matches("ReferencedStudySequence: {present: true}", ds)).isTrue();
    }

    @Test
    void anEmptyOrAbsentElementMatchesNoValue() {
        DataSet ds = mr();
        ds.setString(Tags.AccessionNumber, Vr.SH);
        assertThat(matches("AccessionNumber: '*'", ds)).isFalse();
        assertThat(matches("OtherPatientIDs: '*'", ds)).isFalse();
        assertThat(matches("OtherPatientIDs: {regex: '.*'}", ds)).isFalse();
    }

    @Test
    void notNegatesAConditionOrAValue() {
        assertThat(matches("not: {Modality: CT}", mr())).isTrue();
        assertThat(matches("not: {Modality: MR}", mr())).isFalse();
        assertThat(matches("Modality: {not: [CT, PT]}", mr())).isTrue();
        assertThat(matches("Modality: {not: 'M*'}", mr())).isFalse();
        assertThat(matches("not: {Modality: MR, called: ELSEWHERE}", mr())).as("not (MR and ELSEWHERE)").isTrue();
        assertThat(matches("OtherPatientIDs: {not: X}", mr())).as("absent is not X").isTrue();
    }

    @Test
    void aMapOfSeveralKeysMeansAll() {
        assertThat(matches("{Modality: MR, called: FERRY, calling: SENDER}", mr())).isTrue();
        assertThat(matches("{Modality: MR, called: FERRY, calling: OTHER}", mr())).isFalse();
        assertThat(matches("SeriesNumber: {'>': 1, '<': 5}", mr())).isFalse();
    }

    @Test
    void allAndAnyCombineListsOfConditions() {
        assertThat(matches("all: [{Modality: MR}, {SeriesNumber: 7}]", mr())).isTrue();
        assertThat(matches("all: [{Modality: MR}, {SeriesNumber: 8}]", mr())).isFalse();
        assertThat(matches("any: [{Modality: CT}, {SeriesNumber: 7}]", mr())).isTrue();
        assertThat(matches("any: [{Modality: CT}, {SeriesNumber: 8}]", mr())).isFalse();
        assertThat(matches("any: {Modality: CT, calling: SENDER}", mr())).as("a map's entries count each").isTrue();
        assertThat(matches("""
                any:
                  - all: [{Modality: CT}, {called: FERRY}]
                  - all:
                      - Modality: MR
                      - not: {PatientID: 'TEST*'}
                """, mr())).isTrue();
    }

    @Test
    void multiValuedElementsMatchWhenAnyValueMatches() {
        assertThat(matches("ImageType: PRIMARY", mr())).isTrue();
        assertThat(matches("ImageType: ND", mr())).isTrue();
        assertThat(matches("ImageType: DERIVED", mr())).isFalse();
        assertThat(matches("ImageType: [DERIVED, SECONDARY]", mr())).isFalse();
        assertThat(matches("not: {ImageType: DERIVED}", mr())).isTrue();
        DataSet ds = mr();
        ds.setString(Tags.EchoNumbers, Vr.IS, "1", "20");
        assertThat(matches("EchoNumbers: {'>': 10}", ds)).isTrue();
        assertThat(matches("EchoNumbers: {between: [5, 10]}", ds)).as("both bounds hold for one value").isFalse();
    }

    @Test
    void tagsAreNamedByKeywordOrNumber() {
        assertThat(matches("'(0008,0060)': MR", mr())).isTrue();
        assertThat(matches("(0008,0060): MR", mr())).isTrue();
        assertThat(matches("'00080060': MR", mr())).isTrue();
        assertThat(matches("00080060: CT", mr())).isFalse();
        assertThat(matches("(0010,0020): P001", mr())).isTrue();
    }

    @Test
    void privateTagIsFoundThroughItsCreatorInWhicheverBlockItReserved() {
        String rule = "(0019,\"SIEMENS MR HEADER\",0C): 1000";
        DataSet inBlock10 = mr();
        inBlock10.setString(Tag.of(0x0019, 0x0010), Vr.LO, "SIEMENS MR HEADER");
        inBlock10.setString(Tag.of(0x0019, 0x100C), Vr.IS, "1000");
        assertThat(matches(rule, inBlock10)).isTrue();

        DataSet inBlock11 = mr();
        inBlock11.setString(Tag.of(0x0019, 0x0010), Vr.LO, "OTHER VENDOR");
        inBlock11.setString(Tag.of(0x0019, 0x100C), Vr.IS, "1000");
        inBlock11.setString(Tag.of(0x0019, 0x0011), Vr.LO, "SIEMENS MR HEADER");
        inBlock11.setString(Tag.of(0x0019, 0x110C), Vr.IS, "1000");
        assertThat(matches(rule, inBlock11)).isTrue();
        inBlock11.setString(Tag.of(0x0019, 0x110C), Vr.IS, "50");
        assertThat(matches(rule, inBlock11)).as("the other vendor's (0019,100C) does not count").isFalse();

        DataSet noCreator = mr();
        noCreator.setString(Tag.of(0x0019, 0x100C), Vr.IS, "1000");
        assertThat(matches(rule, noCreator)).isFalse();
        assertThat(matches("(0019,\"SIEMENS MR HEADER\",0C): {present: false}", noCreator)).isTrue();
    }

    @Test
    void privateValuesOfUnknownVrAreReadAsText() {
        DataSet ds = mr();
        ds.setString(Tag.of(0x0029, 0x0010), Vr.LO, "VENDOR.1.2");
        ds.setBytes(Tag.of(0x0029, 0x1001), Vr.UN, "ABC\\DEF ".getBytes(StandardCharsets.US_ASCII));
        ds.setBytes(Tag.of(0x0029, 0x1002), Vr.UN, "42".getBytes(StandardCharsets.US_ASCII));
        assertThat(matches("(0029,\"VENDOR.1.2\",01): DEF", ds)).isTrue();
        assertThat(matches("(0029,\"VENDOR.1.2\",01): ABC\\DEF", ds)).isFalse();
        assertThat(matches("(0029,\"VENDOR.1.2\",02): {'>': 41}", ds)).isTrue();
        assertThat(matches("(0029,1002): 42", ds)).isTrue();
    }

    @Test
    void sequencePathsLookIntoEveryItem() {
        DataSet ds = mr();
        Sequence requests = ds.newSequence(Tags.RequestAttributesSequence);
        requests.addItem().setString(Tags.RequestedProcedureID, Vr.SH, "RP1");
        requests.addItem().setString(Tags.RequestedProcedureID, Vr.SH, "RESEARCH-7");
        assertThat(matches("RequestAttributesSequence.RequestedProcedureID: 'RESEARCH-*'", ds)).isTrue();
        assertThat(matches("(0040,0275).(0040,1001): RP1", ds)).isTrue();
        assertThat(matches("RequestAttributesSequence.RequestedProcedureID: RP2", ds)).isFalse();
        assertThat(matches("ReferencedStudySequence.ReferencedSOPInstanceUID: {present: true}", ds)).isFalse();
    }

    @Test
    void peerMatchesAddressesAndCidrBlocks() {
        DataSet ds = mr();
        assertThat(when("peer: 10.1.2.3").test(input("A", "B", "10.1.2.3", ds))).isTrue();
        assertThat(when("peer: 10.1.2.3").test(input("A", "B", "10.1.2.4", ds))).isFalse();
        assertThat(when("peer: 10.0.0.0/8").test(input("A", "B", "10.200.1.1", ds))).isTrue();
        assertThat(when("peer: 10.0.0.0/8").test(input("A", "B", "11.0.0.1", ds))).isFalse();
        assertThat(when("peer: 192.168.1.128/25").test(input("A", "B", "192.168.1.200", ds))).isTrue();
        assertThat(when("peer: 192.168.1.128/25").test(input("A", "B", "192.168.1.100", ds))).isFalse();
        assertThat(when("peer: 0.0.0.0/0").test(input("A", "B", "8.8.8.8", ds))).isTrue();
        assertThat(when("peer: 0.0.0.0/0").test(input("A", "B", "::1", ds))).as("IPv4 only").isFalse();
        assertThat(when("peer: '2001:db8::/32'").test(input("A", "B", "2001:db8:1::5", ds))).isTrue();
        assertThat(when("peer: '2001:db8::/32'").test(input("A", "B", "2001:db9::5", ds))).isFalse();
        assertThat(when("peer: '::1'").test(input("A", "B", "::1", ds))).isTrue();
        assertThat(when("peer: 10.0.0.0/8").test(input("A", "B", "::ffff:10.9.9.9", ds))).isTrue();
        assertThat(when("peer: [127.0.0.1, 10.0.0.0/8]").test(input("A", "B", "10.9.9.9", ds))).isTrue();
        assertThat(when("peer: {not: 10.0.0.0/8}").test(input("A", "B", "10.9.9.9", ds))).isFalse();
        assertThat(when("peer: {one-of: [127.0.0.1]}").test(input("A", "B", "127.0.0.1", ds))).isTrue();
        assertThat(when("peer: 10.1.2.3/8").test(input("A", "B", "10.200.0.1", ds))).as("host bits ignored")
                .isTrue();
        assertThat(when("peer: '::ffff:10.0.0.0/104'").test(input("A", "B", "10.200.0.1", ds))).isTrue();
    }

    @Test
    void conditionsWithoutHeaderOrAssociationDetailsDoNotMatch() {
        RoutingInput bare = new RoutingInput(null, null, null, null);
        assertThat(when("Modality: MR").test(bare)).isFalse();
        assertThat(when("called: X").test(bare)).isFalse();
        assertThat(when("peer: 10.0.0.0/8").test(bare)).isFalse();
        assertThat(Condition.always().test(bare)).isTrue();
    }

    @Test
    void stopBeforeIsTheTagAfterTheLastTagLookedAt() {
        assertThat(when("called: X").stopBefore()).isZero();
        assertThat(when("{called: X, peer: 10.0.0.0/8}").stopBefore()).isZero();
        assertThat(when("Modality: MR").stopBefore()).isEqualTo(0x00080061);
        assertThat(when("{Modality: MR, PatientID: X, StudyDate: 20240101}").stopBefore()).isEqualTo(0x00100021);
        assertThat(when("any: [{Modality: MR}, {not: {SeriesNumber: 3}}]").stopBefore()).isEqualTo(0x00200012);
        assertThat(when("(0019,\"SIEMENS MR HEADER\",0C): 1").stopBefore()).as("the whole private group")
                .isEqualTo(0x001A0000);
        assertThat(when("RequestAttributesSequence.RequestedProcedureID: X").stopBefore()).isEqualTo(0x00400276);
        assertThat(when("(7FE0,0010): {present: true}").stopBefore()).isEqualTo(0x7FE00011);
        assertThat(when("(FFFA,FFFA): {present: true}").stopBefore()).as("unsigned order")
                .isEqualTo(0xFFFAFFFB);
    }
}
