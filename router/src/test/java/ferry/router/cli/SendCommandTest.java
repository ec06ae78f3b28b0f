package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code ferry send}'s arguments read without picocli give the same command as with it. */
class SendCommandTest {
    static SendCommand throughPicocli(List<String> arguments) {
        SendCommand command = new SendCommand();
        new CommandLine(command).parseArgs(arguments.toArray(String[]::new));
        return command;
    }

    static void assertSameCommand(SendCommand plain, SendCommand picocli) {
        assertThat(plain.peer).isEqualTo(picocli.peer);
        assertThat(plain.paths).isEqualTo(picocli.paths);
        assertThat(plain.callingAeTitle).isEqualTo(picocli.callingAeTitle);
        assertThat(plain.parallel).isEqualTo(picocli.parallel);
        assertThat(plain.window).isEqualTo(picocli.window);
        assertThat(plain.timeoutSeconds).isEqualTo(picocli.timeoutSeconds);
        assertThat(plain.tls).as("no TLS options").isNull();
        assertThat(picocli.tls.enabled()).isFalse();
    }

    @Test
    void plainArgumentsGiveTheSameCommandWithoutPicocliAsWithIt() {
        List<List<String>> argumentLists = List.of(
                List.of("SCP@127.0.0.1:104", "study"),
                List.of("SCP@host:11112", "a.dcm", "b.dcm", "folder"),
                List.of("--aet", "ME", "--parallel", "3", "SCP@[::1]:104", "study"),
                List.of("SCP@127.0.0.1:104", "study", "--window=1", "--timeout", "5", "--aet=X"),
                List.of("--window", "0", "--parallel=2", "SCP@127.0.0.1:104", "s1", "s2"));

        for (List<String> arguments : argumentLists) {
            Optional<SendCommand> plain = SendCommand.parsePlain(arguments);

            assertThat(plain).as("%s is plain", arguments).isPresent();
            assertSameCommand(plain.get(), throughPicocli(arguments));
        }
    }

    @Test
    void leavesHelpTlsArgumentFilesAndMistakesToPicocli() {
        List<List<String>> argumentLists = List.of(
                List.of(), List.of("SCP@127.0.0.1:104"), List.of("--help"), List.of("-h", "SCP@h:1", "a"),
                List.of("--version"), List.of("@args.txt"), List.of("--", "SCP@h:1", "a"),
                List.of("not-a-peer", "a.dcm"), List.of("SCP@h:99999", "a.dcm"), List.of("SCP@h:1", "a", "--aet"),
                List.of("--parallel", "many", "SCP@h:1", "a"), List.of("--timeout", "-1", "SCP@h:1", "a"),
                List.of("--tls-truststore", "t.p12", "SCP@h:1", "a"), List.of("--frobnicate", "SCP@h:1", "a"));

        for (List<String> arguments : argumentLists) {
            assertThat(SendCommand.parsePlain(arguments)).as("%s", arguments).isEmpty();
        }
    }

    /** The plain parser must follow the annotations: a new option of send fails here until it learns it. */
    @Test
    void plainParserKnowsEveryOptionOfSendButTheTlsOnes() {
        CommandSpec spec = new CommandLine(new SendCommand()).getCommandSpec();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            for (String name : option.names()) {
                List<String> arguments = List.of(name, "7", "SCP@127.0.0.1:104", "a.dcm");
                boolean tls = name.startsWith("--tls-"); // key stores and passwords: rare, and left to picocli
                assertThat(SendCommand.parsePlain(arguments).isPresent()).as("%s", arguments).isNotEqualTo(tls);
            }
        }
    }

    @Test
    void decimalsAreWrittenAsPrintfWritesThemInEnglish() {
        for (double value : new double[] {0, 0.004, 0.005, 0.5, 1.25, 9.995, 12.3456, 1234.5, 1e-9, 987654.321}) {
            for (int places = 0; places <= 2; places++) {
                assertThat(SendCommand.decimal(value, places)).as("%s with %d places", value, places)
                        .isEqualTo(String.format(java.util.Locale.ROOT, "%." + places + "f", value));
            }
        }
    }
}
