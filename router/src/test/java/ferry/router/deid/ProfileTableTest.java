package ferry.router.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileTableTest {
    private final ProfileTable table = ProfileTable.standard();

    /**
     * Rows read by hand in the text of PS3.15 2021b, Table E.1-1 (the standard's DocBook source): tag, Basic Profile,
     * then option:action pairs.
     */
    private static final String[] READ_BY_HAND = {
            "(3010,0013) U UIDS:K", // Constituent Conceptual Volume UID
            "(0008,009C) Z", // Consulting Physician's Name
            "(0008,009D) X", // Consulting Physician Identification Sequence
            "(0050,001B) X", // Container Component ID
            "(0040,051A) X DESC:C", // Container Description
            "(0040,0512) D", // Container Identifier
            "(0070,0086) X", // Content Creator's Identification Code Sequence
            "(0070,0084) Z/D", // Content Creator's Name
            "(0034,0002) D", // Flow Identifier
            "(0034,0001) D", // Flow Identifier Sequence
            "(3010,007F) Z DESC:C", // Fractionation Notes
            "(300A,0072) X DESC:C", // Fraction Group Description
            "(0020,9158) X DESC:C", // Frame Comments
            "(0020,0052) U UIDS:K", // Frame of Reference UID
            "(0034,0007) D FULL:K MODIFIED:C", // Frame Origin Timestamp
            "(0040,1103) X", // Person's Telephone Numbers
            "(0040,1101) D", // Person Identification Code Sequence
            "(0040,A123) D", // Person Name
            "(0008,1048) X", // Physician(s) of Record
            "(0008,1049) X", // Physician(s) of Record Identification Sequence
            "(0008,1062) X", // Physician(s) Reading Study Identification Sequence
            "(4008,0114) X", // Physician Approving Interpretation
            "(0040,2016) Z", // Placer Order Number / Imaging Service Request
            "(0018,1004) X DEVICE:K", // Plate ID
            "(0032,1020) X DEVICE:K", // Scheduled Study Location
            "(0032,1021) X DEVICE:K", // Scheduled Study Location AE Title
            "(0008,0021) X/D FULL:K MODIFIED:C", // Series Date
            "(0008,103E) X DESC:C", // Series Description
            "(0020,000E) U UIDS:K", // Series Instance UID
            "(0008,0031) X/D FULL:K MODIFIED:C", // Series Time
            "(0038,0062) X DESC:C", // Service Episode Description
            "(0038,0060) X", // Service Episode ID
    };

    private static final Map<String, ProfileOption> COLUMNS = Map.of("UIDS", ProfileOption.RETAIN_UIDS,
            "DESC", ProfileOption.CLEAN_DESCRIPTORS, "FULL", ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES,
            "MODIFIED", ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, "DEVICE",
            ProfileOption.RETAIN_DEVICE_IDENTITY);

    @Test
    void rowsReadByHandInTheStandardMatchTheTable() {
        for (String line : READ_BY_HAND) {
            String[] parts = line.split(" ");
            int tag = Tag.parse(parts[0]);
            Map<ProfileOption, ProfileAction> options = new EnumMap<>(ProfileOption.class);
            for (int i = 2; i < parts.length; i++) {
                String[] option = parts[i].split(":");
                options.put(COLUMNS.get(option[0]), ProfileAction.of(option[1]));
            }
            ProfileRow row = table.row(tag);
            assertThat(row).as(line).isNotNull();
            assertThat(row.basic()).as(line).isEqualTo(ProfileAction.of(parts[1]));
            assertThat(row.options()).as(line).isEqualTo(options);
        }
    }

    @Test
    void tableHasEveryRowOfThe2021bEditionOnce() {
        assertThat(table.rows()).hasSize(460);
        assertThat(table.rows().stream().filter(row -> row.mask() == 0xFFFFFFFF).map(ProfileRow::tag).distinct())
                .hasSize(456);
        assertThat(table.privateRow().options()).containsExactly(Map.entry(ProfileOption.RETAIN_SAFE_PRIVATE,
                ProfileAction.C));
    }

    @Test
    void everyTagOfTheTableIsInThe2022bDictionary() {
        for (ProfileRow row : table.rows()) {
            if (row.mask() == 0xFFFFFFFF) {
                assertThat(StandardDictionary.entry(row.tag())).as(row.name()).isPresent();
            }
        }
    }

    @Test
    void repeatingGroupsMatchEveryOverlayAndCurveGroup() {
        assertThat(table.row(Tag.of(0x6000, 0x3000)).name()).isEqualTo("Overlay Data");
        assertThat(table.row(Tag.of(0x601E, 0x3000)).name()).isEqualTo("Overlay Data");
        assertThat(table.row(Tag.of(0x6002, 0x4000)).name()).isEqualTo("Overlay Comments");
        assertThat(table.row(Tag.of(0x5004, 0x0010)).name()).isEqualTo("Curve Data");
        assertThat(table.row(Tag.of(0x6000, 0x0010))).as("Overlay Rows is not in the table").isNull();
        assertThat(table.privateRow().matches(Tag.of(0x0029, 0x1010))).isTrue();
        assertThat(table.privateRow().matches(Tag.of(0x0028, 0x0010))).isFalse();
    }

    @Test
    void optionsOverrideTheProfileAndCombinedCodesResolveToAConformantPart() {
        ProfileRow serialNumber = table.row(Tag.parse("(0018,1000)"));
        assertThat(serialNumber.action(Set.of())).isEqualTo(ProfileAction.X_Z_D);
        assertThat(serialNumber.action(Set.of()).resolved()).isEqualTo(ProfileAction.D);
        assertThat(serialNumber.action(Set.of(ProfileOption.RETAIN_DEVICE_IDENTITY))).isEqualTo(ProfileAction.K);
        assertThat(ProfileAction.X_Z.resolved()).isEqualTo(ProfileAction.Z);
        assertThat(ProfileAction.X_Z_U.resolved()).isEqualTo(ProfileAction.K);
        assertThat(ProfileAction.of("x/z/u*")).isEqualTo(ProfileAction.X_Z_U);
        assertThatThrownBy(() -> ProfileAction.of("Y")).hasMessageContaining("'Y'");
    }
}
