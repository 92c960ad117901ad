using System.Text.Json;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// A JSON body: every key is a name, every scalar a value of the nearest key (array items keep
/// their array's key). A key whose value is an object or array is still checked as a name.
/// Invalid JSON fires internal rule 15.
/// </summary>
internal static class JsonBodyReader
{
    public static void Read(Inspection inspection, ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var names = new Stack<string>();
        var key = "";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        key = reader.GetString() ?? "";
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (key.Length > 0 && reader.TokenType == JsonTokenType.StartObject) inspection.CheckPair(RequestZone.Body, key, "");
                        names.Push(key);
                        if (reader.TokenType == JsonTokenType.StartObject) key = "";
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        key = names.Count > 0 ? names.Pop() : "";
                        break;
                    case JsonTokenType.String:
                        inspection.CheckPair(RequestZone.Body, key, reader.GetString() ?? "");
                        break;
                    default:
                        inspection.CheckPair(RequestZone.Body, key, System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            inspection.FireInternal(InternalRules.BadJson, RequestZone.Body);
        }
    }
}
