package ferry.router.config.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SuggestionTest {
    @Test
    void theSameLettersInAnotherCaseAreSuggestedFirst() {
        assertThat(Suggestion.closest("patientid", Stream.of("PatientAge", "PatientID", "PatientId"), 2))
                .isEqualTo(" (did you mean 'PatientID'?)");
    }

    @Test
    void aNameUpToTheEditsAllowedAwayIsSuggested() {
        assertThat(Suggestion.closest("qiet-period", Stream.of("force-after", "quiet-period"), 2))
                .isEqualTo(" (did you mean 'quiet-period'?)");
        assertThat(Suggestion.closest("Modaltiy", Stream.of("Modality"), 2)).isEqualTo(" (did you mean 'Modality'?)");
    }

    @Test
    void nothingIsSuggestedBeyondTheEditsAllowed() {
        assertThat(Suggestion.closest("colour", Stream.of("collision"), 2)).isEmpty();
        assertThat(Suggestion.closest("Modaliti", Stream.of("Modality"), 0)).isEmpty();
        assertThat(Suggestion.closest("MODALITY", Stream.of("Modality"), 0)).isEqualTo(" (did you mean 'Modality'?)");
    }
}
