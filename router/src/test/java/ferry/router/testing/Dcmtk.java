package ferry.router.testing;

import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** dcmtk's storescu as the sender of router tests (with TCP_NODELAY=1, as ToolRun sets). */
public final class Dcmtk {
    private Dcmtk() {
    }

    /** The storescu command sending every file under {@code folder} from {@code callingAe} to {@code calledAe}. */
    public static List<String> storescu(String callingAe, String calledAe, int port, Path folder, String... extra) {
        Path storescu = Peers.requireExecutable("storescu", "apt-get install dcmtk");
        List<String> command = new ArrayList<>(List.of(storescu.toString(), "-aet", callingAe, "-aec", calledAe,
                "+sd", "+r", "-nh"));
        command.addAll(List.of(extra));
        command.addAll(List.of("127.0.0.1", Integer.toString(port), folder.toString()));
        return command;
    }

    /** Sends every file under {@code folder} and waits for storescu to finish (at most 5 minutes). */
    public static ToolRun send(String callingAe, String calledAe, int port, Path folder, String... extra) {
        return ToolRun.run(Duration.ofMinutes(5), storescu(callingAe, calledAe, port, folder, extra));
    }
}
