package ferry.router.events;

/**
 * A forward job was delivered: the destination has the object.
 *
 * @param destination  the destination's name
 * @param route        the route that forwarded it
 * @param job          the job's id (as {@code ferry queue} shows it)
 * @param attempts     the attempts it took, this one included
 * @param alreadyThere the destination answered that it had the object already (counted as delivered)
 */
public record ForwardDelivered(String destination, String route, long job, int attempts, boolean alreadyThere)
        implements FerryEvent {
}
