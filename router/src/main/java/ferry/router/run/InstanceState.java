package ferry.router.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a Ferry runs on a data directory and how to reach it, as {@code ferry status}, {@code stop},
 * {@code reload} and {@code start} need to know: the lock on its pid file says whether it runs
 * ({@link InstanceLock}), its control file where it answers ({@link ControlChannel}).
 */
public sealed interface InstanceState {
    /** The data directory looked at. */
    Path dataDirectory();

    /** A Ferry runs and answers at {@code address}. */
    record Answering(Path dataDirectory, ControlChannel.Address address) implements InstanceState {
    }

    /**
     * A process holds the data directory's lock (or the lock cannot be looked at), but there is no control address
     * to reach it: it is starting, or its control file is gone or unreadable.
     *
     * @param pid what the pid file says, empty when it cannot be read
     * @param why what is missing, for the user
     */
    record Unreachable(Path dataDirectory, String pid, String why) implements InstanceState {
    }

    /** No Ferry runs on the data directory. */
    record NotRunning(Path dataDirectory) implements InstanceState {
    }

    /** What runs on {@code dataDirectory} now. */
    static InstanceState at(Path dataDirectory) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        try {
            if (!InstanceLock.held(data)) {
                return new NotRunning(data);
            }
        } catch (IOException e) {
            return new Unreachable(data, InstanceLock.pid(data), "its lock cannot be checked: " + e.getMessage());
        }
        Optional<ControlChannel.Address> address = ControlChannel.find(data);
        String pid = InstanceLock.pid(data);
        if (address.isEmpty()) {
            return new Unreachable(data, pid, "its control file " + data.resolve(
                    ControlChannel.FILE_NAME) + " is missing or unreadable (starting, or not the same user?)");
        }
        long controlPid = address.get().pid();
        boolean alive = ProcessHandle.of(controlPid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive || !pid.isEmpty() && !pid.equals(Long.toString(controlPid))) {
            // the control file of a Ferry that was killed: the one holding the lock has not written its own yet
            return new Unreachable(data, pid, "it is starting (its control file is still the one of pid "
                    + controlPid + ", which is gone)");
        }
        return new Answering(data, address.get());
    }

    /**
     * What runs on the data directory a Ferry started with {@code configFile} recorded ({@link InstanceRecord}),
     * which may differ from the one the file names now, when something does.
     */
    static Optional<InstanceState> recorded(Path configFile) {
        return InstanceRecord.dataDirectory(configFile).map(InstanceState::at)
                .filter(state -> !(state instanceof NotRunning));
    }
}
