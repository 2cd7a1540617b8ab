extension HTTPTransport {
  /// Opens one connection of an event stream, without the transport's own retries (the
  /// ``ReconnectingEventStream`` loop decides); nil for `204 No Content`.
  public func eventConnection(
    _ request: APIRequest, heartbeatTimeout: Duration?
  ) async throws
    -> (any EventConnection)?
  {
    let response = try await stream(request, retry: .never)
    if response.status == 204 {
      response.close()
      return nil
    }
    return HTTPEventConnection(response, heartbeatTimeout: heartbeatTimeout)
  }

  /// A reconnecting stream of `request` sent through this transport, logging reconnections to
  /// the verbose log.
  public func reconnectingStream(
    _ request: APIRequest, behavior: StreamBehavior, policy: ReconnectPolicy,
    isActive: ReconnectingEventStream.ActiveProbe? = nil
  ) -> ReconnectingEventStream {
    let timeout = behavior.hasHeartbeat ? policy.heartbeatTimeout : nil
    return ReconnectingEventStream(
      request: request, behavior: behavior, policy: policy,
      connect: { [self] in try await self.eventConnection($0, heartbeatTimeout: timeout) },
      isActive: isActive, sleep: sleep, random: random, log: log)
  }
}
