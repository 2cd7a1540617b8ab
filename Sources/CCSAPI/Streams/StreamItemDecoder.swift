import CCSRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Turns the items of a ``ReconnectingEventStream`` into ccs values.
///
/// An event becomes its decoded `data` (JSON, else the text), with the timestamp fields the
/// behaviour names turned into dates; with `raw`, the undecoded `{event, id, data}` record.
/// A gap becomes `{event: "gap", reason, last_id, attempt}` in both modes.
enum StreamItemDecoder {
  static func value(
    _ item: ReconnectingEventStream.Item, behavior: StreamBehavior, raw: Bool
  ) -> Value {
    switch item {
    case .gap(let gap):
      var r = Record()
      r["event"] = .string("gap")
      r["reason"] = .string(gap.reason)
      r["last_id"] = gap.lastEventID.map(Value.string) ?? .null
      r["attempt"] = .int(gap.attempt)
      return .record(r)
    case .event(let event):
      if raw {
        var r = Record()
        r["event"] = .string(event.event)
        r["id"] = event.id.map(Value.string) ?? .null
        r["data"] = .string(event.data)
        return .record(r)
      }
      guard let data = try? JSONReader.parse(Array(event.data.utf8)) else {
        return .string(event.data)
      }
      guard !behavior.dates.isEmpty, case .record(var r) = data else { return data }
      for (field, encoding) in behavior.dates {
        if let v = r[field], let date = Self.date(v, encoding) { r[field] = .date(date) }
      }
      return .record(r)
    }
  }

  /// The date a field holds; nil (the field stays as it is) when it does not parse. Epoch
  /// numbers may also come as digit strings (NOTES §6: treat them defensively).
  static func date(_ value: Value, _ encoding: StreamBehavior.DateEncoding) -> Date? {
    let number: Double?
    switch value {
    case .int(let i): number = Double(i)
    case .float(let f): number = f.isFinite ? f : nil
    case .string(let s):
      if encoding == .iso8601 { return DateParsing.parse(s) }
      number = Double(s)
      if number == nil { return DateParsing.parse(s) }
    default: return nil
    }
    guard let number else { return nil }
    let seconds: Double
    switch encoding {
    case .iso8601: return nil
    case .epochSeconds: seconds = number
    case .epochMilliseconds: seconds = number / 1_000
    case .epochMicroseconds: seconds = number / 1_000_000
    }
    // Beyond ±10,000 years is not a timestamp; leave the field alone.
    guard abs(seconds) < 315_537_897_600 else { return nil }
    return Date(timeIntervalSince1970: seconds)
  }
}
