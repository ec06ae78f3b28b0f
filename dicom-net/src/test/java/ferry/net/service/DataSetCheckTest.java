package ferry.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.io.DataSetWalker;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.testing.Hex;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Priority;
import ferry.net.dimse.Status;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The statuses of PS3.4 B.2.3 for a received data set, in the order a Storage SCP checks them. */
class DataSetCheckTest {
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final String CLASS = "08 00 16 00 'UI' 1A 00 '1.2.840.10008.5.1.4.1.1.4' 00 // (0008,0016) MR, NUL pad\n";
    static final String INSTANCE = "08 00 18 00 'UI' 08 00 '2.25.55' 00                 // (0008,0018) 2.25.55\n";
    static final String MODALITY = "08 00 60 00 'CS' 02 00 'MR'                         // (0008,0060) MR\n";

    static Optional<Status> check(String hex, String sopClass, String sopInstance) {
        DataSetWalker walker = new DataSetWalker(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] bytes = Hex.bytes(hex);
        walker.update(bytes, 0, bytes.length);
        return DataSetCheck.refusal(walker.finish(), new CStoreRq(1, sopClass, sopInstance, Priority.MEDIUM));
    }

    @Test
    void aWholeDataSetOfTheRequestedInstanceMayBeKept() {
        assertThat(check(CLASS + INSTANCE + MODALITY, MR, "2.25.55")).isEmpty();
    }

    @Test
    void aDataSetWithoutItsUidsCannotBeUnderstoodAndNamesTheMissingOne() {
        Status noClass = check(INSTANCE + MODALITY, MR, "2.25.55").orElseThrow();
        Status noInstance = check(CLASS + MODALITY, MR, "2.25.55").orElseThrow();
        Status empty = check("", MR, "2.25.55").orElseThrow();

        assertThat(noClass.code()).isEqualTo(0xC000);
        assertThat(noClass.offendingElements()).containsExactly(Tags.SOPClassUID);
        assertThat(noInstance.code()).isEqualTo(0xC000);
        assertThat(noInstance.offendingElements()).containsExactly(Tags.SOPInstanceUID);
        assertThat(empty.code()).isEqualTo(0xC000);
        assertThat(empty.errorComment()).isEqualTo("the data set is empty");
    }

    @Test
    void uidsOtherThanTheRequestsDoNotMatchTheSopClass() {
        Status otherClass = check(CLASS + INSTANCE, "1.2.840.10008.5.1.4.1.1.2", "2.25.55").orElseThrow();
        Status otherInstance = check(CLASS + INSTANCE, MR, "2.25.56").orElseThrow();

        assertThat(otherClass.code()).isEqualTo(0xA900);
        assertThat(otherClass.offendingElements()).containsExactly(Tags.SOPClassUID);
        assertThat(otherInstance.code()).isEqualTo(0xA900);
        assertThat(otherInstance.offendingElements()).containsExactly(Tags.SOPInstanceUID);
        assertThat(otherInstance.errorComment()).isEqualTo("SOP Instance UID (0008,0018) is not the request's");
    }

    @Test
    void aBrokenDataSetIsRefusedBeforeItsUidsAreLookedAt() {
        Status cut = check(CLASS + "08 00 18 00 'UI' 08 00 '2.2'", MR, "2.25.56").orElseThrow();

        assertThat(cut.code()).isEqualTo(0xC000);
        assertThat(cut.errorComment()).isEqualTo("truncated at offset 45 in (0008,0018) SOPInstanceUID");
    }
}
