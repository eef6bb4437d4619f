import Agent
import ArgumentParser
import Foundation
import Store
import Workflow

/// `sundial keys create|list|revoke`: API keys, read and written in the home directory's database.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke the agent's API keys (in HOME/sundial.db).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    /// `--home`, shared by the subcommands.
    struct HomeOption: ParsableArguments {
        @Option(help: "The agent's home directory (default: $SUNDIAL_HOME, else the default home: see 'sundial agent --help').")
        var home: String?

        var configuration: AgentConfiguration {
            var configuration = AgentConfiguration()
            if let home { configuration.home = home }
            return configuration
        }

        /// Runs `body` with the home's store open.
        func withStore<R>(_ body: (SQLiteStore) async throws -> R) async throws -> R {
            let path = configuration.databasePath
            guard FileManager.default.fileExists(atPath: path) else {
                throw InputError("no database at \(path); start 'sundial agent --home \(configuration.home)' once")
            }
            return try await SQLiteStore.withStore(.file(path), body)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print its token (shown once; only its hash is stored).")

        @OptionGroup var home: HomeOption
        @Option(help: "A name for the key, shown in the audit log.")
        var name: String
        @Option(
            name: .customLong("scope"),
            help: "workflows_read, workflows_write or workflows_run (repeatable; default: all three).")
        var scopes: [String] = []

        func run() async throws {
            let known = Scope.all
            let chosen = scopes.isEmpty ? known : Set(scopes)
            if let unknown = chosen.subtracting(known).sorted().first {
                throw InputError("unknown scope '\(unknown)'; use \(known.sorted().joined(separator: ", "))")
            }
            let token = try AdminKey.newToken()
            let key = try await home.withStore { store in
                try await store.createAPIKey(
                    id: try SecureRandom.system.uuid(), name: name, token: token, scopes: chosen, at: Date())
            }
            print(token)
            printError("created key \(key.id) '\(key.name)' with \(key.scopes.sorted().joined(separator: ", "))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the keys (never their tokens).")

        @OptionGroup var home: HomeOption
        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let keys = try await home.withStore { store in try await store.apiKeys() }
            if json {
                let rows: [[String: String]] = keys.map { key in
                    var row = [
                        "id": key.id, "name": key.name, "scopes": key.scopes.sorted().joined(separator: ","),
                        "createdAt": JSONResponse.timestamp(key.createdAt),
                    ]
                    if let used = key.lastUsedAt { row["lastUsedAt"] = JSONResponse.timestamp(used) }
                    if let revoked = key.revokedAt { row["revokedAt"] = JSONResponse.timestamp(revoked) }
                    return row
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
                return
            }
            print(
                Table.render(
                    header: ["ID", "NAME", "SCOPES", "CREATED", "STATE"],
                    rows: keys.map { key in
                        [
                            key.id, key.name, key.scopes.sorted().joined(separator: ","),
                            JSONResponse.timestamp(key.createdAt), key.revokedAt == nil ? "active" : "revoked",
                        ]
                    }))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key: it stops working at once.")

        @OptionGroup var home: HomeOption
        @Argument(help: "The key's id (see 'sundial keys list').")
        var id: String

        func run() async throws {
            do {
                try await home.withStore { store in try await store.revokeAPIKey(id: id, actor: "cli", at: Date()) }
            } catch let error as StoreError where error.code == "store.notFound" {
                throw InputError(error.message)
            }
            print("revoked \(id)")
        }
    }
}
