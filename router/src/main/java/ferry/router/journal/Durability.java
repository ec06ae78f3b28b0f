package ferry.router.journal;

/**
 * When a received object counts as safe, so that its C-STORE success response may be sent: the {@code durability}
 * setting, {@code process} or {@code power}. What each level promises, and what follows from it, is its
 * {@link #policy()}'s (see {@link DurabilityPolicy}).
 */
public enum Durability {
    /** Safe against a crash of Ferry: {@link DurabilityPolicy#PROCESS}. The default. */
    PROCESS,
    /** Safe against a power cut as well: {@link DurabilityPolicy#POWER}. */
    POWER;

    /** What this level promises and decides. */
    public DurabilityPolicy policy() {
        return DurabilityPolicy.of(this);
    }
}
