package ferry.router.forward;

import ferry.core.testing.SmallHeap;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One delivery in a JVM of its own with a small heap ({@link SmallHeap}), so a test can prove that a destination
 * streams an object much larger than that heap: buffering it would end in OutOfMemoryError. Arguments:
 * {@code dicom PORT FILE} (to {@code SCP@127.0.0.1:PORT}), {@code dicomweb URL FILE} or {@code orthanc URL FILE}.
 * Prints the delivery and {@code heap peak N MiB}; exits 0 when the object was delivered.
 */
final class SmallHeapDestination {
    private SmallHeapDestination() {
    }

    /** Starts this class in a child JVM with {@link SmallHeap#HEAP}. */
    static Process start(Path log, String... arguments) throws IOException {
        return SmallHeap.start(SmallHeapDestination.class, log, arguments);
    }

    public static void main(String[] args) throws Exception {
        Duration timeout = Duration.ofMinutes(2);
        DestinationConfig config = switch (args[0]) {
            case "dicom" -> new DestinationConfig.Dicom("SCP", "127.0.0.1", Integer.parseInt(args[1]), "FERRY", 1,
                    timeout, timeout, null);
            case "dicomweb" -> new DestinationConfig.DicomWeb(URI.create(args[1]),
                    DestinationConfig.DicomWeb.Auth.NONE, null, null, Map.of(), timeout, 1, null);
            case "orthanc" -> new DestinationConfig.Orthanc(URI.create(args[1]), null, null, true, timeout, 1, null);
            default -> throw new IllegalArgumentException("dicom PORT FILE | dicomweb URL FILE | orthanc URL FILE");
        };
        Delivery delivery;
        try (Destination destination = Destinations.create("large", config, Map.<String, String>of()::get)) {
            delivery = destination.deliver(Outgoing.of(Path.of(args[2])));
        }
        System.out.println(delivery);
        System.out.println("heap peak " + SmallHeap.peakMiB() + " MiB");
        System.exit(delivery.done() ? 0 : 1);
    }
}
