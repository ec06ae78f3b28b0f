package ferry.router.replicate;

import ferry.router.config.yaml.ChannelSettings;
import java.net.InetAddress;
import java.util.Objects;

/**
 * How a replication fetches the instances of a DICOM source (docs/replication-dicom.md): by C-GET over Ferry's own
 * association ({@code retrieve: get}, the default), or by C-MOVE to a listener Ferry opens for the replication
 * ({@code retrieve: move}), which the node must know as a move destination.
 */
public sealed interface Retrieve {
    /** C-GET: nothing to enter at the node but the SCP role of the storage classes. */
    Retrieve GET = new Get();

    /** What it is, for messages: "C-GET", "C-MOVE to FERRYMOVE at port 11113". */
    String describe();

    /** C-GET at IMAGE level (PS3.4 C.4.3). */
    record Get() implements Retrieve {
        @Override
        public String describe() {
            return "C-GET";
        }
    }

    /**
     * C-MOVE at IMAGE level (PS3.4 C.4.2) to Ferry's own move destination: a Storage SCP Ferry runs while the
     * replication does, answering to {@code aeTitle} only.
     *
     * @param aeTitle     the Move Destination: the AE title the node knows Ferry's listener by
     * @param bindAddress the local address the listener takes, {@code null} for every one
     * @param port        its TCP port
     */
    record Move(String aeTitle, InetAddress bindAddress, int port) implements Retrieve {
        public Move {
            Objects.requireNonNull(aeTitle, "aeTitle");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
            }
        }

        /**
         * {@code AET@PORT}, as {@code ferry replicate --move-to} takes it.
         *
         * @throws IllegalArgumentException when it is not an AE title, an @ and a port
         */
        public static Move parse(String text) {
            int at = text.lastIndexOf('@');
            String aeTitle = at < 0 ? "" : text.substring(0, at).strip();
            if (at < 0 || !ChannelSettings.isAeTitle(aeTitle)) {
                throw new IllegalArgumentException("--move-to takes AET@PORT, the AE title (1 to 16 printable ASCII "
                        + "characters, no backslash) and port the node knows Ferry by, e.g. FERRYMOVE@11113; not '"
                        + text + "'");
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(at + 1).strip());
            } catch (NumberFormatException e) {
                port = 0;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--move-to " + text + ": the port must be 1 to 65535");
            }
            return new Move(aeTitle, null, port);
        }

        @Override
        public String describe() {
            return "C-MOVE to " + aeTitle + " at port " + port + (bindAddress == null ? ""
                    : " of " + bindAddress.getHostAddress());
        }
    }
}
