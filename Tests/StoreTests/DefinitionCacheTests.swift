import Testing
import Workflow

@testable import Store

@Suite("Decoded workflow definitions are reused only for the version they came from")
struct DefinitionCacheTests {
    @Test func decodesOncePerVersionAndAgainWhenTheRowChanges() {
        let cache = DefinitionCache()
        var decoded = 0
        func read(_ version: Int, updatedAt: Int64, _ name: String) -> WorkflowDefinition {
            cache.definition(id: "wf-1", version: version, updatedAt: updatedAt) {
                decoded += 1
                return definition(name)
            }
        }
        #expect(read(1, updatedAt: 10, "A").name == "A")
        #expect(read(1, updatedAt: 10, "ignored").name == "A")
        #expect(decoded == 1)
        #expect(read(2, updatedAt: 20, "B").name == "B")
        #expect(read(2, updatedAt: 21, "C").name == "C")
        #expect(decoded == 3)
    }

    @Test func startsOverPastItsCapacity() {
        let cache = DefinitionCache(capacity: 2)
        for id in ["a", "b", "c"] {
            _ = cache.definition(id: id, version: 1, updatedAt: 0) { definition(id) }
        }
        #expect(cache.count == 1)
        var decoded = false
        _ = cache.definition(id: "a", version: 1, updatedAt: 0) {
            decoded = true
            return definition("a")
        }
        #expect(decoded)
    }
}
