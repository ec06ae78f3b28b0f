package ferry.router.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.router.index.MeasureCondition.Operator;
import org.junit.jupiter.api.Test;

/** The {@code --measure} syntax: NAME OPERATOR NUMBER, spaces allowed around the operator. */
class MeasureConditionTest {
    @Test
    void theLongerOperatorIsReadFirstAndSpacesAroundItAreDropped() {
        MeasureCondition total = MeasureCondition.parse(" CT Dose Length Product Total >= 1068.95 ");

        assertThat(total.key()).isEqualTo("CT Dose Length Product Total");
        assertThat(total.operator()).isEqualTo(Operator.GREATER_OR_EQUAL);
        assertThat(total.number()).isEqualByComparingTo("1068.95");
        assertThat(MeasureCondition.parse("113838<=-2.5").operator()).isEqualTo(Operator.LESS_OR_EQUAL);
        assertThat(MeasureCondition.parse("CT Acquisition/CT Dose/DLP<1.5e3").number()).isEqualByComparingTo("1500");
        assertThat(MeasureCondition.parse("DLP=.5")).hasToString("DLP=0.5");
    }

    @Test
    void anythingElseIsRefusedNamingTheTextAndTheSyntax() {
        for (String bad : new String[] {"", "DLP", "DLP>", ">500", "DLP>>500", "DLP=>5", "DLP>abc", "DLP>5 mGy",
            "DLP>1,5", "DLP≥5", "a<b>5"}) {
            assertThatThrownBy(() -> MeasureCondition.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'" + bad + "' is not a measure condition: write NAME OPERATOR NUMBER");
        }
    }
}
