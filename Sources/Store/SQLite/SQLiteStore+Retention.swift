import Foundation
import GRDB
import Workflow

extension SQLiteStore {
    public func prune(_ policy: RetentionPolicy, now: Date) async throws -> Int {
        let keep = policy.maxExecutionsPerWorkflow ?? Int.max
        let cutoff = policy.maxAge.map { age -> Int64 in
            let parts = age.components
            return StoreCoding.millis(now) - (parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000)
        }
        guard policy.maxExecutionsPerWorkflow != nil || cutoff != nil else { return 0 }
        let terminal = ExecutionStatus.allCases.filter(\.isTerminal).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let batch = max(1, policy.batchSize)
        return try await write { db in
            // Finished executions ranked newest first within their workflow; one whose callback is still to be
            // delivered is kept until the dispatcher is done with it.
            try db.execute(
                sql: """
                    DELETE FROM executions WHERE seq IN (
                        SELECT seq FROM (
                            SELECT seq, id, finished_at,
                                row_number() OVER (PARTITION BY workflow_id ORDER BY created_at DESC, seq DESC) AS rank
                            FROM executions WHERE status IN (\(terminal))
                        ) AS ranked
                        WHERE (rank > ? OR finished_at < ?)
                            AND NOT EXISTS (
                                SELECT 1 FROM callback_outbox AS o WHERE o.execution_id = ranked.id
                                    AND o.delivered_at IS NULL AND o.abandoned_at IS NULL)
                        LIMIT ?
                    )
                    """,
                arguments: [keep, cutoff ?? Int64.min, batch])
            let removed = db.changesCount
            if let cutoff {
                // Fires and webhook ids older than the cutoff only served rate limits and de-duplication.
                try db.execute(
                    sql: "DELETE FROM fires WHERE id IN (SELECT id FROM fires WHERE fired_at < ? LIMIT ?)",
                    arguments: [cutoff, batch])
                try db.execute(
                    sql: """
                        DELETE FROM webhook_deliveries WHERE (source, delivery_id) IN (
                            SELECT source, delivery_id FROM webhook_deliveries WHERE received_at < ? LIMIT ?)
                        """,
                    arguments: [cutoff, batch])
            }
            return removed
        }
    }
}
