namespace ProxyServer.Runtime.Dynamic.Dns;

/// <summary>
/// Why a name could not be resolved, numbered and worded as nginx's resolver reports it
/// (<c>NAME could not be resolved (3: Host not found)</c>): DNS response codes 1-5 keep their
/// RCODE number, a timeout is reported as errno 110 (ETIMEDOUT).
/// </summary>
public sealed record ResolveError(int Code, string Text)
{
    public static readonly ResolveError FormatError = new(1, "Format error");
    public static readonly ResolveError ServerFailure = new(2, "Server failure");
    public static readonly ResolveError HostNotFound = new(3, "Host not found");
    public static readonly ResolveError Unimplemented = new(4, "Unimplemented");
    public static readonly ResolveError Refused = new(5, "Operation refused");
    public static readonly ResolveError TimedOut = new(110, "Operation timed out");

    /// <summary>The error for a DNS RCODE; codes nginx has no word for are "Unknown error".</summary>
    public static ResolveError FromResponseCode(int rcode) => rcode switch
    {
        1 => FormatError,
        2 => ServerFailure,
        3 => HostNotFound,
        4 => Unimplemented,
        5 => Refused,
        _ => new ResolveError(rcode, "Unknown error"),
    };

    /// <summary>nginx's error-log wording, e.g. <c>user_01.jira.com could not be resolved (3: Host not found)</c>.</summary>
    public string LogText(string name) => $"{name} could not be resolved ({Code}: {Text})";
}
