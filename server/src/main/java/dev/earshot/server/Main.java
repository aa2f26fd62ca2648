package dev.earshot.server;

import dev.earshot.protocol.EarshotVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The server's command line: {@code serve}. The {@code ./earshot} launcher calls it. */
@Command(name = "earshot", mixinStandardHelpOptions = true, description = "Earshot speech-to-text server.")
public final class Main {
    public static void main(String[] args) {
        // Exits even if a library left a thread running: serve has stopped everything it owns by now.
        System.exit(commandLine(System.out).execute(args));
    }

    /** The command line, with where {@code serve} prints its key, address and warm-up. */
    static CommandLine commandLine(java.io.PrintStream out) {
        CommandLine commandLine = new CommandLine(new Main()).addSubcommand(new ServeCommand(out).spec());
        commandLine.getCommandSpec().version(EarshotVersion.line());
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("earshot: " + exception.getMessage());
            return 1;
        });
        return commandLine;
    }
}
