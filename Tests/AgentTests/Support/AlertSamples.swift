/// Inbound alert bodies in the shapes the senders post: Alertmanager's webhook (version 4) and Datadog's Webhooks
/// integration (its default payload, and a custom payload built from the documented variables).
enum AlertSamples {
    /// An Alertmanager group of two alerts for `disk-full` (one firing, one resolved) and one for nobody.
    static let alertmanagerGroup = #"""
        {
          "receiver": "sundial",
          "status": "firing",
          "alerts": [
            {
              "status": "firing",
              "labels": {"alertname": "DiskFull", "instance": "db-1:9100", "mountpoint": "/var", "severity": "critical", "workflow": "disk-full"},
              "annotations": {"summary": "/var on db-1 is 97% full", "description": "Free space below 3%"},
              "startsAt": "2026-03-02T10:15:30.123Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://prometheus.internal:9090/graph?g0.expr=node_filesystem_avail_bytes",
              "fingerprint": "5f1c0e2d9a3b7c41"
            },
            {
              "status": "resolved",
              "labels": {"alertname": "DiskFull", "instance": "db-2:9100", "mountpoint": "/var", "severity": "critical", "workflow": "disk-full"},
              "annotations": {"summary": "/var on db-2 is 97% full"},
              "startsAt": "2026-03-02T09:00:00Z",
              "endsAt": "2026-03-02T10:14:00Z",
              "generatorURL": "http://prometheus.internal:9090/graph?g0.expr=node_filesystem_avail_bytes",
              "fingerprint": "a07e55c31d2f9b68"
            },
            {
              "status": "firing",
              "labels": {"alertname": "HighLoad", "instance": "web-3:9100", "severity": "warning"},
              "annotations": {"summary": "load is high"},
              "startsAt": "2026-03-02T10:16:00Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://prometheus.internal:9090/graph?g0.expr=node_load5",
              "fingerprint": "0c9d1e7a44b2f310"
            }
          ],
          "groupLabels": {"severity": "critical"},
          "commonLabels": {"severity": "critical"},
          "commonAnnotations": {},
          "externalURL": "http://alertmanager.internal:9093",
          "version": "4",
          "groupKey": "{}:{severity=\"critical\"}",
          "truncatedAlerts": 0
        }
        """#

    /// What Alertmanager 0.25.0 (Debian's `prometheus-alertmanager`) posted to a webhook receiver for an alert
    /// `{alertname="DiskFull", instance="db-1", workflow="disk-full"}` sent to its API, byte for byte.
    static let alertmanagerCaptured = #"""
        {"receiver":"sundial","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"DiskFull",\#
        "instance":"db-1","workflow":"disk-full"},"annotations":{"summary":"disk full"},\#
        "startsAt":"2026-11-22T11:15:08.506023883Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"",\#
        "fingerprint":"dd3c41cbed6d62eb"}],"groupLabels":{"alertname":"DiskFull"},"commonLabels":\#
        {"alertname":"DiskFull","instance":"db-1","workflow":"disk-full"},"commonAnnotations":{"summary":"disk full"},\#
        "externalURL":"http://vm:18993","version":"4","groupKey":"{}:{alertname=\"DiskFull\"}","truncatedAlerts":0}
        """#

    /// A group whose only alert names its workflow in an annotation, `@workflow-restart-nginx`.
    static let alertmanagerMention = #"""
        {"receiver": "ops", "status": "firing", "version": "4", "groupKey": "{}:{alertname=\"NginxDown\"}",
         "groupLabels": {"alertname": "NginxDown"}, "commonLabels": {"alertname": "NginxDown", "job": "nginx"},
         "commonAnnotations": {}, "externalURL": "http://alertmanager.internal:9093", "truncatedAlerts": 0,
         "alerts": [{"status": "firing", "labels": {"alertname": "NginxDown", "job": "nginx", "instance": "web-1"},
           "annotations": {"description": "nginx is down on web-1; remediation: @workflow-restart-nginx."},
           "startsAt": "2026-03-02T11:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
           "generatorURL": "http://prometheus.internal:9090/graph", "fingerprint": "77aa00bb11cc22dd"}]}
        """#

    /// The Webhooks integration's default payload for a triggered monitor that mentions `@workflow-restart-nginx`.
    static func datadogDefault(transition: String = "Triggered", id: String = "7301554297420081042") -> String {
        #"""
        {
          "body": "%%%\nnginx is not answering on web-1.\n\n@webhook-sundial @workflow-restart-nginx\n\n- - -\n\n[[Monitor Status](https://app.datadoghq.com/monitors#4412873?)]\n%%%",
          "last_updated": "1772445600000",
          "event_type": "query_alert_monitor",
          "title": "[\#(transition)] nginx availability on web-1",
          "date": "1772445600000",
          "org": {"id": "812034", "name": "Example Org"},
          "id": "\#(id)"
        }
        """#
    }

    /// A custom payload with the monitor's tags and transition, naming `disk-full` by tag.
    static func datadogCustom(transition: String) -> String {
        #"""
        {"id": "7301554297420099001", "alert_id": "4412901", "alert_title": "Disk almost full on db-1",
         "alert_transition": "\#(transition)", "alert_type": "error", "alert_priority": "P2",
         "alert_scope": "host:db-1", "event_msg": "%%%\n/var is 97% full\n%%%",
         "tags": "env:prod,host:db-1,workflow:disk-full,team:storage", "hostname": "db-1",
         "date": "1772445600000", "link": "https://app.datadoghq.com/event/event?id=7301554297420099001"}
        """#
    }
}
