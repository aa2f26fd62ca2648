package dev.earshot.client.cli;

import dev.earshot.protocol.EarshotVersion;
import java.io.InputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code earshot} client commands; the {@code ./earshot} launcher calls this for {@code stream} and {@code doctor}. */
@Command(name = "earshot", mixinStandardHelpOptions = true,
        description = "Earshot command line: stream audio to a Deepgram-compatible server, diagnose failures, look up requests.")
public final class EarshotCommand {
    public static void main(String[] args) {
        System.exit(commandLine(EarshotCommand::stdoutIsTerminal, System.in).execute(args));
    }

    /**
     * Java cannot ask whether stdout alone is a terminal; the launcher can ({@code [ -t 1 ]}) and says so in
     * EARSHOT_STDOUT_IS_TERMINAL. Without it, a console means both stdin and stdout are terminals.
     */
    private static boolean stdoutIsTerminal() {
        String told = System.getenv("EARSHOT_STDOUT_IS_TERMINAL");
        return told != null ? told.equals("1") : System.console() != null;
    }

    /** The command line, with how to tell whether stdout is a terminal, and what standard input is. */
    static CommandLine commandLine(StreamCommand.Terminal terminal, InputStream stdin) {
        CommandLine commandLine = new CommandLine(new EarshotCommand());
        commandLine.addSubcommand(new StreamCommand(terminal, stdin));
        commandLine.addSubcommand(new DoctorCommand());
        commandLine.addSubcommand(new RequestsCommand());
        String version = EarshotVersion.line();
        commandLine.getCommandSpec().version(version);
        commandLine.getSubcommands().values().forEach(command -> command.getCommandSpec().version(version)
                .usageMessage().exitCodeListHeading("Exit codes:%n").exitCodeList(ExitCode.helpList()));
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("earshot: " + exception);
            return ExitCode.NETWORK.code();
        });
        return commandLine;
    }
}
