import AsyncHTTPClient
import CCSText
import NIOCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What the retry loop needs to know about one attempt's response.
protocol ResponseHead: Sendable {
  /// The response head (and body, when one was read).
  var head: APIResponse { get }
}

extension APIResponse: ResponseHead {
  var head: APIResponse { self }
}

extension HTTPTransport {
  // MARK: - Retry loop

  /// Runs `attempt` until it yields a 2xx response, a final error, or the attempts run out.
  /// Logs every attempt, and waits between them as ``RetryPolicy`` says.
  func withRetries<Result: ResponseHead>(
    _ request: APIRequest, policy: RetryPolicy? = nil,
    _ attempt: (Int) async throws -> Result
  ) async throws -> Result {
    let policy = policy ?? configuration.retry
    let retryable = request.method.isIdempotent
    let clock = ContinuousClock()
    var number = 1
    while true {
      try Task.checkCancellation()
      logRequest(request)
      let start = clock.now
      let wait: Duration
      let why: String
      do {
        let result = try await attempt(number)
        let response = result.head
        logResponse(response, elapsed: clock.now - start)
        if (200..<300).contains(response.status) { return result }
        guard retryable, number < policy.maxAttempts,
          RetryPolicy.retryableStatuses.contains(response.status)
        else {
          throw HTTPError(request: request, response: response, redactor: redactor)
        }
        wait = delay(after: response, retry: number, policy: policy)
        why = "\(response.status) \(response.reason)"
      } catch let error as HTTPError {
        throw error
      } catch let error as TransportError {
        logFailure(error.kind.rawValue, elapsed: clock.now - start)
        throw error
      } catch {
        if error is CancellationError || Task.isCancelled {
          logFailure("cancelled", elapsed: clock.now - start)
          throw CancellationError()
        }
        let failure = transportError(error, request: request, attempts: number)
        logFailure(failure.kind.rawValue, elapsed: clock.now - start)
        guard retryable, failure.isRetryable, number < policy.maxAttempts else { throw failure }
        wait = policy.backoff(retry: number, random: random())
        why = failure.kind.rawValue
      }
      number += 1
      log?(
        "! \(why); retrying in \(Self.format(wait)) (attempt \(number) of \(policy.maxAttempts))")
      try await sleep(wait)
    }
  }

  /// The wait before retrying after `response`: its `Retry-After` for 429/503, else backoff.
  private func delay(after response: APIResponse, retry: Int, policy: RetryPolicy) -> Duration {
    if response.status == 429 || response.status == 503,
      let value = response.headers["Retry-After"],
      let wait = policy.retryAfter(value)
    {
      return wait
    }
    return policy.backoff(retry: retry, random: random())
  }

  /// A ``TransportError`` for an AsyncHTTPClient/NIO error, redacted.
  func transportError(_ error: any Error, request: APIRequest, attempts: Int) -> TransportError {
    let redactor = redactor
    return TransportError(
      kind: TransportError.classify(error), method: request.method.rawValue,
      url: redactor.redact(url: request.url), detail: redactor.redact(String(describing: error)),
      attempts: attempts)
  }

  // MARK: - Verbose log

  private func logRequest(_ request: APIRequest) {
    guard let log else { return }
    let redactor = redactor
    log("> \(request.method.rawValue) \(redactor.redact(url: request.url))")
    guard configuration.logHeaders else { return }
    for field in redactor.redact(headers: request.headers) {
      log("> \(field.name): \(field.value)")
    }
    if let body = request.body, !body.isEmpty {
      log("> (\(body.count) bytes of body)")
    }
  }

  private func logResponse(_ response: APIResponse, elapsed: Duration) {
    guard let log else { return }
    log("< \(response.status) \(response.reason) (\(Self.milliseconds(elapsed)) ms)")
    guard configuration.logHeaders else { return }
    for field in redactor.redact(headers: response.headers) {
      log("< \(field.name): \(field.value)")
    }
  }

  private func logFailure(_ what: String, elapsed: Duration) {
    log?("< \(what) (\(Self.milliseconds(elapsed)) ms)")
  }

  static func milliseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
    return overflow ? Int64.max : whole &+ attoseconds / 1_000_000_000_000_000
  }

  static func format(_ duration: Duration) -> String {
    let milliseconds = milliseconds(duration)
    if milliseconds < 1000 { return "\(milliseconds) ms" }
    return NumberText.fixed(Double(milliseconds) / 1000, digits: 1) + " s"
  }

  // MARK: - AsyncHTTPClient glue

  func clientKey(streaming: Bool) -> HTTPClientPool.Key {
    HTTPClientPool.Key(
      connectTimeout: configuration.connectTimeout,
      readTimeout: streaming ? configuration.streamIdleTimeout : configuration.readTimeout,
      insecure: configuration.insecure)
  }

  func clientRequest(_ request: APIRequest) throws -> HTTPClientRequest {
    guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https",
      request.url.host != nil
    else {
      throw TransportError(
        kind: .invalidURL, method: request.method.rawValue,
        url: redactor.redact(url: request.url), detail: "only absolute http(s) URLs can be sent")
    }
    var clientRequest = HTTPClientRequest(url: request.url.absoluteString)
    clientRequest.method = .init(rawValue: request.method.rawValue)
    for field in request.headers {
      clientRequest.headers.add(name: field.name, value: field.value)
    }
    if let body = request.body {
      clientRequest.body = .bytes(body)
    }
    return clientRequest
  }

  func deadline(_ request: APIRequest) -> NIODeadline {
    guard let timeout = request.timeout else { return .distantFuture }
    return .now() + HTTPClientPool.timeAmount(timeout)
  }

  static func headers(_ response: HTTPClientResponse) -> APIHeaders {
    APIHeaders(response.headers.map { ($0.name, $0.value) })
  }
}
