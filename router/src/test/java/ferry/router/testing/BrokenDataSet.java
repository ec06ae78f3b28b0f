package ferry.router.testing;

import ferry.core.io.TransferSyntax;
import ferry.net.assoc.Association;
import ferry.net.assoc.PresentationContext;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.CStoreRsp;
import ferry.net.dimse.Priority;
import ferry.net.dimse.Status;
import ferry.net.pdu.PresentationContextRq;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** A C-STORE whose data set ends inside its first element's value, sent by Ferry's own SCU (storescu sends none). */
public final class BrokenDataSet {
    private BrokenDataSet() {
    }

    /**
     * Sends it from {@code callingAe} to AE {@code FERRY} on {@code port} in one association, released after the
     * answer; returns the status answered.
     */
    public static Status send(String callingAe, int port) throws IOException {
        String explicit = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        RequestorSettings settings = new RequestorSettings(callingAe, "FERRY", "127.0.0.1", port,
                List.of(new PresentationContextRq(1, TestStudy.MR, List.of(explicit))), 0, null, Timeouts.DEFAULT,
                null);
        try (Association association = Requestor.connect(settings)) {
            PresentationContext context = association.info().contextsFor(TestStudy.MR).get(0);
            try (OutputStream out = association.sendWithDataSet(context, new CStoreRq(association.nextMessageId(),
                    TestStudy.MR, "2.25.777", Priority.MEDIUM))) {
                // (0008,0016) UI with a length of 200 bytes, followed by 4 bytes: the value runs past the end
                out.write(new byte[] {0x08, 0x00, 0x16, 0x00, 'U', 'I', (byte) 200, 0x00, '1', '.', '2', '.'});
            }
            Status status = ((CStoreRsp) association.receive().command()).status();
            association.release();
            return status;
        }
    }
}
