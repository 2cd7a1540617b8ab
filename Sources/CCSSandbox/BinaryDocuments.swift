import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Real, minimal binary documents the sandbox serves: PNG images and PDF invoices.
enum BinaryDocuments {
  // MARK: - PNG

  /// A valid RGB PNG of `width`×`height` filled with one colour (stored zlib, correct CRCs).
  static func png(width: Int, height: Int, red: UInt8, green: UInt8, blue: UInt8) -> Data {
    var raw: [UInt8] = []
    raw.reserveCapacity((width * 3 + 1) * height)
    for _ in 0..<height {
      raw.append(0)  // filter type None
      for _ in 0..<width { raw += [red, green, blue] }
    }
    var header: [UInt8] = []
    header += bigEndian(UInt32(width))
    header += bigEndian(UInt32(height))
    header += [8, 2, 0, 0, 0]  // bit depth 8, colour type RGB, deflate, no filter, no interlace
    var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    png += chunk("IHDR", header)
    png += chunk("IDAT", zlibStored(raw))
    png += chunk("IEND", [])
    return Data(png)
  }

  private static func chunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
    let typeBytes = Array(type.utf8)
    return bigEndian(UInt32(payload.count)) + typeBytes + payload
      + bigEndian(crc32(typeBytes + payload))
  }

  private static func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
    var output: [UInt8] = [0x78, 0x01]
    var offset = 0
    repeat {
      let length = min(65_535, bytes.count - offset)
      let isLast: UInt8 = offset + length >= bytes.count ? 1 : 0
      output.append(isLast)
      output += [UInt8(length & 0xFF), UInt8(length >> 8)]
      output += [UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      output += bytes[offset..<offset + length]
      offset += length
    } while offset < bytes.count
    return output + bigEndian(adler32(bytes))
  }

  private static func bigEndian(_ value: UInt32) -> [UInt8] {
    [
      UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
      UInt8(value & 0xFF),
    ]
  }

  private static let crcTable: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 {
      value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
    }
    return value
  }

  /// The CRC-32 used by PNG chunks.
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
    }
    return crc ^ 0xFFFF_FFFF
  }

  private static func adler32(_ bytes: [UInt8]) -> UInt32 {
    var first: UInt32 = 1
    var second: UInt32 = 0
    for byte in bytes {
      first = (first + UInt32(byte)) % 65_521
      second = (second + first) % 65_521
    }
    return (second << 16) | first
  }

  // MARK: - PDF

  /// A minimal valid one-page PDF 1.4 showing `lines` of text, with a correct xref table.
  static func pdf(lines: [String]) -> Data {
    var content = "BT /F1 12 Tf 50 780 Td 14 TL\n"
    for line in lines {
      let escaped = line.replacing("\\", with: "\\\\")
        .replacing("(", with: "\\(").replacing(")", with: "\\)")
      content += "(\(escaped)) Tj T*\n"
    }
    content += "ET\n"
    let objects = [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        + "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
    ]
    var document = "%PDF-1.4\n"
    var offsets: [Int] = []
    for (index, object) in objects.enumerated() {
      offsets.append(document.utf8.count)
      document += "\(index + 1) 0 obj\n\(object)\nendobj\n"
    }
    let xrefOffset = document.utf8.count
    document += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
    for offset in offsets {
      document += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n"
    }
    document += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\n"
    document += "startxref\n\(xrefOffset)\n%%EOF\n"
    return Data(document.utf8)
  }
}
