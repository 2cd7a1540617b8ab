import CCSLanguage

/// Which parameter each argument of a call binds to, worked out from the source alone: the
/// same plan serves the check before a program runs and the binding when the call runs, so
/// both agree on what is a usage error.
struct ArgumentPlan {
  /// One argument bound to a parameter, with the expression that gives its value.
  enum Binding {
    /// `--name value` (or a switch: `value` is an explicit `--name=true`, else nil).
    case flag(FlagSpec, value: Expr?, range: SourceRange)
    /// A positional parameter given by name: `--id 42`.
    case namedPositional(PositionalSpec, value: Expr, range: SourceRange)
    /// A positional argument in its slot.
    case positional(PositionalSpec, value: Expr, range: SourceRange)
    /// An extra positional collected by the rest parameter.
    case rest(PositionalSpec, value: Expr, range: SourceRange)
  }

  /// Flags and named positionals, in source order (evaluated first).
  var named: [Binding] = []
  /// Positionals in slot order (evaluated after the flags).
  var positionals: [Binding] = []
  /// Every usage error found; the plan is only usable when this is empty.
  var errors: [UsageError] = []

  /// Plans the binding of `call` (whose first words named `command`; `extraWords` are the words
  /// past the name, which are positionals) to the command's signature.
  init(
    _ command: any Command, _ call: Call, extraWords: ArraySlice<(String, SourceRange)>,
    file: SourceFile
  ) {
    let signature = command.signature
    let usage = "usage: " + signature.usage(for: command.name)
    var pending: [(Expr, SourceRange)] = extraWords.map { (Expr(.bareword($0.0), $0.1), $0.1) }
    var given = Set<String>()

    for argument in call.args {
      switch argument {
      case .positional(let expr):
        pending.append((expr, expr.range))
      case .flag(let name, let isShort, let valueExpr, let explicit, let range):
        if let spec = signature.flag(named: name, short: isShort) {
          if spec.isSwitch {
            named.append(.flag(spec, value: explicit ? valueExpr : nil, range: range))
            if !explicit, let valueExpr { pending.append((valueExpr, valueExpr.range)) }
          } else if let valueExpr {
            if given.contains(spec.name), !spec.repeatable {
              errors.append(UsageError(.flagRepeated(flag: spec.name), at: range, in: file))
            }
            named.append(.flag(spec, value: valueExpr, range: range.union(valueExpr.range)))
          } else {
            errors.append(
              UsageError(
                .flagNeedsValue(flag: spec.name, type: spec.type?.rawValue ?? "any"), at: range,
                in: file, notes: [usage]))
          }
          given.insert(spec.name)
        } else if !isShort, let p = signature.positionals.first(where: { $0.name == name }) {
          if let valueExpr {
            named.append(.namedPositional(p, value: valueExpr, range: range.union(valueExpr.range)))
          } else {
            errors.append(
              UsageError(
                .flagNeedsValue(flag: name, type: p.type.rawValue), at: range, in: file,
                notes: [usage]))
          }
          given.insert(p.name)
        } else {
          errors.append(Self.unknownFlag(name, short: isShort, command, at: range, in: file))
        }
      }
    }

    var slot = 0
    for (expr, range) in pending {
      while slot < signature.positionals.count, given.contains(signature.positionals[slot].name) {
        slot += 1
      }
      if slot < signature.positionals.count {
        let p = signature.positionals[slot]
        positionals.append(.positional(p, value: expr, range: range))
        given.insert(p.name)
        slot += 1
      } else if let r = signature.rest {
        positionals.append(.rest(r, value: expr, range: range))
      } else {
        errors.append(
          UsageError(
            .tooManyArguments(command: command.name, allowed: signature.positionals.count),
            at: range,
            in: file, notes: [usage]))
        break
      }
    }

    for p in signature.positionals
    where !given.contains(p.name) && p.defaultValue == nil && !p.optional {
      errors.append(
        UsageError(
          .missingArgument(parameter: p.name, command: command.name), at: call.range, in: file,
          notes: [usage]))
    }
  }

  private static func unknownFlag(
    _ name: String, short: Bool, _ command: any Command, at range: SourceRange, in file: SourceFile
  ) -> UsageError {
    let signature = command.signature
    let flagNames = signature.flags.map { "--\($0.name)" + ($0.short.map { " (-\($0))" } ?? "") }
    var notes: [String] = []
    let candidates = signature.flags.map(\.name) + signature.positionals.map(\.name)
    if let near = Suggest.closest(name, in: candidates) { notes.append("did you mean --\(near)?") }
    notes.append(
      flagNames.isEmpty
        ? "'\(command.name)' takes no flags" : "flags: " + flagNames.joined(separator: ", "))
    return UsageError(
      .unknownFlag(flag: name, short: short, command: command.name), at: range, in: file,
      notes: notes)
  }
}

extension Call {
  /// Whether the call asks for help (`--help`) of a command that declares no `--help` itself:
  /// it then shows the help page instead of binding its arguments.
  func asksForHelp(_ command: any Command) -> Bool {
    command.signature.flag(named: "help", short: false) == nil
      && args.contains { if case .flag("help", false, _, _, _) = $0 { true } else { false } }
  }
}
