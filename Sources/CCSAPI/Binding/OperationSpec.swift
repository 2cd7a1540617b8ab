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

  /// A field of a request body or response schema as help shows it; fields of a nested
  /// object are named with a dot (`recipient.type`).
  public struct SchemaRow: Sendable, Equatable {
    public var name: String
    /// `string`, `integer`, `string (date-time)`, `list of string`, `object`…
    public var type: String
    public var required: Bool
    /// The schema's `enum`, if any.
    public var allowed: [String]
    public var description: String
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
  /// The fields of the response (of each item when the result is a list), for help.
  public var responseFields: [SchemaRow] = []
  /// The fields of the JSON request body, nested objects one level deep, for help.
  public var bodyRows: [SchemaRow] = []
  /// Whether the result is a list of those records rather than one record.
  public var responseIsList = false
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

  /// Whether the document says which security applies (`security`, on the operation or the
  /// document). A document that says nothing gets the credentials of the profile it is
  /// bound to, if any.
  public var securityDeclared = true

  /// The key whose member a JSON response is unwrapped to: the list under it is the result.
  public var itemsKey: String? { paginationItemsKey ?? wrappedItemsKey }

  /// The full command name.
  public var commandName: String { ([api] + words).joined(separator: " ") }

  /// Whether the operation answers an SSE stream.
  public var isEventStream: Bool {
    responseMediaTypes.contains { $0.hasPrefix("text/event-stream") }
  }
}
