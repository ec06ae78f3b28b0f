package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.net.dimse.Status;
import org.junit.jupiter.api.Test;

class StoreStatusTest {
    static Delivery.Result resultOf(int code) {
        return StoreStatus.of(Status.of(code), "PACS answered").result();
    }

    @Test
    void successAndWarningsAreDeliveredWithTheStatusInTheDetail() {
        assertThat(StoreStatus.of(Status.SUCCESS, "PACS answered")).isEqualTo(
                Delivery.delivered("PACS answered 0x0000 Success"));
        assertThat(StoreStatus.of(Status.COERCION_OF_DATA_ELEMENTS.withComment("PatientName fixed"), "PACS answered"))
                .isEqualTo(Delivery.delivered("PACS answered 0xB000 Coercion of Data Elements, comment "
                        + "\"PatientName fixed\""));
        assertThat(resultOf(0xB006)).isEqualTo(Delivery.Result.DELIVERED);
        assertThat(resultOf(0xB007)).isEqualTo(Delivery.Result.DELIVERED);
    }

    @Test
    void aDuplicateIsAlreadyThere() {
        assertThat(resultOf(0x0111)).isEqualTo(Delivery.Result.ALREADY_THERE);
    }

    @Test
    void lackOfResourcesAndThePeersOwnTroubleFailForNow() {
        assertThat(resultOf(0xA700)).isEqualTo(Delivery.Result.FAILED);
        assertThat(resultOf(0xA7FF)).isEqualTo(Delivery.Result.FAILED);
        assertThat(resultOf(0x0213)).isEqualTo(Delivery.Result.FAILED);
        assertThat(resultOf(0x0110)).isEqualTo(Delivery.Result.FAILED);
        assertThat(resultOf(0xFE00)).isEqualTo(Delivery.Result.FAILED);
    }

    @Test
    void whatThePeerCannotTakeIsRejected() {
        assertThat(StoreStatus.of(Status.of(0xA900), "PACS answered")).isEqualTo(Delivery.rejected(
                "PACS answered 0xA900 Error: Data Set Does Not Match SOP Class"));
        assertThat(resultOf(0xA9FF)).isEqualTo(Delivery.Result.REJECTED);
        assertThat(resultOf(0xC000)).isEqualTo(Delivery.Result.REJECTED);
        assertThat(resultOf(0xCFFF)).isEqualTo(Delivery.Result.REJECTED);
        assertThat(resultOf(0x0122)).isEqualTo(Delivery.Result.REJECTED);
        assertThat(resultOf(0x0124)).isEqualTo(Delivery.Result.REJECTED);
    }
}
