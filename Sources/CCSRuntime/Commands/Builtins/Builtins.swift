/// The builtin commands of the language, by category.
public enum Builtins {
  /// Every builtin command, registered into each new interpreter.
  public static var all: [any Command] {
    FilterCommands.all + AggregateCommands.all + RecordCommands.all + StringCommands.all
      + ConversionCommands.all + DateCommands.all + SystemCommands.all + HelpCommands.all
      + FormatCommands.all + WatchCommands.all
  }

  /// Renders the help page of a command (used by `help` and `--help` on any command).
  public static func helpPage(_ command: any Command) -> String { HelpCommands.render(command) }
}
