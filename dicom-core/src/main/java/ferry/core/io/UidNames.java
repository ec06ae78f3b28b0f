package ferry.core.io;

/** PLACEHOLDER until the UID registry lands on main: names of registered UIDs. */
final class UidNames {
    private UidNames() {
    }

    static String nameOf(String uid) {
        return null;
    }
}
