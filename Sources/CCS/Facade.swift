import CCSLanguage
import CCSRuntime
import CCSSandbox

// The types an embedder needs besides `Engine`, named here so `import CCS` is enough. They are
// declared in the internal modules; nothing else of those modules is public API.

/// A ccs value: null, bool, int, float, string, binary, list, record, duration, size, date,
/// closure, stream or error.
public typealias Value = CCSRuntime.Value
/// An ordered record of fields.
public typealias Record = CCSRuntime.Record
/// A lazy sequence of values; host commands return `.stream(ValueStream(...))` to stream.
public typealias ValueStream = CCSRuntime.ValueStream
/// An error as a value (`try`/`catch`).
public typealias ErrorValue = CCSRuntime.ErrorValue

/// The declaration every command conforms to: name, signature, summary, examples, `run`.
public typealias Command = CCSRuntime.Command
/// A command declared in Swift with a closure: how builtins and host commands are written.
public typealias BuiltinCommand = CCSRuntime.BuiltinCommand
/// A command's parameters, flags, input and output.
public typealias Signature = CCSRuntime.Signature
/// A positional parameter.
public typealias PositionalSpec = CCSRuntime.PositionalSpec
/// A flag or switch.
public typealias FlagSpec = CCSRuntime.FlagSpec
/// The type a parameter accepts.
public typealias ValueType = CCSRuntime.ValueType
/// An example shown in help and checked by tests.
public typealias CommandExample = CCSRuntime.CommandExample
/// The bound arguments of one call, given to a command's `run`.
public typealias CallFrame = CCSRuntime.CallFrame
/// The error a command throws to fail with a located message (`call.error("…")`).
public typealias RuntimeError = CCSRuntime.RuntimeError

/// A problem found in source or while running it, with its range, severity, message, notes.
public typealias Diagnostic = CCSLanguage.Diagnostic
/// Byte offsets into a source file.
public typealias SourceRange = CCSLanguage.SourceRange
/// Source text with its name, for locating diagnostics.
public typealias SourceFile = CCSLanguage.SourceFile

/// How values are rendered: auto, json, yaml, ndjson, csv, table.
public typealias OutputFormat = CCSRuntime.OutputFormat
/// Where output goes.
public typealias OutputSink = CCSRuntime.OutputSink
/// Output collected in memory.
public typealias BufferSink = CCSRuntime.BufferSink
/// Output written to a file descriptor.
public typealias FileDescriptorSink = CCSRuntime.FileDescriptorSink

/// Settings of an engine's private sandbox (seed, task duration, faults).
public typealias SandboxOptions = CCSSandbox.SandboxOptions

/// The project's lock idiom, for the front ends in this package (not public API).
package typealias Locked = CCSRuntime.Locked
