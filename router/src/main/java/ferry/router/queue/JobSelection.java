package ferry.router.queue;

import ferry.router.journal.Journal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The jobs {@code ferry queue retry} or {@code purge} names (docs/forwarding.md): destination names and job ids, any
 * number of each, in any order. An argument is a destination when one is so named, else a job id when it is a
 * number. Ids pick those jobs, which must belong to the destinations named beside them; destinations alone pick
 * their failed jobs; no argument picks every failed job.
 *
 * @param destinations the destinations named
 * @param ids          the job ids named
 */
record JobSelection(Set<String> destinations, Set<Long> ids) {
    JobSelection {
        destinations = Set.copyOf(destinations);
        ids = Set.copyOf(ids);
    }

    /** A job picked, and whether it is failed (else pending). */
    record Picked(ForwardJob job, boolean failed) {
    }

    /**
     * Reads {@code arguments} against the {@code known} destinations (configured, or with jobs in the queue).
     *
     * @throws IllegalArgumentException naming every argument that is neither a destination nor a job id
     */
    static JobSelection parse(List<String> arguments, Set<String> known) {
        Set<String> destinations = new LinkedHashSet<>();
        Set<Long> ids = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String argument : arguments) {
            if (known.contains(argument)) {
                destinations.add(argument);
            } else if (argument.matches("[0-9]{1,18}")) {
                ids.add(Long.parseLong(argument));
            } else {
                unknown.add("'" + argument + "'");
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no destination named " + String.join(", ", unknown)
                    + (known.isEmpty() ? " (there are none)" : " (the destinations: "
                    + String.join(", ", new TreeSet<>(known)) + ")") + ", and not a job id; nothing was changed");
        }
        return new JobSelection(destinations, ids);
    }

    /** {@link #parse}, knowing the {@code configured} destinations and those with jobs not done in the queue. */
    static JobSelection read(List<String> arguments, Set<String> configured, Journal journal, JobStore store)
            throws IOException {
        Set<String> known = new HashSet<>(configured);
        known.addAll(journal.read(store::liveDestinations));
        return parse(arguments, known);
    }

    /** Whether a job of {@code destination} may be picked: no destination named, or this one. */
    boolean includes(String destination) {
        return destinations.isEmpty() || destinations.contains(destination);
    }

    /**
     * The jobs picked: those named by id, each in one of {@code states}; else the failed jobs of the destinations
     * named (or of all).
     *
     * @param verb what is done to them, for the message: "retried", "purged"
     * @throws IllegalArgumentException naming every id that picks nothing (no such job, another destination's, in
     *                                  another state)
     */
    List<Picked> pick(Journal journal, JobStore store, String verb, Set<JobStore.State> states) throws IOException {
        if (ids.isEmpty()) {
            return journal.read(store::failed).stream().map(JobStore.Failed::job)
                    .filter(job -> includes(job.destination())).map(job -> new Picked(job, true)).toList();
        }
        Set<Long> named = new TreeSet<>(ids);
        Map<Long, JobStore.Stored> found = journal.read(connection -> store.jobs(connection, named));
        List<String> problems = new ArrayList<>();
        List<Picked> picked = new ArrayList<>();
        for (long id : named) {
            JobStore.Stored stored = found.get(id);
            if (stored == null) {
                problems.add("no job " + id);
                continue;
            }
            ForwardJob job = stored.job();
            JobStore.State state = stored.state();
            if (!includes(job.destination())) {
                problems.add("job " + id + " is " + job.destination() + "'s, not "
                        + String.join(" or ", new TreeSet<>(destinations)) + "'s");
            } else if (!states.contains(state)) {
                problems.add("job " + id + " is " + (state == JobStore.State.DONE ? "done (delivered or purged)"
                        : state.word()) + ": only " + String.join(" or ", states.stream().map(JobStore.State::word)
                        .sorted().toList()) + " jobs are " + verb);
            } else {
                picked.add(new Picked(job, state == JobStore.State.FAILED));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems) + "; nothing was changed");
        }
        return picked;
    }
}
