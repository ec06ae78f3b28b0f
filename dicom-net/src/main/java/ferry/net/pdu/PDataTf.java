package ferry.net.pdu;

import java.util.List;

/**
 * P-DATA-TF (PS3.8 §9.3.5): one or more presentation data values, each a fragment of a DIMSE command or data set.
 *
 * @param values the presentation data value items, at least one, in the order sent
 */
public record PDataTf(List<PresentationDataValue> values) implements Pdu {

    public PDataTf {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a P-DATA-TF holds one or more presentation data values (PS3.8 9.3.5)");
        }
    }

    @Override
    public int type() {
        return PduType.P_DATA_TF;
    }
}
