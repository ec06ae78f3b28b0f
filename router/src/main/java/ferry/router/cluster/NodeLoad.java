package ferry.router.cluster;

/**
 * What a node is doing, as its heartbeat writes it ({@code ferry_node.load}, JSON).
 *
 * @param associations     DICOM associations it serves now
 * @param objectsReceived  objects it received since it started
 * @param bytesReceived    their bytes
 * @param jobsWaiting      forward jobs it holds, waiting
 * @param jobsInFlight     forward jobs it is sending now
 * @param studiesAwaiting  studies it awaits the completion of
 */
public record NodeLoad(int associations, long objectsReceived, long bytesReceived, long jobsWaiting,
                       long jobsInFlight, long studiesAwaiting) {
    /** Nothing yet (a node that has not beaten since its start). */
    public static final NodeLoad NONE = new NodeLoad(0, 0, 0, 0, 0, 0);
}
