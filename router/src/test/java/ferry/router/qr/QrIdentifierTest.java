package ferry.router.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.dimse.Status;
import ferry.net.service.DimseStatusException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Identifiers that findscu cannot send (unknown tags, wrong VRs) and the split of supported and other keys. */
class QrIdentifierTest {
    static DataSet identifier(String level) {
        DataSet identifier = new DataSet();
        identifier.setString(Tags.QueryRetrieveLevel, Vr.CS, level);
        return identifier;
    }

    static Status refusal(Runnable call) {
        try {
            call.run();
        } catch (DimseStatusException e) {
            return e.status();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aKeyTheDictionaryDoesNotKnowIsRefusedAsNotMatchingTheSopClass() {
        DataSet identifier = identifier("STUDY");
        identifier.put(Tag.of(0x0010, 0x9999), Vr.LO, new Bytes("x".getBytes(StandardCharsets.US_ASCII)));

        Status status = refusal(() -> QrIdentifier.find(QueryRetrieveModel.STUDY_ROOT, identifier));

        assertThat(status.code()).isEqualTo(0xA900);
        assertThat(status.offendingElements()).containsExactly(Tag.of(0x0010, 0x9999));
        assertThat(status.errorComment()).contains("not in PS3.6");
    }

    @Test
    void aKeyWithAnotherVrThanTheDictionarysIsRefused() {
        DataSet identifier = identifier("STUDY");
        identifier.setString(Tags.PatientID, Vr.DA, "20240101");

        Status status = refusal(() -> QrIdentifier.find(QueryRetrieveModel.STUDY_ROOT, identifier));

        assertThat(status.code()).isEqualTo(0xA900);
        assertThat(status.offendingElements()).containsExactly(Tags.PatientID);
        assertThat(status.errorComment()).contains("is LO, not DA");
    }

    @Test
    void aCodeStringInLowerCaseCannotBeProcessed() {
        DataSet identifier = identifier("SERIES");
        identifier.setString(Tags.Modality, Vr.CS, "ct");

        Status status = refusal(() -> QrIdentifier.find(QueryRetrieveModel.PATIENT_ROOT, identifier));

        assertThat(status.code()).isEqualTo(0xC000);
        assertThat(status.errorComment()).contains("did you mean CT?");
    }

    @Test
    void keysTheIndexDoesNotHoldAreAnsweredEmptyAndNotMatched() {
        DataSet identifier = identifier("STUDY");
        identifier.setString(Tags.StudyInstanceUID, Vr.UI, "1.2.3");
        identifier.setString(Tags.PatientAge, Vr.AS, "040Y");

        QrIdentifier.Find find = QrIdentifier.find(QueryRetrieveModel.STUDY_ROOT, identifier);

        assertThat(find.unanswered()).extracting(element -> element.tag()).containsExactly(Tags.PatientAge);
        assertThat(find.query().keyTags()).containsExactly(Tags.StudyInstanceUID);
    }

    @Test
    void numbersOfRelatedEntitiesAreKeysOfTheQueryWithTheirValueDropped() {
        DataSet identifier = identifier("STUDY");
        identifier.setString(Tags.StudyInstanceUID, Vr.UI, "1.2.3");
        identifier.setString(Tags.NumberOfStudyRelatedInstances, Vr.IS, "5");
        identifier.setString(Tags.NumberOfPatientRelatedStudies, Vr.IS);

        QrIdentifier.Find find = QrIdentifier.find(QueryRetrieveModel.STUDY_ROOT, identifier);

        assertThat(find.unanswered()).isEmpty();
        assertThat(find.query().keyTags()).containsExactly(Tags.StudyInstanceUID, Tags.NumberOfPatientRelatedStudies,
                Tags.NumberOfStudyRelatedInstances);
        assertThat(find.query().identifier().getString(Tags.NumberOfStudyRelatedInstances, "")).isEmpty();
    }

    @Test
    void aNumberOfRelatedEntitiesWithAValueCannotSelectARetrieval() {
        DataSet study = identifier("STUDY");
        study.setString(Tags.StudyInstanceUID, Vr.UI, "1.2.3");
        study.setString(Tags.NumberOfStudyRelatedInstances, Vr.IS, "5");

        Status status = refusal(() -> QrIdentifier.retrieve(QueryRetrieveModel.STUDY_ROOT, study));

        assertThat(status.code()).isEqualTo(0xA900);
        assertThat(status.offendingElements()).containsExactly(Tags.NumberOfStudyRelatedInstances);
    }

    @Test
    void aRetrievalNeedsTheUniqueKeyOfItsLevelAndRefusesOtherKeysWithValues() {
        DataSet series = identifier("SERIES");
        series.setString(Tags.StudyInstanceUID, Vr.UI, "1.2.3");
        assertThat(refusal(() -> QrIdentifier.retrieve(QueryRetrieveModel.STUDY_ROOT, series)).offendingElements())
                .containsExactly(Tags.SeriesInstanceUID);

        DataSet study = identifier("STUDY");
        study.setString(Tags.StudyInstanceUID, Vr.UI, "1.2.3");
        study.setString(Tags.PatientAge, Vr.AS, "040Y");
        assertThat(refusal(() -> QrIdentifier.retrieve(QueryRetrieveModel.STUDY_ROOT, study)).code())
                .isEqualTo(0xA900);

        study.remove(Tags.PatientAge);
        study.setString(Tags.PatientName, Vr.PN);
        assertThat(QrIdentifier.retrieve(QueryRetrieveModel.STUDY_ROOT, study).keyTags())
                .contains(Tags.StudyInstanceUID, Tags.SOPInstanceUID, Tags.SOPClassUID)
                .doesNotContain(Tags.PatientName);
    }

    @Test
    void aMissingQueryRetrieveLevelIsRefused() {
        assertThatThrownBy(() -> QrIdentifier.find(QueryRetrieveModel.PATIENT_ROOT, new DataSet()))
                .isInstanceOf(DimseStatusException.class).hasMessageContaining("0xA900");
    }
}
