import Foundation
import Testing
import Workflow

@testable import Actions

@Suite("Action registry")
struct ActionRegistryTests {
    @Test func builtInsAreListedSortedById() {
        let ids = ActionRegistry.builtIns().descriptors.map(\.id)
        #expect(
            ids == [
                "com.datadoghq.core.noop", "com.datadoghq.core.sleep", "com.datadoghq.http.request", "sundial.fail",
                "sundial.log", "sundial.shell", "sundial.systemd", "sundial.transform",
            ])
    }

    @Test func descriptorsDeclareParameterTypesAndDefaults() throws {
        let shell = try #require(ActionRegistry.builtIns().descriptors.first { $0.id == ShellAction.id })
        let command = try #require(shell.parameters.first { $0.name == "command" })
        #expect(command.type == "array" && command.required)
        let cap = try #require(shell.parameters.first { $0.name == "maxOutputBytes" })
        #expect(cap.defaultValue == .int(1 << 20))
        let encoded = try JSONEncoder().encode(shell)
        #expect(try JSONDecoder().decode(ActionDescriptor.self, from: encoded) == shell)
    }

    @Test func pluginsAreExecutableFilesNamedAfterTheirId() throws {
        let directory = try ActionTesting.temporaryDirectory()
        defer { ActionTesting.removeDirectory(directory) }
        try ActionTesting.writeScript("#!/bin/sh\n", to: directory + "/acme.restart")
        try ActionTesting.writeScript("#!/bin/sh\n", to: directory + "/.hidden")
        try "not executable".write(toFile: directory + "/README", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: directory + "/subdir", withIntermediateDirectories: false)
        let sidecar =
            #"{"description": "Restarts the acme service.", "parameters": [{"name": "grace", "type": "integer", "required": false, "defaultValue": 5, "description": "Seconds."}]}"#
        try sidecar.write(toFile: directory + "/acme.restart.json", atomically: true, encoding: .utf8)
        let registry = try ActionRegistry.builtIns().loadingPlugins(from: directory)
        let plugin = try #require(registry["acme.restart"] as? PluginAction)
        #expect(plugin.executable == directory + "/acme.restart")
        #expect(
            plugin.descriptor
                == ActionDescriptor(
                    id: "acme.restart", description: "Restarts the acme service.",
                    parameters: [
                        ActionParameter(name: "grace", type: "integer", defaultValue: 5, description: "Seconds.")
                    ]))
        #expect(registry[".hidden"] == nil && registry["README"] == nil && registry["subdir"] == nil)
        #expect(registry["acme.restart.json"] == nil)
        #expect(registry.descriptors.count == 9)
    }

    @Test func pluginCannotReplaceABuiltIn() throws {
        let directory = try ActionTesting.temporaryDirectory()
        defer { ActionTesting.removeDirectory(directory) }
        try ActionTesting.writeScript("#!/bin/sh\n", to: directory + "/sundial.shell")
        #expect(throws: PluginLoadError.self) { try ActionRegistry.builtIns().loadingPlugins(from: directory) }
    }

    @Test func invalidDescriptorAndMissingDirectoryAreErrors() throws {
        let directory = try ActionTesting.temporaryDirectory()
        defer { ActionTesting.removeDirectory(directory) }
        #expect(throws: PluginLoadError.self) { try ActionRegistry().loadingPlugins(from: directory + "/missing") }
        try ActionTesting.writeScript("#!/bin/sh\n", to: directory + "/acme.x")
        try "{\"parameters\": 3}".write(toFile: directory + "/acme.x.json", atomically: true, encoding: .utf8)
        do {
            _ = try ActionRegistry().loadingPlugins(from: directory)
            Issue.record("an invalid descriptor must be reported")
        } catch {
            #expect(error.path == directory + "/acme.x.json")
        }
    }

    @Test(arguments: [("acme.restart", true), (".env", false), ("a b", false), ("a/b", false), ("", false)])
    func pluginNames(name: String, accepted: Bool) {
        #expect(PluginDirectory.isPluginName(name) == accepted)
    }
}
