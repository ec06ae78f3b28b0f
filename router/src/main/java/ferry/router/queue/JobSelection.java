package ferry.router.queue;

import ferry.router.journal.Journal;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
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
    static JobSelection read(List<String> arguments, Set<String> configured, Journal journal) throws IOException {
        Set<String> known = new HashSet<>(configured);
        journal.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(QueueSql.SELECT_LIVE_DESTINATIONS);
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    known.add(row.getString(1));
                }
            }
            return null;
        });
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
    List<Picked> pick(Journal journal, String verb, Set<String> states) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Picked> picked = journal.read(connection -> {
            List<Picked> jobs = new ArrayList<>();
            if (ids.isEmpty()) {
                try (PreparedStatement select = connection.prepareStatement(QueueSql.SELECT_FAILED);
                     ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        ForwardJob job = ForwardJob.read(row);
                        if (includes(job.destination())) {
                            jobs.add(new Picked(job, true));
                        }
                    }
                }
                return jobs;
            }
            try (PreparedStatement select = connection.prepareStatement(QueueSql.SELECT_JOB)) {
                for (long id : new TreeSet<>(ids)) {
                    select.setLong(1, id);
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            problems.add("no job " + id);
                            continue;
                        }
                        ForwardJob job = ForwardJob.read(row);
                        String state = row.getString(14);
                        if (!includes(job.destination())) {
                            problems.add("job " + id + " is " + job.destination() + "'s, not "
                                    + String.join(" or ", new TreeSet<>(destinations)) + "'s");
                        } else if (!states.contains(state)) {
                            problems.add("job " + id + " is " + ("done".equals(state) ? "done (delivered or purged)"
                                    : state) + ": only " + String.join(" or ", new TreeSet<>(states)) + " jobs are "
                                    + verb);
                        } else {
                            jobs.add(new Picked(job, "failed".equals(state)));
                        }
                    }
                }
            }
            return jobs;
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems) + "; nothing was changed");
        }
        return picked;
    }
}
