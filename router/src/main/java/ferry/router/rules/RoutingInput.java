package ferry.router.rules;

import ferry.core.data.DataSet;
import java.net.InetAddress;

/**
 * What routing rules look at for one received object: the association it came on and its header (the data set
 * read up to the last tag any rule needs, without pixel data).
 *
 * @param callingAeTitle the sender's AE title, as it asked for the association
 * @param calledAeTitle  the AE title the sender called (Ferry's, or one of them)
 * @param peerAddress    the sender's IP address
 * @param header         the object's data set up to the tags the rules need
 */
public record RoutingInput(String callingAeTitle, String calledAeTitle, InetAddress peerAddress, DataSet header) {
}
