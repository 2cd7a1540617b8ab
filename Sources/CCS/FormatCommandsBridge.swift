import CCSRuntime

/// The format commands (`from json`, `to yaml`…) once the formats module provides them.
enum FormatCommandsBridge {
  static var all: [any Command] { [] }
}
