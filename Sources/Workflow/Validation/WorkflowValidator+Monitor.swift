extension WorkflowValidator {
    /// The longest interval a check may have (one day) and the most failures before an alert.
    static let maxCheckIntervalSeconds: Int64 = 86_400
    static let maxFailuresBeforeAlert: Int64 = 1_000

    /// `notifyOnRecovery` and `check` belong to a monitorTrigger; a check is well formed.
    func monitorIssues(_ trigger: Trigger, at base: String) -> [ValidationIssue] {
        let settings = trigger.settings
        guard trigger.kind == .monitor else {
            let present = [("notifyOnRecovery", settings.notifyOnRecovery != nil), ("check", settings.check != nil)]
            return present.filter(\.1).map { name, _ in
                ValidationIssue(
                    pointer: "\(base)/\(name)", code: "trigger.setting",
                    message: "\(name) applies only to a monitorTrigger; remove it from \(trigger.kind.rawValue)")
            }
        }
        guard let check = settings.check else { return [] }
        return checkIssues(check, at: "\(base)/check")
    }

    private func checkIssues(_ check: MonitorCheck, at base: String) -> [ValidationIssue] {
        var issues = unknownMembers(check.extra, accepted: MonitorCheck.members, in: "a check", at: base)
        let kinds = [check.http != nil, check.tcp != nil, check.command != nil].filter { $0 }.count
        if kinds != 1 {
            issues.append(
                ValidationIssue(
                    pointer: base, code: "check.kind",
                    message: (kinds == 0 ? "a check needs" : "a check takes only")
                        + " one of http {\"url\"}, tcp {\"host\", \"port\"} or command {\"argv\": […]}"))
        }
        var interval = MonitorCheck.defaultIntervalSeconds
        if let text = check.interval {
            if let seconds = IntervalText.seconds(text) {
                interval = seconds
                if seconds > Self.maxCheckIntervalSeconds {
                    issues.append(
                        ValidationIssue(
                            pointer: "\(base)/interval", code: "check.interval",
                            message: "the interval may be at most \"\(Self.maxCheckIntervalSeconds)s\" (one day), "
                                + "found \"\(text)\""))
                }
            } else {
                issues.append(intervalIssue("\(base)/interval", text))
            }
        }
        if let text = check.timeout {
            if let seconds = IntervalText.seconds(text) {
                if seconds > interval {
                    issues.append(
                        ValidationIssue(
                            pointer: "\(base)/timeout", code: "check.timeout",
                            message: "the timeout \"\(text)\" is longer than the interval \"\(interval)s\"; "
                                + "use at most the interval"))
                }
            } else {
                issues.append(intervalIssue("\(base)/timeout", text))
            }
        }
        if let count = check.failuresBeforeAlert, !(1...Self.maxFailuresBeforeAlert).contains(count) {
            issues.append(
                ValidationIssue(
                    pointer: "\(base)/failuresBeforeAlert", code: "check.failures",
                    message: "failuresBeforeAlert must be from 1 to \(Self.maxFailuresBeforeAlert), found \(count)"))
        }
        if let http = check.http { issues += httpIssues(http, at: "\(base)/http") }
        if let tcp = check.tcp { issues += tcpIssues(tcp, at: "\(base)/tcp") }
        if let command = check.command { issues += commandIssues(command, at: "\(base)/command") }
        return issues
    }

    private func httpIssues(_ probe: MonitorCheck.HTTPProbe, at base: String) -> [ValidationIssue] {
        var issues = unknownMembers(
            probe.extra, accepted: MonitorCheck.HTTPProbe.members, in: "an http check", at: base)
        if !Self.isHTTPURL(probe.url) {
            issues.append(
                ValidationIssue(
                    pointer: "\(base)/url", code: "check.url",
                    message: "url must be an http or https URL with a host, found \"\(probe.url)\""))
        }
        if let status = probe.expectStatus, !(100...599).contains(status) {
            issues.append(
                ValidationIssue(
                    pointer: "\(base)/expectStatus", code: "check.status",
                    message: "expectStatus must be an HTTP status from 100 to 599, found \(status)"))
        }
        if let text = probe.bodyContains, text.isEmpty {
            issues.append(
                ValidationIssue(
                    pointer: "\(base)/bodyContains", code: "check.bodyContains",
                    message: "bodyContains must be a non-empty string; remove it to accept any body"))
        }
        return issues
    }

    private func tcpIssues(_ probe: MonitorCheck.TCPProbe, at base: String) -> [ValidationIssue] {
        var issues = unknownMembers(probe.extra, accepted: MonitorCheck.TCPProbe.members, in: "a tcp check", at: base)
        if probe.host.trimmingSpaces().isEmpty || probe.host.contains(where: \.isWhitespace) {
            issues.append(
                ValidationIssue(
                    pointer: "\(base)/host", code: "check.host",
                    message: "host must be a host name or IP address, such as \"127.0.0.1\" or \"db.internal\""))
        }
        if !(1...65_535).contains(probe.port) {
            issues.append(
                ValidationIssue(
                    pointer: "\(base)/port", code: "check.port",
                    message: "port must be from 1 to 65535, found \(probe.port)"))
        }
        return issues
    }

    private func commandIssues(_ probe: MonitorCheck.CommandProbe, at base: String) -> [ValidationIssue] {
        var issues = unknownMembers(
            probe.extra, accepted: MonitorCheck.CommandProbe.members, in: "a command check", at: base)
        if probe.argv.first.map({ $0.isEmpty }) ?? true {
            issues.append(
                ValidationIssue(
                    pointer: "\(base)/argv", code: "check.argv",
                    message: "argv must be a non-empty array of strings whose first is the program, "
                        + "such as [\"systemctl\", \"is-active\", \"nginx\"]"))
        }
        for (index, argument) in probe.argv.enumerated() where argument.contains("\0") {
            issues.append(
                ValidationIssue(
                    pointer: "\(base)/argv/\(index)", code: "check.argv",
                    message: "an argument may not contain a NUL character"))
        }
        return issues
    }

    private func unknownMembers(_ extra: [String: JSONValue], accepted: [String], in what: String, at base: String)
        -> [ValidationIssue]
    {
        extra.keys.sorted().map { name in
            ValidationIssue(
                pointer: "\(base)/\(JSONPointer.escape(name))", code: "check.member",
                message: "\(what) has no member \"\(name)\"" + NearestName.suggestion(for: name, in: accepted)
                    + "; it accepts "
                    + accepted.map { "\"\($0)\"" }.joined(separator: ", "))
        }
    }
}
