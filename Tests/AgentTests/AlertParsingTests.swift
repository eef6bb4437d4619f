import Agent
import Foundation
import Testing
import Workflow

@Suite("Inbound alert parsing")
struct AlertParsingTests {
    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test("an Alertmanager group becomes one alert per entry, with the group's labels in each payload")
    func alertmanagerGroup() throws {
        let (source, alerts) = try AlertParser.parse(Self.json(AlertSamples.alertmanagerGroup))
        #expect(source == .alertmanager)
        #expect(alerts.map(\.status) == [.firing, .resolved, .firing])
        #expect(alerts.map(\.handles) == [["disk-full"], ["disk-full"], []])
        #expect(alerts.map(\.name) == ["DiskFull", "DiskFull", "HighLoad"])
        let payload = alerts[0].payload
        #expect(payload["labels"]?["instance"] == "db-1:9100")
        #expect(payload["annotations"]?["summary"] == "/var on db-1 is 97% full")
        #expect(payload["fingerprint"] == "5f1c0e2d9a3b7c41")
        #expect(payload["commonLabels"]?["severity"] == "critical")
        #expect(payload["receiver"] == "sundial")
        #expect(payload["externalURL"] == "http://alertmanager.internal:9093")
        #expect(alerts[0].deliveryKey == "alertmanager|5f1c0e2d9a3b7c41|2026-03-02T10:15:30.123Z|firing")
        #expect(alerts[0].deliveryKey != alerts[1].deliveryKey)
        let data = alerts[0].triggerData(handle: "disk-full")
        #expect(data["source"] == "alertmanager")
        #expect(data["status"] == "firing")
        #expect(data["payload"] == payload)
    }

    @Test("the body a real Alertmanager posted is read")
    func alertmanagerCaptured() throws {
        let (source, alerts) = try AlertParser.parse(Self.json(AlertSamples.alertmanagerCaptured))
        #expect(source == .alertmanager)
        #expect(alerts.count == 1)
        #expect(alerts[0].status == .firing)
        #expect(alerts[0].handles == ["disk-full"])
        #expect(alerts[0].payload["groupKey"] == #"{}:{alertname="DiskFull"}"#)
        #expect(alerts[0].deliveryKey == "alertmanager|dd3c41cbed6d62eb|2026-11-22T11:15:08.506023883Z|firing")
    }

    @Test("an annotation's @workflow-<handle> names the workflow; a trailing full stop is not part of it")
    func alertmanagerMention() throws {
        let (_, alerts) = try AlertParser.parse(Self.json(AlertSamples.alertmanagerMention))
        #expect(alerts.count == 1)
        #expect(alerts[0].handles == ["restart-nginx"])
        #expect(alerts[0].payload["groupLabels"]?["alertname"] == "NginxDown")
    }

    @Test("the Datadog default payload fires, or resolves when its title says [Recovered]")
    func datadogDefault() throws {
        let (source, alerts) = try AlertParser.parse(Self.json(AlertSamples.datadogDefault()))
        #expect(source == .datadog)
        #expect(alerts.count == 1)
        #expect(alerts[0].status == .firing)
        #expect(alerts[0].handles == ["restart-nginx"])
        #expect(alerts[0].payload["org"]?["name"] == "Example Org")
        #expect(alerts[0].deliveryKey == "datadog|7301554297420081042|firing")
        #expect(alerts[0].name == "[Triggered] nginx availability on web-1")
        for (transition, status) in [
            ("Re-Triggered", InboundAlert.Status.firing), ("Warn", .firing), ("No Data", .firing),
            ("Recovered", .resolved),
        ] {
            let (_, parsed) = try AlertParser.parse(Self.json(AlertSamples.datadogDefault(transition: transition)))
            #expect(parsed[0].status == status, "\(transition)")
        }
    }

    @Test("a Datadog custom payload names the workflow by tag and says its transition")
    func datadogCustom() throws {
        let (_, firing) = try AlertParser.parse(Self.json(AlertSamples.datadogCustom(transition: "Triggered")))
        #expect(firing[0].handles == ["disk-full"])
        #expect(firing[0].status == .firing)
        #expect(firing[0].name == "Disk almost full on db-1")
        let (_, resolved) = try AlertParser.parse(Self.json(AlertSamples.datadogCustom(transition: "Recovered")))
        #expect(resolved[0].status == .resolved)
        let tagged = try Self.json(#"{"title": "x", "tags": ["env:prod", "workflow:Disk-Full"]}"#)
        #expect(try AlertParser.parse(tagged).1[0].handles == ["disk-full"])
    }

    @Test(
        "a body Sundial cannot read is refused with a pointer to what is wrong",
        arguments: [
            (#"[1, 2]"#, ""),
            (#"{"hello": "world"}"#, ""),
            (#"{"alerts": {"status": "firing"}}"#, "/alerts"),
            (#"{"version": "3", "alerts": []}"#, "/version"),
            (#"{"version": "4", "alerts": [42]}"#, "/alerts/0"),
            (#"{"version": "4", "alerts": [{"status": "pending", "labels": {}}]}"#, "/alerts/0/status"),
            (
                #"{"version": "4", "alerts": [{"status": "firing", "labels": {"severity": 2}}]}"#,
                "/alerts/0/labels/severity"
            ),
            (#"{"version": "4", "alerts": [{"status": "firing", "labels": "a=b"}]}"#, "/alerts/0/labels"),
            (#"{"version": "4", "alerts": [{"status": "firing", "annotations": []}]}"#, "/alerts/0/annotations"),
            (#"{"version": "4", "alerts": [], "commonLabels": {"a/b": 1}}"#, "/commonLabels/a~1b"),
            (#"{"title": "[Triggered] x", "tags": 7}"#, "/tags"),
            (#"{"title": "[Triggered] x", "tags": ["a", 7]}"#, "/tags/1"),
        ])
    func refused(body: String, pointer: String) throws {
        let value = try Self.json(body)
        let error = #expect(throws: AlertBodyError.self) { try AlertParser.parse(value) }
        #expect(error?.pointer == pointer)
        #expect(error?.message.isEmpty == false)
    }

    @Test("an empty Alertmanager group has no alerts and is not an error")
    func emptyGroup() throws {
        let (source, alerts) = try AlertParser.parse(Self.json(#"{"version": "4", "alerts": []}"#))
        #expect(source == .alertmanager)
        #expect(alerts.isEmpty)
    }

    @Test(
        "mentions, tags and labels name handles",
        arguments: [
            ("restart @workflow-disk-full now", ["disk-full"]),
            ("@workflow-a and @Workflow-B_2.x, then @workflow-a again", ["a", "b_2.x", "a"]),
            ("see @workflow-nginx-.", ["nginx"]),
            ("@workflow- alone", []),
            ("no mention at all", []),
        ])
    func mentions(text: String, handles: [String]) {
        #expect(HandleMentions.inText(text) == handles)
    }

    @Test("tags and labels")
    func tagsAndLabels() {
        #expect(HandleMentions.inTag("workflow:disk-full") == "disk-full")
        #expect(HandleMentions.inTag(" Workflow: Disk-Full ") == "disk-full")
        #expect(HandleMentions.inTag("workflow:") == nil)
        #expect(HandleMentions.inTag("team:ops") == nil)
        #expect(HandleMentions.inLabels(["workflow": "a, b", "tags": "env:prod,workflow:c"]) == ["c", "a", "b"])
        #expect(HandleMentions.inLabels(["alertname": "DiskFull"]).isEmpty)
    }
}
