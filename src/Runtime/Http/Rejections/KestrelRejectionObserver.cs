using System.Diagnostics;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ProxyServer.Runtime.Http.Rejections;

/// <summary>
/// Listens for Kestrel's "request rejected" diagnostic event, the only hook Kestrel offers for a
/// request it refuses while parsing the request line or headers (the application never runs for
/// it). The event fires on the connection's request loop before Kestrel writes its own response,
/// so the connection's <see cref="RejectionGate"/> can still put nginx's answer in its place.
/// </summary>
public sealed class KestrelRejectionObserver(Func<Model.RuntimeModel> currentModel) : IObserver<KeyValuePair<string, object?>>
{
    public const string EventName = "Microsoft.AspNetCore.Server.Kestrel.BadRequest";

    /// <summary>Subscribes to the host's Kestrel diagnostics; dispose the result with the host.</summary>
    public static IDisposable Subscribe(DiagnosticListener kestrelDiagnostics, Func<Model.RuntimeModel> currentModel) =>
        kestrelDiagnostics.Subscribe(new KestrelRejectionObserver(currentModel), name => name == EventName);

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != EventName || value.Value is not IFeatureCollection features) return;
        if (features.Get<IBadRequestExceptionFeature>()?.Error is not BadHttpRequestException rejection) return;
        // A body error after the response went out: Kestrel only closes, nothing to replace.
        if (features.Get<IHttpResponseFeature>()?.HasStarted == true) return;
        if (features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(typeof(RejectionGate), out var item) != true
            || item is not RejectionGate gate) return;
        // This runs inside Kestrel's error handling: nothing may escape into it.
        try
        {
            var status = RejectionAnswer.NginxStatus(rejection);
            // The method is known once the request line parsed: a HEAD gets the head of the page only.
            var headOnly = features.Get<IHttpRequestFeature>()?.Method == HttpMethods.Head;
            var answer = RejectionAnswer.Bytes(status, gate.ServerToken(), headOnly);
            gate.Replace(answer);
            var page = status == 408 || headOnly ? 0 : StatusTexts.Page(status, gate.ServerToken())?.Length ?? 0;
            RejectionLog.Write(features, currentModel(), rejection, status, page);
        }
        catch (Exception)
        {
            // A failure here leaves the answer as it stands; nothing may reach Kestrel.
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
