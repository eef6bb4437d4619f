import Foundation

/// Who receives a callback, as delivery limits it: the scheme, host and port of its URL (`https://hooks.example:443`).
///
/// Callbacks to one receiver share its concurrency limit and its back-off, whatever their paths and queries. The key
/// never carries the URL's user info, path or query, so it is safe to log and to show.
public enum CallbackReceiver {
    /// The receiver key of `url`: lowercased scheme and host, and the port (the scheme's default when the URL names
    /// none; 80 for `http`, 443 for `https`). An IPv6 host is bracketed. A URL without a scheme or host is its own
    /// receiver, keyed `invalid:` and the URL's first 100 characters (delivery refuses it anyway).
    public static func key(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            var host = components.host?.lowercased(), !host.isEmpty
        else {
            return "invalid:" + url.prefix(100)
        }
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        let port = components.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : 0)
        return "\(scheme)://\(host):\(port)"
    }
}
