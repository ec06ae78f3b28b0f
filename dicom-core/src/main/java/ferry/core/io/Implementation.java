package ferry.core.io;

/** The identity Ferry writes into file meta groups and association requests (PS3.7 §D.3.3.2). */
public final class Implementation {
    /** Ferry's Implementation Class UID: a UUID-derived UID under the 2.25 root (PS3.5 §B.2). */
    public static final String CLASS_UID = "2.25.251995319343211233839464793596960153136";
    /** Ferry's Implementation Version Name (at most 16 characters). */
    public static final String VERSION_NAME = "FERRY_010";

    private Implementation() {
    }
}
