/// One page of a workflow's fires, newest first, and how many it has in all.
public struct FirePage: Hashable, Sendable {
    public var fires: [StoredFire]
    public var total: Int

    public init(fires: [StoredFire], total: Int) {
        self.fires = fires
        self.total = total
    }
}

/// A fire as the store keeps it: the fire and its row id, which orders fires recorded in the same millisecond.
public struct StoredFire: Hashable, Sendable {
    public var id: Int64
    public var fire: TriggerFire

    public init(id: Int64, fire: TriggerFire) {
        self.id = id
        self.fire = fire
    }
}
