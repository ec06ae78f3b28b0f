package ferry.net.dimse;

/**
 * C-CANCEL-RQ, PS3.7 §9.3.2.3 (and §9.3.3.3, §9.3.4.3): asks the peer to stop the C-FIND, C-GET or C-MOVE whose
 * request had the given Message ID. It has no Message ID of its own and no data set.
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120): the Message ID of the operation to
 *     cancel
 */
public record CCancelRq(int messageIdBeingRespondedTo) implements DimseCommand {
    public CCancelRq {
        Fields.us("MessageIDBeingRespondedTo (0000,0120)", messageIdBeingRespondedTo);
    }

    @Override
    public int commandField() {
        return CommandField.C_CANCEL_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }
}
