import Foundation
import Testing

@testable import CCSAPI

@Suite("Profile files")
struct ProfileFileTests {
  /// A fresh temporary directory, removed after `body`.
  func withDirectory(_ body: (String) async throws -> Void) async throws {
    let path = NSTemporaryDirectory() + "ccs-profile-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await body(path)
  }

  func write(_ text: String, to path: String, mode: Int) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
  }

  func mode(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
  }

  @Test(
    "the config path honours CCS_CONFIG, then XDG_CONFIG_HOME, then HOME",
    arguments: [
      (["CCS_CONFIG": "/etc/ccs.toml", "XDG_CONFIG_HOME": "/x", "HOME": "/h"], "/etc/ccs.toml"),
      (["XDG_CONFIG_HOME": "/x", "HOME": "/h"], "/x/ccs/config.toml"),
      (["XDG_CONFIG_HOME": "", "HOME": "/h"], "/h/.config/ccs/config.toml"),
    ])
  func configPath(env: [String: String], expected: String) {
    #expect(ProfileStore.configPath(environment: env) == expected)
  }

  @Test("a missing file is an empty configuration")
  func missingFile() async throws {
    try await withDirectory { directory in
      let store = try ProfileStore.load(environment: ["XDG_CONFIG_HOME": directory])
      #expect(store.path == directory + "/ccs/config.toml")
      #expect(!store.fileExists)
      #expect(store.profiles.isEmpty)
      #expect(store.warnings.isEmpty)
    }
  }

  @Test(
    "a file with secrets readable by others gets a warning",
    arguments: [
      (0o644, "token = \"literal-secret\"", true),
      (0o640, "token = \"literal-secret\"", true),
      (0o600, "token = \"literal-secret\"", false),
      (0o644, "token_env = \"TOKEN\"", false),
    ])
  func permissionWarning(mode: Int, tokenLine: String, warns: Bool) async throws {
    try await withDirectory { directory in
      let path = directory + "/config.toml"
      try write(
        "[profiles.p]\napi = \"cloudron\"\nbase_url = \"https://h\"\n\(tokenLine)\n", to: path,
        mode: mode)
      let store = try ProfileStore.load(environment: ["CCS_CONFIG": path])
      #expect(store.warnings.count == (warns ? 1 : 0))
      if warns {
        #expect(store.warnings.first?.contains("chmod 600 \(path)") == true)
        #expect(store.warnings.first?.contains("literal-secret") == false)
      }
    }
  }

  @Test("`use` sets default_profile, keeps comments and layout, and writes mode 0600")
  func usePersists() async throws {
    try await withDirectory { directory in
      let path = directory + "/config.toml"
      let original = """
        # my ccs profiles
        # second comment line

        [profiles.a]  # the first one
        api = "cloudron"
        base_url = "https://a.example.com/api/v1"
        token_env = "A_TOKEN"

        [profiles.b]
        api = "cloudron"
        domain = "b.example.com"
        token_env = "B_TOKEN"

        """
      try write(original, to: path, mode: 0o644)
      let env = ["CCS_CONFIG": path]
      let store = try ProfileStore.load(environment: env)
      #expect(store.defaultProfileName == nil)

      let updated = try store.use("b")
      #expect(updated.defaultProfileName == "b")
      #expect(try mode(of: path) == 0o600)
      let text = try String(contentsOfFile: path, encoding: .utf8)
      #expect(
        text
          == original.replacingOccurrences(
            of: "# second comment line\n", with: "# second comment line\ndefault_profile = \"b\"\n")
      )

      let again = try updated.use("a")
      #expect(again.defaultProfileName == "a")
      #expect(try ProfileStore.load(environment: env).select(api: "cloudron")?.name == "a")
      let final = try String(contentsOfFile: path, encoding: .utf8)
      #expect(final.components(separatedBy: "default_profile").count == 2)
      #expect(final.contains("[profiles.a]  # the first one"))
    }
  }

  @Test("`use` creates the file and its directory when missing")
  func useCreatesFile() async throws {
    try await withDirectory { directory in
      let env = [
        "XDG_CONFIG_HOME": directory, "CLOUDRON_DOMAIN": "d.example.com", "CLOUDRON_TOKEN": "t",
      ]
      let store = try ProfileStore.load(environment: env)
      try store.use("env:cloudron")
      let path = directory + "/ccs/config.toml"
      #expect(
        try String(contentsOfFile: path, encoding: .utf8) == "default_profile = \"env:cloudron\"\n")
      #expect(try mode(of: path) == 0o600)
      #expect(try ProfileStore.load(environment: env).current()?.name == "env:cloudron")
    }
  }

  @Test("`use` refuses an unknown profile and leaves the file alone")
  func useUnknown() async throws {
    try await withDirectory { directory in
      let path = directory + "/config.toml"
      try write("# nothing\n", to: path, mode: 0o600)
      let store = try ProfileStore.load(environment: ["CCS_CONFIG": path])
      #expect(throws: ProfileError.self) { try store.use("ghost") }
      #expect(try String(contentsOfFile: path, encoding: .utf8) == "# nothing\n")
    }
  }

  @Test(
    "default_profile edits",
    arguments: [
      ("", "default_profile = \"x\"\n"),
      (
        "default_profile = \"old\"\n[profiles.x]\napi = \"a\"\n",
        "default_profile = \"x\"\n[profiles.x]\napi = \"a\"\n"
      ),
      ("[profiles.x]\napi = \"a\"\n", "default_profile = \"x\"\n\n[profiles.x]\napi = \"a\"\n"),
      ("  default_profile=\"old\" # keep?\n", "default_profile = \"x\"\n"),
      // The line edit leaves the rest of a multi-line value: the value's lines are replaced.
      (
        "# mine\ndefault_profile = \"\"\"\nold\n\"\"\"\n[profiles.x]\napi = \"a\"\n",
        "# mine\ndefault_profile = \"x\"\n[profiles.x]\napi = \"a\"\n"
      ),
      // CRLF files: every line is its own, and lines written take a CR too.
      (
        "# c\r\ndefault_profile = \"old\"\r\n[profiles.x]\r\napi = \"a\"\r\n",
        "# c\r\ndefault_profile = \"x\"\r\n[profiles.x]\r\napi = \"a\"\r\n"
      ),
      (
        "# c\r\n[profiles.x]\r\napi = \"a\"\r\n",
        "# c\r\ndefault_profile = \"x\"\r\n\r\n[profiles.x]\r\napi = \"a\"\r\n"
      ),
      // A quoted key is the same key: replaced, not defined twice.
      (
        "# mine\n'default_profile' = 'old'\n\n[profiles.x]\napi = \"a\"\n",
        "# mine\ndefault_profile = \"x\"\n\n[profiles.x]\napi = \"a\"\n"
      ),
      // A `[` line inside a multi-line string is not a header: the setting after it is found.
      (
        "notes = '''\n[not a header]\n'''\ndefault_profile = \"old\"\n[profiles.x]\napi = \"a\"\n",
        "notes = '''\n[not a header]\n'''\ndefault_profile = \"x\"\n[profiles.x]\napi = \"a\"\n"
      ),
    ])
  func defaultProfileEdits(before: String, after: String) throws {
    #expect(try ProfileStore.settingDefaultProfile("x", in: before, path: "/p") == after)
  }

  @Test("a syntax error from a real file names its path and line")
  func syntaxErrorFromFile() async throws {
    try await withDirectory { directory in
      let path = directory + "/config.toml"
      try write("default_profile = \"a\"\n[profiles.a\napi = \"x\"\n", to: path, mode: 0o600)
      let error = #expect(throws: ProfileError.self) {
        try ProfileStore.load(environment: ["CCS_CONFIG": path])
      }
      #expect(error?.description.hasPrefix("\(path):2:") == true, "\(String(describing: error))")
    }
  }
}
