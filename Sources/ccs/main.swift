import Foundation

// ccs: parse the command line, build an engine, hand over.
exit(await Launcher.run(Array(CommandLine.arguments.dropFirst())))
