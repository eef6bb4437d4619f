import Agent
import ArgumentParser
import Foundation
import Store
import Workflow

/// `sundial secrets set|list|delete`: stored secrets, read and written in the home directory's database and sealed
/// with the home's `secrets.key`, like `sundial keys`.
struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract:
            "Set, list and delete stored secrets ({{ Secrets.NAME }}; in HOME/sundial.db, sealed with HOME/secrets.key).",
        subcommands: [Set.self, List.self, Delete.self]
    )

    /// `--home`, and the store opened with the home's secrets key.
    struct HomeOption: ParsableArguments {
        @OptionGroup var home: KeysCommand.HomeOption

        /// Runs `body` with the home's store open under its secrets key.
        func withStore<R>(_ body: (SQLiteStore) async throws -> R) async throws -> R {
            let configuration = home.configuration
            let path = configuration.databasePath
            guard FileManager.default.fileExists(atPath: path) else {
                throw InputError("no database at \(path); start 'sundial agent --home \(configuration.home)' once")
            }
            let key: Data
            do {
                key = try SecretsKey.load(at: configuration.secretsKeyPath, create: false).key
            } catch {
                throw InputError(error.message)
            }
            do {
                return try await SQLiteStore.withStore(.file(path), options: .init(secretsKey: key), body)
            } catch let error as StoreError where error.code == "store.notFound" || error.code == "store.secretsKey" {
                throw InputError(error.message)
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a secret, reading its value from stdin (one trailing newline is dropped).",
            discussion: "printf '%s' \"$TOKEN\" | sundial secrets set token — then use {{ Secrets.token }}.")

        @OptionGroup var home: HomeOption
        @Argument(help: "The secret's name, as templates write it: {{ Secrets.NAME }}.")
        var name: String

        func run() async throws {
            guard SecretName.isValid(name) else {
                throw InputError("'\(name)' is not a valid secret name; \(SecretName.rule)")
            }
            if isatty(0) != 0 { printError("reading the value of '\(name)' from stdin; end it with Ctrl-D") }
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard var value = String(data: data, encoding: .utf8) else {
                throw InputError("the value on stdin is not UTF-8 text")
            }
            if value.hasSuffix("\r\n") { value.removeLast(2) } else if value.hasSuffix("\n") { value.removeLast() }
            guard !value.isEmpty else { throw InputError("the value on stdin is empty; pipe the secret's value in") }
            guard value.utf8.count <= 65_536 else {
                throw InputError("the value has \(value.utf8.count) bytes; at most 65536 are accepted")
            }
            let write = try await home.withStore { store in
                try await store.setSecret(name: name, value: Secret(value), actor: "cli", at: Date())
            }
            print(write.created ? "created secret \(name)" : "replaced secret \(name)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the stored secrets' names and times (never values).")

        @OptionGroup var home: HomeOption
        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let infos = try await home.withStore { store in try await store.secretInfos() }
            if json {
                let rows = infos.map { info in
                    [
                        "name": info.name, "createdAt": JSONResponse.timestamp(info.createdAt),
                        "updatedAt": JSONResponse.timestamp(info.updatedAt),
                    ]
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
                return
            }
            print(
                Table.render(
                    header: ["NAME", "CREATED", "UPDATED"],
                    rows: infos.map {
                        [$0.name, JSONResponse.timestamp($0.createdAt), JSONResponse.timestamp($0.updatedAt)]
                    }))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a secret; steps that use it then fail with secret.missing.")

        @OptionGroup var home: HomeOption
        @Argument(help: "The secret's name (see 'sundial secrets list').")
        var name: String

        func run() async throws {
            try await home.withStore { store in try await store.deleteSecret(name: name, actor: "cli", at: Date()) }
            print("deleted secret \(name)")
        }
    }
}
