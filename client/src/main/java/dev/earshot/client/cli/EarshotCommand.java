package dev.earshot.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code earshot} client commands; the {@code ./earshot} launcher calls this for {@code stream}. */
@Command(name = "earshot", mixinStandardHelpOptions = true, subcommands = StreamCommand.class,
        description = "Earshot command line: stream audio to a Deepgram-compatible server.")
public final class EarshotCommand {
    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new EarshotCommand());
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("earshot: " + exception);
            return 5;
        });
        System.exit(commandLine.execute(args));
    }
}
