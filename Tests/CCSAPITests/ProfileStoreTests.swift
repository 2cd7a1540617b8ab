import Foundation
import Testing

@testable import CCSAPI

@Suite("Profile store")
struct ProfileStoreTests {
  static let sample = """
    # ccs configuration
    default_profile = "prod"

    [clever]
    consumer_key = "ckey-config"
    consumer_secret = "csecret-config"

    [profiles.prod]
    api = "cloudron"
    base_url = "https://my.example.com/api/v1/"
    token_env = "PROD_TOKEN"
    readonly = true

    [profiles.staging]
    api = "cloudron"
    domain = "staging.example.com"
    token = "literal-staging-token"
    auth = "query"

    [profiles.cc]
    api = "clever"
    token_command = "echo cc-token"

    [profiles.cc-oauth]
    api = "clever"
    token = "oauth-token"
    token_secret_env = "CC_SECRET"
    """

  func store(_ text: String = sample, env: [String: String] = [:]) throws -> ProfileStore {
    try ProfileStore(contents: text, path: "/cfg/config.toml", environment: env)
  }

  @Test("profiles are parsed with defaults filled in")
  func parsesProfiles() throws {
    let store = try store()
    #expect(store.configProfiles.map(\.name) == ["cc", "cc-oauth", "prod", "staging"])
    #expect(store.defaultProfileName == "prod")
    #expect(store.warnings.isEmpty)

    let prod = try #require(store.profile(named: "prod"))
    #expect(prod.api == "cloudron")
    #expect(prod.baseURL?.absoluteString == "https://my.example.com/api/v1")
    #expect(prod.auth == .bearer)
    #expect(prod.token == .environment("PROD_TOKEN"))
    #expect(prod.readonly)
    #expect(prod.origin == .config(path: "/cfg/config.toml"))

    let staging = try #require(store.profile(named: "staging"))
    #expect(staging.baseURL?.absoluteString == "https://staging.example.com/api/v1")
    #expect(staging.auth == .query)
    #expect(!staging.readonly)

    let clever = try #require(store.profile(named: "cc"))
    #expect(clever.baseURL?.absoluteString == "https://api-bridge.clever-cloud.com")
    #expect(clever.auth == .bearer)

    let oauth = try #require(store.profile(named: "cc-oauth"))
    #expect(oauth.auth == .oauth1)
    #expect(oauth.baseURL?.absoluteString == "https://api.clever-cloud.com")
    #expect(oauth.consumerKey == .literal("ckey-config"))
    #expect(oauth.consumerSecret == .literal("csecret-config"))
  }

  @Test("credentials resolve from literal, env and command sources")
  func resolvesCredentials() async throws {
    let store = try store(env: ["PROD_TOKEN": "  prod-env-token\n", "CC_SECRET": "cc-secret"])
    let resolver = store.resolver()
    #expect(
      try await store.profile(named: "prod")?.credentials(using: resolver)
        == .bearer(token: "prod-env-token"))
    #expect(
      try await store.profile(named: "staging")?.credentials(using: resolver)
        == .queryToken(token: "literal-staging-token"))
    #expect(
      try await store.profile(named: "cc")?.credentials(using: resolver)
        == .bearer(token: "cc-token"))
    #expect(
      try await store.profile(named: "cc-oauth")?.credentials(using: resolver)
        == .oauth1(
          consumerKey: "ckey-config", consumerSecret: "csecret-config", token: "oauth-token",
          tokenSecret: "cc-secret"))
  }

  @Test("an unset token_env names the variable")
  func missingEnvToken() async throws {
    let store = try store()
    let error = await #expect(throws: ProfileError.self) {
      try await store.profile(named: "prod")?.credentials(using: store.resolver())
    }
    #expect(
      error?.description
        == "profile 'prod': cannot get token: environment variable PROD_TOKEN is not set")
  }

  @Test(
    "token_command failures are reported",
    arguments: [
      ("exit 3", "exited with status 3"),
      ("true", "printed nothing"),
      ("exec sleep 60", "timed out after 300 ms"),
    ])
  func tokenCommandFailures(command: String, reason: String) async throws {
    let profile = Profile(
      name: "p", api: "cloudron", baseURL: nil, auth: .bearer, token: .command(command))
    let resolver = SecretResolver(environment: [:], commandTimeout: .milliseconds(300))
    let error = await #expect(throws: ProfileError.self) {
      try await profile.credentials(using: resolver)
    }
    #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
  }

  @Test("a token_command starts with no signal blocked or ignored, whatever thread runs it")
  func tokenCommandSignalState() async throws {
    // The concurrency pool's threads block most signals; a child must not inherit that, or it
    // ignores the terminate sent on timeout and never sees its own children end.
    let resolver = SecretResolver(environment: ["PATH": "/usr/bin:/bin"])
    let value = try await resolver.resolve(
      .command("grep -E '^Sig(Blk|Ign)' /proc/self/status | tr -s '\\t ' ' '"),
      profile: "p", field: "token")
    // Bits 0-30 are the standard signals 1-31; glibc keeps two real-time ones for itself.
    let masks = value.split(separator: "\n").map { line -> UInt64 in
      UInt64(line.split(separator: " ").last ?? "", radix: 16) ?? .max
    }
    #expect(masks.count == 2, "\(value)")
    #expect(masks.allSatisfy { $0 & 0x7FFF_FFFF == 0 }, "\(value)")
  }

  @Test("a timed-out token_command does not wait for a grandchild that holds its output open")
  func tokenCommandTimeoutLeavesGrandchild() async throws {
    // The grandchild `sleep` keeps the output pipe open after `sh` is terminated. The error
    // must come while it still runs: proof, without timing, that nothing waited for it.
    let pidFile = NSTemporaryDirectory() + "ccs-token-grandchild-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: pidFile) }
    let profile = Profile(
      name: "p", api: "cloudron", baseURL: nil, auth: .bearer,
      token: .command("sleep 600 & echo $! > '\(pidFile)'; wait"))
    // Long enough for `sh` to write the file on a loaded machine.
    let resolver = SecretResolver(environment: [:], commandTimeout: .seconds(3))
    let error = await #expect(throws: ProfileError.self) {
      try await profile.credentials(using: resolver)
    }
    #expect(error?.description.contains("timed out after") == true)
    let text = try String(contentsOfFile: pidFile, encoding: .utf8)
    let pid = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(kill(pid, 0) == 0, "the grandchild had already ended: the resolver waited for it")
    kill(pid, SIGKILL)
  }

  @Test("token_command sees the environment and its stdout is trimmed")
  func tokenCommandEnvironment() async throws {
    let resolver = SecretResolver(environment: ["SOURCE": "from-env", "PATH": "/usr/bin:/bin"])
    let value = try await resolver.resolve(
      .command("echo \"  $SOURCE-token  \""), profile: "p", field: "token")
    #expect(value == "from-env-token")
  }

  @Test("the credential cache runs a token_command once and registers the secret")
  func credentialCacheResolvesOnce() async throws {
    let counter = NSTemporaryDirectory() + "ccs-cache-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: counter) }
    let profile = Profile(
      name: "p", api: "cloudron", baseURL: nil, auth: .bearer,
      token: .command("echo x >> '\(counter)'; echo cached-token-value"))
    let transport = HTTPTransport(configuration: .init(version: "1"))
    let cache = CredentialCache(
      resolver: SecretResolver(environment: ["PATH": "/usr/bin:/bin"]), transport: transport)
    async let first = cache.credentials(for: profile)
    async let second = cache.credentials(for: profile)
    let results = try await [first, second, cache.credentials(for: profile)]
    #expect(results.allSatisfy { $0 == .bearer(token: "cached-token-value") })
    let runs = try String(contentsOfFile: counter, encoding: .utf8)
    #expect(runs == "x\n")
    #expect(transport.redactor.redact("t=cached-token-value") == "t=[REDACTED]")
  }

  @Test(
    "a readonly profile refuses every method but GET, HEAD and OPTIONS",
    arguments: [
      ("GET", true), ("HEAD", true), ("OPTIONS", true), ("POST", false),
      ("PUT", false), ("DELETE", false), ("PATCH", false),
    ])
  func readonlyRefusal(method: String, allowed: Bool) throws {
    let profile = Profile(name: "ro", api: "cloudron", baseURL: nil, auth: .none, readonly: true)
    let method = APIRequest.Method(rawValue: method)
    if allowed {
      try profile.checkAllowed(method)
    } else {
      #expect(throws: ProfileError.readonly(profile: "ro", method: method.rawValue)) {
        try profile.checkAllowed(method)
      }
    }
    var writable = profile
    writable.readonly = false
    try writable.checkAllowed(method)
  }

  // MARK: - Environment profiles and precedence

  @Test(
    "environment profiles are synthesized",
    arguments: [
      (
        ["CLOUDRON_DOMAIN": "my.example.com", "CLOUDRON_TOKEN": "t"], "env:cloudron", "cloudron",
        "https://my.example.com/api/v1", Profile.AuthScheme.bearer
      ),
      (
        ["CLEVER_API_TOKEN": "t"], "env:clever", "clever", "https://api-bridge.clever-cloud.com",
        .bearer
      ),
      (
        ["CLEVER_TOKEN": "t", "CLEVER_SECRET": "s"], "env:clever", "clever",
        "https://api.clever-cloud.com", .oauth1
      ),
      (
        ["CLEVER_API_TOKEN": "t", "CLEVER_TOKEN": "t", "CLEVER_SECRET": "s"], "env:clever",
        "clever",
        "https://api-bridge.clever-cloud.com", .bearer
      ),
    ])
  func environmentProfiles(
    env: [String: String], name: String, api: String, base: String, auth: Profile.AuthScheme
  ) throws {
    let store = try store("", env: env)
    let profile = try #require(try store.select(api: api))
    #expect(profile.name == name)
    #expect(profile.baseURL?.absoluteString == base)
    #expect(profile.auth == auth)
    #expect(store.environmentProfiles.count == 1)
  }

  @Test("CLEVER_TOKEN + CLEVER_SECRET use the consumer from env, else from [clever]")
  func oauthConsumerSources() async throws {
    let env = ["CLEVER_TOKEN": "tok", "CLEVER_SECRET": "sec"]
    let fromConfig = try store(Self.sample, env: env)
    #expect(
      try await fromConfig.select(api: "clever", explicit: "env:clever")?.credentials(
        using: fromConfig.resolver())
        == .oauth1(
          consumerKey: "ckey-config", consumerSecret: "csecret-config", token: "tok",
          tokenSecret: "sec"))
    let envConsumer = env.merging([
      "CLEVER_CONSUMER_KEY": "ck-env", "CLEVER_CONSUMER_SECRET": "cs-env",
    ]) { a, _ in a }
    let fromEnv = try store("", env: envConsumer)
    #expect(
      try await fromEnv.select(api: "clever")?.credentials(using: fromEnv.resolver())
        == .oauth1(
          consumerKey: "ck-env", consumerSecret: "cs-env", token: "tok", tokenSecret: "sec"))
    let none = try store("", env: env)
    let error = await #expect(throws: ProfileError.self) {
      try await none.select(api: "clever")?.credentials(using: none.resolver())
    }
    #expect(error?.description.contains("consumer_key") == true)
  }

  @Test(
    "selection precedence: --profile > CCS_PROFILE > default_profile > environment > sole profile",
    arguments: [
      // (explicit, CCS_PROFILE, api, expected)
      ("staging", nil, "cloudron", "staging"),
      (nil, "staging", "cloudron", "staging"),
      (nil, nil, "cloudron", "prod"),
      (nil, "cc", "cloudron", "prod"),  // CCS_PROFILE for another API falls through
      (nil, nil, "clever", "env:clever"),  // default is cloudron: the env profile wins
    ] as [(String?, String?, String, String)])
  func precedence(explicit: String?, ccsProfile: String?, api: String, expected: String) throws {
    var env = ["CLEVER_API_TOKEN": "t", "CLOUDRON_DOMAIN": "d.example.com", "CLOUDRON_TOKEN": "t"]
    env["CCS_PROFILE"] = ccsProfile
    let store = try store(env: env)
    #expect(try store.select(api: api, explicit: explicit)?.name == expected)
  }

  @Test("without env profiles, the only config profile of an API is used; two are ambiguous")
  func soleProfile() throws {
    let store = try store()
    #expect(try store.select(api: "clever") == nil)  // cc and cc-oauth: ambiguous
    let single = try self.store(
      """
      [profiles.only]
      api = "cloudron"
      base_url = "https://x.example.com/api/v1"
      token = "abcd"
      """)
    #expect(try single.select(api: "cloudron")?.name == "only")
    #expect(try single.select(api: "clever") == nil)
  }

  @Test("require explains how to configure a missing profile")
  func requireExplains() throws {
    let empty = try store("")
    #expect(throws: ProfileError.self) { try empty.require(api: "cloudron") }
    do {
      _ = try empty.require(api: "cloudron")
    } catch {
      #expect(
        "\(error)"
          == "no profile for the cloudron API: set CLOUDRON_DOMAIN and CLOUDRON_TOKEN, or add a "
          + "[profiles.NAME] table with api = \"cloudron\" to /cfg/config.toml")
    }
    let ambiguous = try store()
    do {
      _ = try ambiguous.require(api: "clever")
      Issue.record("expected an error")
    } catch {
      #expect("\(error)".hasSuffix("choose one with --profile or default_profile: cc, cc-oauth"))
    }
    #expect(try ambiguous.require(api: "cloudron").name == "prod")
  }

  @Test("unknown and mismatched profile names are errors")
  func selectionErrors() throws {
    let store = try store()
    #expect(
      throws: ProfileError.unknownProfile(
        name: "nope", from: "--profile", available: ["cc", "cc-oauth", "prod", "staging"])
    ) {
      try store.select(api: "cloudron", explicit: "nope")
    }
    #expect(
      throws: ProfileError.apiMismatch(
        profile: "cc", profileAPI: "clever", requestedAPI: "cloudron")
    ) {
      try store.select(api: "cloudron", explicit: "cc")
    }
    let badDefault = try self.store("default_profile = \"gone\"\n")
    #expect(throws: ProfileError.self) { try badDefault.select(api: "cloudron") }
  }

  // MARK: - Errors in the file

  @Test("a TOML syntax error names the file and line")
  func syntaxError() throws {
    let text = "[profiles.prod]\napi = \"cloudron\"\nbase_url = https://nope\n"
    let error = #expect(throws: ProfileError.self) { try store(text) }
    guard case .syntax(let path, let line, _, _)? = error else {
      Issue.record("expected a syntax error, got \(String(describing: error))")
      return
    }
    #expect(path == "/cfg/config.toml")
    #expect(line == 3)
    #expect(error?.description.hasPrefix("/cfg/config.toml:3:") == true)
  }

  @Test(
    "invalid values name the file, line and key",
    arguments: [
      (
        "[profiles.a]\napi = \"cloudron\"\nbase_url = \"https://h\"\ntoken = \"x\"\n"
          + "readonly = \"yes\"\n",
        5, "profiles.a.readonly"
      ),
      ("[profiles.a]\napi = \"cloudron\"\ntoken = \"x\"\n", 1, "needs `base_url`"),
      (
        "[profiles.a]\napi = \"clever\"\ntoken = \"x\"\nauth = \"basic\"\n", 4,
        "bearer, query, oauth1 or none"
      ),
      ("[profiles.a]\napi = \"clever\"\ntoken = \"x\"\ntoken_env = \"Y\"\n", 4, "set only one"),
      ("[profiles.a]\napi = \"clever\"\nauth = \"bearer\"\n", 3, "sets no `token`"),
      ("[profiles.a]\nbase_url = \"https://h\"\n", 1, "needs `api`"),
      ("[profiles.a]\napi = \"cloudron\"\nbase_url = \"ftp://h\"\n", 3, "absolute http(s) URL"),
      // Lines come from the reader, whatever the layout: a quoted name with a dot, a profile
      // written as an inline table, a key written with quotes.
      (
        "[profiles.\"a.b\"]\napi = \"cloudron\"\nbase_url = \"https://h\"\ntoken = \"x\"\n"
          + "readonly = \"yes\"\n",
        5, "profiles.a.b.readonly"
      ),
      ("\n\nprofiles.a = { api = \"cloudron\", token = \"x\" }\n", 3, "needs `base_url`"),
      (
        "[profiles.a]\napi = \"clever\"\ntoken = \"x\"\n\n\"auth\" = \"basic\"\n", 5,
        "bearer, query, oauth1 or none"
      ),
    ] as [(String, Int, String)])
  func invalidValues(text: String, line: Int, fragment: String) throws {
    let error = #expect(throws: ProfileError.self) { try store(text) }
    let description = error?.description ?? ""
    #expect(description.hasPrefix("/cfg/config.toml:\(line): error: "), "\(description)")
    #expect(description.contains(fragment), "\(description)")
  }

  @Test("unknown settings are warnings, not errors")
  func unknownKeys() throws {
    let store = try store("colour = true\n[profiles.a]\napi = \"x\"\ntokn = \"oops\"\n")
    #expect(
      store.warnings == [
        "/cfg/config.toml: unknown setting `colour` ignored",
        "/cfg/config.toml:4: unknown setting `tokn` ignored",
      ])
  }

  // MARK: - Secrets never shown

  @Test("descriptions, debug output and summaries never contain literal secrets")
  func redactedDescriptions() throws {
    let store = try store()
    for profile in store.profiles {
      var dumped = ""
      dump(profile, to: &dumped)
      let summary = profile.summary(isDefault: true)
      let texts = [
        String(describing: profile), String(reflecting: profile), dumped,
        summary.fields.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
      ]
      for text in texts {
        for secret in ["literal-staging-token", "oauth-token", "csecret-config"] {
          #expect(!text.contains(secret), "\(text)")
        }
      }
    }
    let staging = try #require(store.profile(named: "staging")).summary()
    #expect(staging.token == "literal")
    #expect(try #require(store.profile(named: "prod")).summary().token == "env PROD_TOKEN")
    #expect(try #require(store.profile(named: "cc")).summary().token == "command: echo cc-token")
  }
}
