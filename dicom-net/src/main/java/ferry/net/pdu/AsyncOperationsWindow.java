package ferry.net.pdu;

/**
 * The asynchronous operations window sub-item (0x53, PS3.7 Annex D.3.3.3): how many operations may be
 * outstanding at once. 0 means unlimited; 1 and 1 is the default when the sub-item is absent.
 *
 * @param maxInvoked maximum number of operations invoked, an unsigned 16-bit value
 * @param maxPerformed maximum number of operations performed, an unsigned 16-bit value
 */
public record AsyncOperationsWindow(int maxInvoked, int maxPerformed) {

    public AsyncOperationsWindow {
        if (maxInvoked < 0 || maxInvoked > 0xFFFF || maxPerformed < 0 || maxPerformed > 0xFFFF) {
            throw new IllegalArgumentException(
                    "asynchronous operations window " + maxInvoked + "/" + maxPerformed + " does not fit 16 bits");
        }
    }
}
