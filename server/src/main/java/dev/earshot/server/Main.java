package dev.earshot.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The server's command line: {@code serve}. The {@code ./earshot} launcher calls it. */
@Command(name = "earshot", mixinStandardHelpOptions = true, description = "Earshot speech-to-text server.")
public final class Main {
    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main()).addSubcommand(new ServeCommand(System.out).spec());
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("earshot: " + exception.getMessage());
            return 1;
        });
        // Exits even if a library left a thread running: serve has stopped everything it owns by now.
        System.exit(commandLine.execute(args));
    }
}
