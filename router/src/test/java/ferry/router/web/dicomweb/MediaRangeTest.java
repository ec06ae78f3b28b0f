package ferry.router.web.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MediaRange}: the Accept headers DICOMweb clients send (RFC 9110 §12.5.1, PS3.18 §8.7). */
class MediaRangeTest {
    @Test
    void quotedParametersWeightsAndCaseAreRead() {
        List<MediaRange> ranges = MediaRange.accepted("Multipart/Related; Type=\"application/dicom\"; "
                + "transfer-syntax=*, application/dicom+json;q=0.5, text/html;q=0");
        assertThat(ranges).hasSize(3);
        assertThat(ranges.get(0).takes("multipart", "related")).isTrue();
        assertThat(ranges.get(0).parameter("type")).isEqualTo("application/dicom");
        assertThat(ranges.get(0).parameter("transfer-syntax")).isEqualTo("*");
        assertThat(ranges.get(1).quality()).isEqualTo(0.5);
        assertThat(ranges.get(2).takes("text", "html")).as("q=0: not acceptable").isFalse();
    }

    @Test
    void noAcceptIsAnyTypeAndCommasInQuotesDoNotSplit() {
        assertThat(MediaRange.accepted(null)).singleElement().satisfies(r -> {
            assertThat(r.wild()).isTrue();
            assertThat(r.takes("application", "dicom+json")).isTrue();
        });
        assertThat(MediaRange.accepted("multipart/related; type=\"a,b\"")).singleElement()
                .satisfies(r -> assertThat(r.parameter("type")).isEqualTo("a,b"));
        assertThat(MediaRange.of("multipart/*").takes("multipart", "related")).isTrue();
        assertThat(MediaRange.of("multipart/*").takes("application", "json")).isFalse();
    }

    @Test
    void whatIsNoMediaTypeIsRefused() {
        assertThatThrownBy(() -> MediaRange.of("dicom")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type/subtype");
        assertThatThrownBy(() -> MediaRange.accepted("application/json;q=high"))
                .hasMessageContaining("q weight");
    }
}
