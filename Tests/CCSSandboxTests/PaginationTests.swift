import Foundation
import Testing

@testable import CCSSandbox

@Suite("Cloudron pagination")
struct PaginationTests {
  @Test(
    "pages through tasks and events: full pages, then a short last page",
    arguments: [
      ("/tasks", "tasks"), ("/eventlog", "eventlogs"),
    ])
  func pages(path: String, key: String) async throws {
    try await withSandbox { sandbox in
      var seen: [String] = []
      var sizes: [Int] = []
      var page = 1
      while true {
        let result = try await sandbox.cloudron("GET", "\(path)?page=\(page)&per_page=25")
        #expect(result.status == 200)
        guard case .array(let items)? = result.json?[key] else {
          throw HarnessError.missing(key)
        }
        #expect(result.json?["total"] == nil)
        sizes.append(items.count)
        seen += items.compactMap { $0.stringMember("id") }
        if items.count < 25 { break }
        page += 1
      }
      #expect(sizes.count >= 3)
      #expect(sizes.dropLast().allSatisfy { $0 == 25 })
      #expect(sizes.last ?? 25 < 25)
      #expect(Set(seen).count == seen.count)
    }
  }

  @Test("defaults are page 1 and 25 per page")
  func defaults() async throws {
    try await withSandbox { sandbox in
      let first = try await sandbox.cloudron("GET", "/eventlog")
      let explicit = try await sandbox.cloudron("GET", "/eventlog?page=1&per_page=25")
      #expect(first.body == explicit.body)
      guard case .array(let items)? = first.json?["eventlogs"] else {
        throw HarnessError.missing("eventlogs")
      }
      #expect(items.count == 25)
    }
  }

  @Test(
    "invalid page values answer 400 with the real (misspelt) message",
    arguments: [
      "page=0", "page=-1", "page=abc", "per_page=abc", "per_page=0",
    ])
  func invalid(query: String) async throws {
    try await withSandbox { sandbox in
      let result = try await sandbox.cloudron("GET", "/tasks?\(query)")
      #expect(result.status == 400)
      #expect(result.json?.stringMember("status") == "Bad Request")
      let message = try #require(result.json?.stringMember("message"))
      #expect(message.hasSuffix("query param has to be a postive number"))
    }
  }

  @Test("filters: task type, event actions (comma list), notifications acknowledged")
  func filters() async throws {
    try await withSandbox { sandbox in
      guard
        case .array(let tasks)? = try await sandbox.cloudron(
          "GET", "/tasks?type=backup&per_page=100"
        ).json?["tasks"]
      else { throw HarnessError.missing("tasks") }
      #expect(!tasks.isEmpty)
      #expect(tasks.allSatisfy { $0.stringMember("type") == "backup" })

      guard
        case .array(let events)? = try await sandbox.cloudron(
          "GET", "/eventlog?actions=user.login,app.update&per_page=100"
        ).json?["eventlogs"]
      else { throw HarnessError.missing("eventlogs") }
      #expect(!events.isEmpty)
      #expect(
        events.allSatisfy {
          ["user.login", "app.update"].contains($0.stringMember("action") ?? "")
        })

      guard
        case .array(let open)? = try await sandbox.cloudron(
          "GET", "/notifications?acknowledged=false"
        ).json?["notifications"]
      else { throw HarnessError.missing("notifications") }
      #expect(!open.isEmpty)
      #expect(open.allSatisfy { $0["acknowledged"] == .bool(false) })
    }
  }
}
