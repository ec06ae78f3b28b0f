package ferry.router.make;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValueTemplateTest {
    private static final Position POSITION = new Position(7, 12, 3, 45, 2);

    @Test
    void fieldsStandForTheNumbersOfThePosition() {
        assertThat(ValueTemplate.parse("P{n:04}").expand(POSITION)).isEqualTo("P0007");
        assertThat(ValueTemplate.parse("{patient}-{study}-{series}-{instance}-{echo}").expand(POSITION))
                .isEqualTo("7-12-3-45-2");
        assertThat(ValueTemplate.parse("A{study:6}").expand(POSITION)).isEqualTo("A    12");
        assertThat(ValueTemplate.parse("{instance:01}").expand(POSITION)).as("wider than asked").isEqualTo("45");
    }

    @Test
    void doubledBracesAreLiteralBraces() {
        assertThat(ValueTemplate.parse("{{n}}={n}").expand(POSITION)).isEqualTo("{n}=7");
        assertThat(ValueTemplate.parse("plain").constant()).isTrue();
        assertThat(ValueTemplate.parse("P{n}").constant()).isFalse();
    }

    @Test
    void unknownFieldsAndLoneBracesAreRefusedWithTheFieldsThereAre() {
        assertThatThrownBy(() -> ValueTemplate.parse("P{patientid}"))
                .hasMessageContaining("unknown field {patientid}").hasMessageContaining("{instance}");
        assertThatThrownBy(() -> ValueTemplate.parse("P{n:x}")).hasMessageContaining("a brace that opens no field");
        assertThatThrownBy(() -> ValueTemplate.parse("P}")).hasMessageContaining("{{ or }}");
    }
}
