import CCSRuntime

/// One API operation as ccs binds it: command words, request shape, response kinds, safety.
public struct OperationSpec: Sendable {
  /// A request parameter (path or query) or a top-level JSON body field.
  public struct Field: Sendable {
    /// The name in the API (`ownerId`, `per_page`, `name`).
    public var apiName: String
    /// The flag name in ccs (`owner`, `per-page`, `name`).
    public var flag: String
    /// The checked type.
    public var type: ValueType
    /// Allowed values, if the schema lists them.
    public var allowed: [String]
    /// Whether the API requires it.
    public var required: Bool
    /// Whether an array goes as repeated keys (`explode`) or comma-joined.
    public var explode: Bool
    /// One line of help.
    public var description: String
    /// Where live completion finds values: a list command and the field to take.
    public var complete: (command: String, field: String)? = nil
  }

  /// The API name (`cloudron`, `clever`, or the name given to `api load`).
  public var api: String
  /// The command words after the API name.
  public var words: [String]
  /// `GET`, `POST`…
  public var method: String
  /// The path template as in the document.
  public var path: String
  public var operationId: String?
  public var summary: String
  public var description: String
  /// Path parameters, in path order.
  public var pathParams: [Field]
  /// The name of the path parameter taken as a positional, if any.
  public var positional: String?
  public var queryParams: [Field]
  /// Top-level fields of a JSON request body.
  public var bodyFields: [Field]
  /// The request body's media type (`application/json`, `multipart/form-data`), if any.
  public var bodyMediaType: String?
  /// Whether a body is required.
  public var bodyRequired: Bool
  /// Media types of success responses (empty list for no content).
  public var responseMediaTypes: [String]
  /// The JSON schema of the main success response, for date-time conversion.
  public var responseSchema: Value?
  public var destructive: Bool
  /// The wrapper key of a page-paginated list.
  public var paginationItemsKey: String?
  /// The wrapper key of a list answered in one response (`x-ccs-items`).
  public var wrappedItemsKey: String? = nil
  public var asyncTask: Bool
  /// No authentication needed.
  public var isPublic: Bool
  /// How an event stream resumes and ends (`x-ccs-stream`); the default for other operations.
  public var streamBehavior: StreamBehavior = .default
  /// `x-ccs-wait`: `--wait` re-reads the resource until its state is final.
  public var finalStateWait: FinalStateWait? = nil

  /// The key whose member a JSON response is unwrapped to: the list under it is the result.
  public var itemsKey: String? { paginationItemsKey ?? wrappedItemsKey }

  /// The full command name.
  public var commandName: String { ([api] + words).joined(separator: " ") }

  /// Whether the operation answers an SSE stream.
  public var isEventStream: Bool { responseMediaTypes.contains { $0.hasPrefix("text/event-stream") } }
}
