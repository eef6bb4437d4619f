import GRDB

/// The schema, as named migrations applied in order. A migration is never edited once it has landed: a change is a
/// new migration appended here.
enum StoreMigrations {
    /// Every migration this Sundial knows, in order.
    static let all: [(name: String, sql: String)] = [
        ("v1.initial", v1Initial),
        ("v2.trigger-data", v2TriggerData),
        ("v3.triggers", v3Triggers),
        ("v4.attempt-input", v4AttemptInput),
        ("v5.secrets", v5Secrets),
        ("v5.callback-receiver", v5CallbackReceiver),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all {
            migrator.registerMigration(migration.name) { db in
                // `sundial_callback_receiver(url)` exists while a migration runs, for the backfill of v5.
                db.add(function: receiverFunction)
                defer { db.remove(function: receiverFunction) }
                try db.execute(sql: migration.sql)
            }
        }
        return migrator
    }

    /// Instants are INTEGER milliseconds since 1970 UTC; JSON is TEXT; ids are TEXT.
    static let v1Initial = """
        CREATE TABLE workflows (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            definition TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            deleted_at INTEGER,
            deleted_by TEXT
        );
        CREATE TABLE workflow_versions (
            workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            definition TEXT NOT NULL,
            changed_at INTEGER NOT NULL,
            changed_by TEXT NOT NULL,
            PRIMARY KEY (workflow_id, version)
        ) WITHOUT ROWID;

        CREATE TABLE trigger_states (
            workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
            trigger_id TEXT NOT NULL,
            armed INTEGER NOT NULL,
            next_fire_at INTEGER,
            last_fire_at INTEGER,
            last_scheduled_at INTEGER,
            missed_count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (workflow_id, trigger_id)
        ) WITHOUT ROWID;
        CREATE INDEX trigger_states_armed ON trigger_states(next_fire_at) WHERE armed = 1;

        CREATE TABLE fires (
            id INTEGER PRIMARY KEY,
            workflow_id TEXT NOT NULL,
            trigger_id TEXT NOT NULL,
            scheduled_at INTEGER,
            fired_at INTEGER NOT NULL,
            execution_id TEXT,
            skip_reason TEXT,
            CHECK ((execution_id IS NULL) <> (skip_reason IS NULL))
        );
        CREATE INDEX fires_by_trigger ON fires(workflow_id, trigger_id, fired_at);

        CREATE TABLE executions (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            workflow_id TEXT NOT NULL,
            workflow_name TEXT NOT NULL,
            status TEXT NOT NULL,
            priority INTEGER NOT NULL,
            trigger TEXT,
            input TEXT NOT NULL,
            properties TEXT NOT NULL,
            outputs TEXT NOT NULL,
            statistics TEXT NOT NULL,
            error TEXT,
            callback TEXT,
            log_level TEXT NOT NULL,
            logs TEXT NOT NULL,
            idempotency_key TEXT,
            created_at INTEGER NOT NULL,
            started_at INTEGER,
            finished_at INTEGER
        );
        CREATE INDEX executions_by_creation ON executions(created_at, seq);
        CREATE INDEX executions_by_workflow ON executions(workflow_id, created_at, seq);
        CREATE INDEX executions_by_status ON executions(status, created_at, seq);
        CREATE INDEX executions_by_start ON executions(started_at);
        CREATE INDEX executions_by_finish ON executions(finished_at);
        CREATE INDEX executions_queue ON executions(priority, seq) WHERE status = 'Pending';
        CREATE UNIQUE INDEX executions_idempotency ON executions(workflow_id, idempotency_key)
            WHERE idempotency_key IS NOT NULL;

        CREATE TABLE steps (
            execution_id TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            position INTEGER NOT NULL,
            action_id TEXT NOT NULL,
            status TEXT NOT NULL,
            output TEXT,
            branch TEXT,
            error TEXT,
            fallback_steps TEXT,
            started_at INTEGER,
            finished_at INTEGER,
            logs TEXT NOT NULL,
            PRIMARY KEY (execution_id, name)
        ) WITHOUT ROWID;

        CREATE TABLE step_attempts (
            execution_id TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
            step_name TEXT NOT NULL,
            number INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER NOT NULL,
            output TEXT,
            branch TEXT,
            error TEXT,
            PRIMARY KEY (execution_id, step_name, number)
        ) WITHOUT ROWID;

        CREATE TABLE callback_outbox (
            id INTEGER PRIMARY KEY,
            execution_id TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            delivered_at INTEGER,
            abandoned_at INTEGER,
            last_error TEXT
        );
        CREATE INDEX callback_outbox_due ON callback_outbox(next_attempt_at)
            WHERE delivered_at IS NULL AND abandoned_at IS NULL;
        CREATE INDEX callback_outbox_by_execution ON callback_outbox(execution_id);

        CREATE TABLE callback_attempts (
            callback_id INTEGER NOT NULL REFERENCES callback_outbox(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            at INTEGER NOT NULL,
            status_code INTEGER,
            error TEXT,
            duration_ms INTEGER NOT NULL,
            PRIMARY KEY (callback_id, number)
        ) WITHOUT ROWID;

        CREATE TABLE webhook_deliveries (
            source TEXT NOT NULL,
            delivery_id TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (source, delivery_id)
        ) WITHOUT ROWID;
        CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries(received_at);

        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            token_sha256 TEXT NOT NULL UNIQUE,
            scopes TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            last_used_at INTEGER,
            revoked_at INTEGER
        );

        CREATE TABLE connections (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            secret TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject_kind TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            detail TEXT
        );
        CREATE INDEX audit_log_by_subject ON audit_log(subject_kind, subject_id, id);
        """

    /// What an alert or webhook delivery carried into an execution (`Trigger.<key>` in templates), and the
    /// fingerprint of the run request an idempotency key was first used with.
    static let v2TriggerData = """
        ALTER TABLE executions ADD COLUMN trigger_data TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE executions ADD COLUMN request_fingerprint TEXT;
        """

    /// A workflow's fires of all its triggers, newest first (`GET /api/v2/workflows/{id}/fires`).
    static let v3Triggers = """
        CREATE INDEX fires_by_workflow ON fires(workflow_id, fired_at);
        """

    /// The parameters each step attempt was called with (secrets masked).
    static let v4AttemptInput = """
        ALTER TABLE step_attempts ADD COLUMN input TEXT;
        """

    /// Stored secrets (`{{ Secrets.NAME }}`): each value sealed with AES-256-GCM under the home's secrets key.
    static let v5Secrets = """
        CREATE TABLE secrets (
            name TEXT PRIMARY KEY NOT NULL,
            sealed TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
    /// Each callback's receiver (scheme, host and port), so due rows can be read without the receivers that are at
    /// their limit or backing off; the due index carries it, so rows of an excluded receiver are skipped in the index.
    static let v5CallbackReceiver = """
        ALTER TABLE callback_outbox ADD COLUMN receiver TEXT NOT NULL DEFAULT '';
        UPDATE callback_outbox SET receiver = sundial_callback_receiver(url)
            WHERE delivered_at IS NULL AND abandoned_at IS NULL;
        DROP INDEX callback_outbox_due;
        CREATE INDEX callback_outbox_pending ON callback_outbox(next_attempt_at, receiver)
            WHERE delivered_at IS NULL AND abandoned_at IS NULL;
        """

    /// `CallbackReceiver.key(of:)` as an SQL function, for the v5 backfill.
    static let receiverFunction = DatabaseFunction("sundial_callback_receiver", argumentCount: 1, pure: true) {
        values in
        guard let url = String.fromDatabaseValue(values[0]) else { return nil }
        return CallbackReceiver.key(of: url)
    }
}
