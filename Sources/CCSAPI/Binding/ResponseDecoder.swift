import CCSRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Turns response bodies into values by media type, guided by the response schema.
enum ResponseDecoder {
  static func decode(_ body: [UInt8], mediaType: String?, schema: Value?) throws -> Value {
    guard !body.isEmpty else { return .null }
    let mt = (mediaType ?? "").lowercased()
    if mt.contains("json") {
      let value = try JSONReader.parse(body)
      return schema.map { convertDates(value, $0, depth: 0) } ?? value
    }
    if mt.hasPrefix("text/") || mt.contains("yaml") || mt.contains("x-logs") || mt.contains("xml") {
      return .string(String(decoding: body, as: UTF8.self))
    }
    if mt.isEmpty, let text = String(validating: body, as: UTF8.self) {
      if let v = try? JSONReader.parse(body) { return v }
      return .string(text)
    }
    return .binary(Binary(body, mediaType: mediaType ?? "application/octet-stream"))
  }

  /// Converts strings whose schema says `format: date-time` into dates.
  static func convertDates(_ value: Value, _ schema: Value, depth: Int) -> Value {
    guard depth < 24, case .record(let s) = schema else { return value }
    switch value {
    case .string(let text):
      if s["format"]?.stringValue == "date-time", let d = DateParsing.parse(text) {
        return .date(d)
      }
      return value
    case .list(let items):
      guard let itemSchema = s["items"] else { return value }
      return .list(items.map { convertDates($0, itemSchema, depth: depth + 1) })
    case .record(var r):
      var props = s["properties"]?.recordValue ?? Record()
      for part in (s["allOf"]?.listItems ?? []) + (s["anyOf"]?.listItems ?? [])
        + (s["oneOf"]?.listItems ?? [])
      {
        for (k, v) in part.recordValue?["properties"]?.recordValue ?? Record() where props[k] == nil
        { props[k] = v }
      }
      let others = s["additionalProperties"].flatMap { $0.recordValue == nil ? nil : $0 }
      guard !props.isEmpty || others != nil else { return value }
      for (k, v) in r {
        if let ps = props[k] ?? others { r[k] = convertDates(v, ps, depth: depth + 1) }
      }
      return .record(r)
    default:
      return value
    }
  }
}
