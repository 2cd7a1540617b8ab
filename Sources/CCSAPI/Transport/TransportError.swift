import AsyncHTTPClient
import CCSText
import NIOCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A request that got no HTTP response: the connection failed, timed out, or TLS refused it.
///
/// The URL is redacted, and so is the underlying detail.
public struct TransportError: Error, Sendable, Hashable {
  /// What went wrong.
  public enum Kind: String, Sendable, Hashable {
    /// Nothing listened on the port.
    case connectionRefused = "connection refused"
    /// The connection was not established within the connect timeout.
    case connectTimeout = "connect timeout"
    /// No data arrived within the read timeout.
    case readTimeout = "read timeout"
    /// The request's own deadline (``APIRequest/timeout``) passed.
    case deadlineExceeded = "request timed out"
    /// The server closed the connection before a complete response.
    case connectionClosed = "connection closed by the server"
    /// The host name could not be resolved.
    case hostNotFound = "host not found"
    /// The TLS handshake or certificate verification failed.
    case tls = "TLS error"
    /// The URL cannot be requested (no host, unsupported scheme).
    case invalidURL = "invalid URL"
    /// The response body exceeded ``HTTPTransport/Configuration/maxResponseBytes``.
    case responseTooLarge = "response too large"
    /// Any other failure.
    case other = "transport error"
  }

  /// What went wrong.
  public let kind: Kind
  /// The request method.
  public let method: String
  /// The request URL, redacted.
  public let url: String
  /// The underlying error's description, redacted.
  public let detail: String
  /// How many attempts were made.
  public let attempts: Int

  /// Creates an error; `url` and `detail` must already be redacted.
  public init(kind: Kind, method: String, url: String, detail: String = "", attempts: Int = 1) {
    self.kind = kind
    self.method = method
    self.url = url
    self.detail = detail
    self.attempts = attempts
  }

  /// Whether an idempotent request failing this way may succeed if sent again.
  public var isRetryable: Bool {
    switch kind {
    case .connectionRefused, .connectTimeout, .connectionClosed: true
    default: false
    }
  }

  // MARK: - Classification

  /// The kind of an error thrown by AsyncHTTPClient or SwiftNIO.
  static func classify(_ error: any Error) -> Kind {
    if let error = error as? HTTPClientError {
      switch error {
      case .connectTimeout, .getConnectionFromPoolTimeout: return .connectTimeout
      case .readTimeout, .writeTimeout: return .readTimeout
      case .deadlineExceeded: return .deadlineExceeded
      case .remoteConnectionClosed: return .connectionClosed
      case .tlsHandshakeTimeout, .uncleanShutdown: return .tls
      case .invalidURL, .emptyHost, .emptyScheme: return .invalidURL
      default:
        if String(describing: error).contains("unsupportedScheme") { return .invalidURL }
        return .other
      }
    }
    return classifyNested(error, depth: 0) ?? .other
  }

  /// Looks through wrapped errors (`NIOConnectionError` holds one per address tried).
  private static func classifyNested(_ error: Any, depth: Int) -> Kind? {
    guard depth < 4 else { return nil }
    if let error = error as? IOError {
      switch error.errnoCode {
      case ECONNREFUSED: return .connectionRefused
      case ETIMEDOUT: return .connectTimeout
      case ECONNRESET, EPIPE: return .connectionClosed
      default: break
      }
    }
    if error is ChannelError {
      if case .connectTimeout? = error as? ChannelError { return .connectTimeout }
      return .connectionClosed
    }
    let typeName = String(reflecting: type(of: error))
    if typeName.contains("SSL") || typeName.contains("TLS") { return .tls }
    let text = String(describing: error)
    for child in Mirror(reflecting: error).children {
      if let kind = classifyNested(child.value, depth: depth + 1) { return kind }
      if let errors = child.value as? [Any] {
        for inner in errors {
          if let kind = classifyNested(inner, depth: depth + 1) { return kind }
        }
      }
    }
    if text.contains("UnknownHost") || text.containsIgnoringCase("dns error")
      || text.containsIgnoringCase("name resolution")
    {
      return .hostNotFound
    }
    if text.contains("Connection refused") { return .connectionRefused }
    // NIOHTTP1's `HTTPParserError.invalidEOFState`: the connection closed mid-body.
    if text.contains("stream ended at an unexpected time") || text.contains("invalidEOFState") {
      return .connectionClosed
    }
    return nil
  }
}

extension TransportError: CustomStringConvertible {
  /// `GET https://host/api/v1/tasks: connection refused (after 3 attempts)`.
  public var description: String {
    var text = "\(method) \(url): \(kind.rawValue)"
    if !detail.isEmpty, kind == .other || kind == .tls { text += ": \(detail)" }
    if attempts > 1 { text += " (after \(attempts) attempts)" }
    return text
  }
}
