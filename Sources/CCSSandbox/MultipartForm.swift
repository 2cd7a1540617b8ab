import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Just enough `multipart/form-data` parsing to read one uploaded file field.
enum MultipartForm {
  /// The bytes of the part named `field`, or `nil` when absent or not multipart.
  static func file(named field: String, in request: SandboxRequest) -> Data? {
    guard let contentType = request.header("Content-Type"),
      contentType.lowercased().hasPrefix("multipart/form-data"),
      let boundaryRange = contentType.firstRange(of: "boundary=")
    else { return nil }
    var boundary = String(contentType[boundaryRange.upperBound...])
    if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
    boundary = boundary.trimming { $0 == "\"" || $0 == " " }
    let body = request.body
    let delimiter = Data("--\(boundary)".utf8)
    let headerEnd = Data("\r\n\r\n".utf8)
    var searchStart = body.startIndex
    while let start = body[searchStart...].firstRange(of: delimiter) {
      let partStart = start.upperBound
      guard let headersEnd = body[partStart...].firstRange(of: headerEnd) else {
        return nil
      }
      let headers = String(decoding: body[partStart..<headersEnd.lowerBound], as: UTF8.self)
      let contentStart = headersEnd.upperBound
      let next =
        body[contentStart...].firstRange(of: Data("\r\n--\(boundary)".utf8))
      let contentEnd = next?.lowerBound ?? body.endIndex
      if headers.contains("name=\"\(field)\"") {
        return Data(body[contentStart..<contentEnd])
      }
      guard let next else { return nil }
      searchStart = next.lowerBound + 2
    }
    return nil
  }
}
