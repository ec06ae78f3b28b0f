package ferry.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.net.dimse.Status.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status classes and names of PS3.7 Annex C and PS3.4 (Storage B.2.3, Query/Retrieve C.4). */
class StatusTest {
    static Category category(int code) {
        return Status.of(code).category();
    }

    @Test
    void successIsZeroOnly() {
        assertThat(category(0x0000)).isEqualTo(Category.SUCCESS);
        assertThat(Status.SUCCESS.isSuccessOrWarning()).isTrue();
    }

    @Test
    void pendingIsFf00AndFf01() {
        assertThat(category(0xFF00)).isEqualTo(Category.PENDING);
        assertThat(category(0xFF01)).isEqualTo(Category.PENDING);
        assertThat(category(0xFF02)).isEqualTo(Category.FAILURE);
        assertThat(Status.PENDING.isSuccessOrWarning()).isFalse();
    }

    @Test
    void cancelIsFe00() {
        assertThat(category(0xFE00)).isEqualTo(Category.CANCEL);
        assertThat(Status.CANCEL.name()).isEqualTo("Cancel");
    }

    @Test
    void warningsAreTheGeneralWarningCodesAndTheWholeBRange() {
        for (int code : new int[] {0x0001, 0x0107, 0x0116, 0xB000, 0xB006, 0xB007, 0xB123, 0xBFFF}) {
            assertThat(category(code)).as("0x%04X", code).isEqualTo(Category.WARNING);
        }
        assertThat(Status.COERCION_OF_DATA_ELEMENTS.isSuccessOrWarning()).isTrue();
    }

    @Test
    void failuresAreTheARangeTheCRangeTheGeneralFailuresAndEverythingUnknown() {
        List<Integer> failures = List.of(0xA000, 0xA700, 0xA7FF, 0xA801, 0xA900, 0xAFFF, 0xC000, 0xC123, 0xCFFF,
                0x0105, 0x0106, 0x0110, 0x0111, 0x0112, 0x0117, 0x0118, 0x0119, 0x0120, 0x0122, 0x0124,
                0x0210, 0x0211, 0x0212, 0x0213, 0x0214, 0x0002, 0x0100, 0x9000, 0xD000, 0xFFFF);
        for (int code : failures) {
            assertThat(category(code)).as("0x%04X", code).isEqualTo(Category.FAILURE);
        }
        assertThat(Status.OUT_OF_RESOURCES.isSuccessOrWarning()).isFalse();
    }

    @Test
    void theNamedConstantsHaveTheStandardsCodesAndNames() {
        assertThat(Status.SUCCESS).extracting(Status::code, Status::name).containsExactly(0x0000, "Success");
        assertThat(Status.PENDING).extracting(Status::code, Status::name).containsExactly(0xFF00, "Pending");
        assertThat(Status.PENDING_OPTIONAL_KEYS_NOT_SUPPORTED.name())
                .isEqualTo("Pending (Optional Keys Not Supported)");
        assertThat(Status.CANCEL.code()).isEqualTo(0xFE00);
        assertThat(Status.OUT_OF_RESOURCES).extracting(Status::code, Status::name)
                .containsExactly(0xA700, "Refused: Out of Resources");
        assertThat(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS).extracting(Status::code, Status::name)
                .containsExactly(0xA900, "Error: Data Set Does Not Match SOP Class");
        assertThat(Status.CANNOT_UNDERSTAND).extracting(Status::code, Status::name)
                .containsExactly(0xC000, "Error: Cannot Understand");
        assertThat(Status.PROCESSING_FAILURE).extracting(Status::code, Status::name)
                .containsExactly(0x0110, "Processing Failure");
        assertThat(Status.DUPLICATE_SOP_INSTANCE).extracting(Status::code, Status::name)
                .containsExactly(0x0111, "Duplicate SOP Instance");
        assertThat(Status.SOP_CLASS_NOT_SUPPORTED).extracting(Status::code, Status::name)
                .containsExactly(0x0122, "SOP Class Not Supported");
        assertThat(Status.UNRECOGNIZED_OPERATION).extracting(Status::code, Status::name)
                .containsExactly(0x0211, "Unrecognized Operation");
        assertThat(Status.MISTYPED_ARGUMENT).extracting(Status::code, Status::name)
                .containsExactly(0x0212, "Mistyped Argument");
        assertThat(Status.COERCION_OF_DATA_ELEMENTS).extracting(Status::code, Status::name)
                .containsExactly(0xB000, "Coercion of Data Elements");
        assertThat(Status.ELEMENTS_DISCARDED).extracting(Status::code, Status::name)
                .containsExactly(0xB006, "Elements Discarded");
        assertThat(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING).extracting(Status::code, Status::name)
                .containsExactly(0xB007, "Data Set Does Not Match SOP Class");
    }

    @Test
    void rangesOfThePs34TablesShareTheirName() {
        assertThat(Status.of(0xA7FE).name()).isEqualTo("Refused: Out of Resources");
        assertThat(Status.of(0xA9FF).name()).isEqualTo("Error: Data Set Does Not Match SOP Class");
        assertThat(Status.of(0xCFFF).name()).isEqualTo("Error: Cannot Understand");
        assertThat(Status.of(0xA701).name()).startsWith("Refused: Out of Resources - Unable to Calculate");
        assertThat(Status.of(0xA801).name()).isEqualTo("Refused: Move Destination Unknown");
    }

    @Test
    void codesWithoutANameAreCalledByTheirCategory() {
        assertThat(Status.of(0xB123).name()).isEqualTo("Warning");
        assertThat(Status.of(0xA123).name()).isEqualTo("Failure");
        assertThat(Status.of(0x0214).name()).isEqualTo("Failure");
    }

    @Test
    void relatedFieldsAreAddedWithoutChangingTheConstant() {
        Status status = Status.CANNOT_UNDERSTAND.withComment("no SOP Instance UID")
                .withOffendingElements(0x00080018).withErrorId(7);

        assertThat(status.code()).isEqualTo(0xC000);
        assertThat(status.errorComment()).isEqualTo("no SOP Instance UID");
        assertThat(status.offendingElements()).containsExactly(0x00080018);
        assertThat(status.errorId()).isEqualTo(7);
        assertThat(Status.CANNOT_UNDERSTAND.errorComment()).isNull();
        assertThat(Status.CANNOT_UNDERSTAND.offendingElements()).isEmpty();
        assertThat(status.withComment(null).errorComment()).isNull();
        assertThat(Status.of(0xC000)).isEqualTo(Status.CANNOT_UNDERSTAND);
    }

    @Test
    void toStringShowsCodeNameAndRelatedFields() {
        assertThat(Status.OUT_OF_RESOURCES.withComment("disk full").withOffendingElements(0x00100020).toString())
                .isEqualTo("0xA700 Refused: Out of Resources, comment \"disk full\", offending (0010,0020)");
        assertThat(Status.SUCCESS.toString()).isEqualTo("0x0000 Success");
    }

    @Test
    void commandFieldNamesFollowAnnexE() {
        assertThat(CommandField.name(CommandField.C_STORE_RQ)).isEqualTo("C-STORE-RQ");
        assertThat(CommandField.name(CommandField.C_FIND_RSP)).isEqualTo("C-FIND-RSP");
        assertThat(CommandField.name(CommandField.N_EVENT_REPORT_RSP)).isEqualTo("N-EVENT-REPORT-RSP");
        assertThat(CommandField.name(CommandField.C_CANCEL_RQ)).isEqualTo("C-CANCEL-RQ");
        assertThat(CommandField.name(0x8FFF)).isEqualTo("unknown command 0x8FFF");
        assertThat(Priority.of(2)).isEqualTo(Priority.LOW);
    }
}
