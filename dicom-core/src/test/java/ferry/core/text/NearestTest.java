package ferry.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NearestTest {
    @Test
    void theClosestNameWithinTheEditsAllowedIsFound() {
        assertThat(Nearest.closest("PatientNmae", Stream.of("PatientAge", "PatientName", "PatientID"), 2))
                .contains("PatientName");
        assertThat(Nearest.closest("colour", Stream.of("collision"), 2)).isEmpty();
    }

    @Test
    void theDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(Nearest.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Nearest.distance("", "abc")).isEqualTo(3);
        assertThat(Nearest.distance("same", "same")).isZero();
    }
}
