import Synchronization
import Workflow

/// Decoded workflow definitions by workflow id and version, so reading a workflow does not decode its JSON again
/// on every run.
///
/// A stored definition never changes within a version (every change writes a new version, and an id is never
/// reused), so an entry is valid for as long as the row it came from still has that version and update time; the
/// row is read every time and only the decoding is saved.
final class DefinitionCache: Sendable {
    private struct Entry: Sendable {
        let version: Int
        let updatedAt: Int64
        let definition: WorkflowDefinition
    }

    /// Past this many workflows the cache starts over; a host with more workflows than this decodes some again.
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(capacity: Int = 1_024) {
        self.capacity = capacity
    }

    /// The definition of workflow `id` at `version` (last changed at `updatedAt`), decoded by `decode` only when the
    /// cache does not hold it.
    func definition(
        id: String, version: Int, updatedAt: Int64, decode: () throws -> WorkflowDefinition
    ) rethrows -> WorkflowDefinition {
        let cached = entries.withLock { $0[id] }
        if let cached, cached.version == version, cached.updatedAt == updatedAt { return cached.definition }
        let definition = try decode()
        entries.withLock { entries in
            if entries.count >= capacity, entries[id] == nil { entries.removeAll(keepingCapacity: true) }
            entries[id] = Entry(version: version, updatedAt: updatedAt, definition: definition)
        }
        return definition
    }

    /// How many definitions are held.
    var count: Int { entries.withLock { $0.count } }
}
