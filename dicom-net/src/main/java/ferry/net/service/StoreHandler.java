package ferry.net.service;

import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decides what becomes of one received object (C-STORE SCP, PS3.4 Annex B). The data set arrives as a stream in
 * the context's transfer syntax and is never whole in memory unless the handler makes it so. The returned status
 * is sent back; a thrown {@link DimseStatusException} sends its status; any other exception sends 0x0110
 * Processing Failure with the exception's message as error comment. A stream the handler did not read to the end
 * is skipped.
 */
@FunctionalInterface
public interface StoreHandler {
    Status store(AssociationInfo association, PresentationContext context, CStoreRq request, InputStream dataSet)
            throws IOException;
}
