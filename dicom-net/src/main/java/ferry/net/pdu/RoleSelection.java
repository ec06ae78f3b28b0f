package ferry.net.pdu;

import java.util.Objects;

/**
 * The SCP/SCU role selection sub-item (0x54, PS3.7 Annex D.3.3.4): which roles the sender proposes (in a
 * request) or accepts (in an accept) for one SOP class.
 *
 * @param sopClassUid the SOP class UID the roles apply to
 * @param scuRole SCU-role field: true for support (1), false for non-support (0)
 * @param scpRole SCP-role field: true for support (1), false for non-support (0)
 */
public record RoleSelection(String sopClassUid, boolean scuRole, boolean scpRole) {

    public RoleSelection {
        Objects.requireNonNull(sopClassUid, "sopClassUid");
    }
}
