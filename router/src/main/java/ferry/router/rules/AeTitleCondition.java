package ferry.router.rules;

import ferry.core.tag.Vr;

/**
 * The called or calling AE title of the association passes a test. AE titles are compared as written, after
 * removing the spaces DICOM pads them with (leading and trailing spaces are not significant, PS3.5 §6.2).
 *
 * @param side which of the association's AE titles
 * @param test the test of the title
 */
public record AeTitleCondition(Side side, ValueTest test) implements Condition {
    /** Which AE title of the association. */
    public enum Side {
        /** The title the sender called (one of Ferry's): key {@code called}. */
        CALLED,
        /** The sender's own title: key {@code calling}. */
        CALLING
    }

    @Override
    public boolean test(RoutingInput input) {
        String title = side == Side.CALLED ? input.calledAeTitle() : input.callingAeTitle();
        if (title == null) {
            return false;
        }
        String stripped = title.strip();
        return !stripped.isEmpty() && test.test(stripped, Vr.AE);
    }

    @Override
    public int stopBefore() {
        return 0;
    }
}
