#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension FaultSettings {
  /// Names accepted by `--fault key=value` and by `POST /__sandbox/faults`.
  static let settingNames = [
    "dropStreamAfterEvents", "dropStreamProbability", "stallStreamAfterEvents", "omitEventIDs",
    "serverErrorRate", "serverErrorStatus",
    "rateLimitNextRequests", "retryAfterSeconds", "responseDelayMilliseconds", "truncateBodyRate",
  ]

  /// The longest delay a fault can ask for (a day): larger values are refused, so no later
  /// conversion of the delay (to nanoseconds, to a `Retry-After` date) can overflow.
  static let longestWaitSeconds = 86_400

  /// Sets one fault from its textual form; returns an error message when invalid.
  public mutating func set(_ name: String, to text: String) -> String? {
    func fraction() -> Double? {
      guard let value = Double(text), (0...1).contains(value) else { return nil }
      return value
    }
    func count(atMost limit: Int = Int.max) -> Int? {
      guard let value = Int(text), value >= 0, value <= limit else { return nil }
      return value
    }
    switch name {
    case "dropStreamAfterEvents":
      guard let value = count() else { return "\(name) must be a non-negative integer" }
      dropStreamAfterEvents = value
    case "stallStreamAfterEvents":
      guard let value = count() else { return "\(name) must be a non-negative integer" }
      stallStreamAfterEvents = value
    case "omitEventIDs":
      switch text {
      case "true", "1": omitEventIDs = true
      case "false", "0": omitEventIDs = false
      default: return "\(name) must be true or false"
      }
    case "dropStreamProbability":
      guard let value = fraction() else { return "\(name) must be a number in 0...1" }
      dropStreamProbability = value
    case "serverErrorRate":
      guard let value = fraction() else { return "\(name) must be a number in 0...1" }
      serverErrorRate = value
    case "serverErrorStatus":
      guard let value = Int(text), (500...599).contains(value) else {
        return "\(name) must be a 5xx status"
      }
      serverErrorStatus = value
    case "rateLimitNextRequests":
      guard let value = count() else { return "\(name) must be a non-negative integer" }
      rateLimitNextRequests = value
    case "retryAfterSeconds":
      guard let value = count(atMost: Self.longestWaitSeconds) else {
        return "\(name) must be an integer in 0...\(Self.longestWaitSeconds)"
      }
      retryAfterSeconds = value
    case "responseDelayMilliseconds":
      guard let value = count(atMost: Self.longestWaitSeconds * 1000) else {
        return "\(name) must be an integer in 0...\(Self.longestWaitSeconds * 1000)"
      }
      responseDelay = .milliseconds(value)
    case "truncateBodyRate":
      guard let value = fraction() else { return "\(name) must be a number in 0...1" }
      truncateBodyRate = value
    default:
      return
        "unknown fault '\(name)' (expected one of \(Self.settingNames.joined(separator: ", ")))"
    }
    return nil
  }

  /// Faults from a JSON object such as `{"serverErrorRate":0.5}`; unknown keys are errors.
  static func parse(json: JSONValue) -> Result<FaultSettings, Refusal> {
    guard let members = json.objectMembers else {
      return .failure(Refusal(.json(["error": "body must be a JSON object"], status: 400)))
    }
    var faults = FaultSettings()
    for (key, value) in members {
      let text: String
      switch value {
      case .int(let number): text = String(number)
      case .double(let number): text = String(number)
      case .string(let string): text = string
      case .null: continue
      default: text = value.serialized
      }
      if let message = faults.set(key, to: text) {
        return .failure(Refusal(.json(["error": .string(message)], status: 400)))
      }
    }
    return .success(faults)
  }

  /// The faults as the admin route prints them.
  var json: JSONValue {
    [
      "dropStreamAfterEvents": dropStreamAfterEvents.map { .int($0) } ?? .null,
      "dropStreamProbability": .double(dropStreamProbability),
      "stallStreamAfterEvents": stallStreamAfterEvents.map { .int($0) } ?? .null,
      "omitEventIDs": .bool(omitEventIDs),
      "serverErrorRate": .double(serverErrorRate), "serverErrorStatus": .int(serverErrorStatus),
      "rateLimitNextRequests": .int(rateLimitNextRequests),
      "retryAfterSeconds": .int(retryAfterSeconds),
      "responseDelayMilliseconds": .int(Int(SandboxClock.seconds(responseDelay) * 1000)),
      "truncateBodyRate": .double(truncateBodyRate),
    ]
  }
}
