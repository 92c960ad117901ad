using ProxyServer.NginxConf.Naxsi;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// A query string or a urlencoded body: split on <c>&amp;</c>, then at the first <c>=</c>; a segment
/// without <c>=</c> is a value with no name. An empty segment is a format error (internal rule 12
/// for the query, 13 for a body).
/// </summary>
internal static class ArgumentReader
{
    public static void Read(Inspection inspection, ReadOnlySpan<byte> raw, RequestZone zone, int formatRuleId)
    {
        if (raw.IsEmpty) return;
        var emptySegment = false;
        while (true)
        {
            var amp = raw.IndexOf((byte)'&');
            var segment = amp < 0 ? raw : raw[..amp];
            if (segment.IsEmpty) emptySegment = true;
            else ReadPair(inspection, segment, zone);
            if (amp < 0) break;
            raw = raw[(amp + 1)..];
        }
        if (emptySegment) inspection.FireInternal(formatRuleId, zone);
    }

    private static void ReadPair(Inspection inspection, ReadOnlySpan<byte> segment, RequestZone zone)
    {
        var equals = segment.IndexOf((byte)'=');
        var problems = PercentDecoder.Problems.None;
        var name = equals < 0 ? "" : PercentDecoder.Decode(segment[..equals], ref problems);
        var value = PercentDecoder.Decode(equals < 0 ? segment : segment[(equals + 1)..], ref problems);
        inspection.Report(problems, zone, name);
        inspection.CheckPair(zone, name, value);
    }
}
