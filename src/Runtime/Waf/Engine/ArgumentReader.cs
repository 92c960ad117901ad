using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// A query string or a urlencoded body: split on <c>&amp;</c>, then at the first <c>=</c>; a segment
/// without <c>=</c> is a value with no name. A trailing <c>&amp;</c> raises internal rule 12 before
/// any pair is checked, and each empty segment raises it where it stands, even after a pair that
/// blocked; a non-empty pair after a block is not checked (all as nginx+naxsi logs them, for the
/// query and for a body alike).
/// </summary>
internal static class ArgumentReader
{
    public static void Read(Inspection inspection, ReadOnlySpan<byte> raw, RequestZone zone)
    {
        if (raw.IsEmpty) return;
        if (raw[^1] == '&')
        {
            inspection.FireInternal(InternalRules.BadUrlFormat, zone);
            raw = raw[..^1];
        }
        while (true)
        {
            var amp = raw.IndexOf((byte)'&');
            var segment = amp < 0 ? raw : raw[..amp];
            if (segment.IsEmpty)
            {
                if (amp >= 0) inspection.FireInternal(InternalRules.BadUrlFormat, zone);
            }
            else
            {
                if (inspection.Stopped) return;
                ReadPair(inspection, segment, zone);
            }
            if (amp < 0) return;
            raw = raw[(amp + 1)..];
        }
    }

    private static void ReadPair(Inspection inspection, ReadOnlySpan<byte> segment, RequestZone zone)
    {
        var equals = segment.IndexOf((byte)'=');
        var nameProblems = PercentDecoder.Problems.None;
        var valueProblems = PercentDecoder.Problems.None;
        var name = equals < 0 ? "" : PercentDecoder.Decode(segment[..equals], ref nameProblems);
        var value = PercentDecoder.Decode(equals < 0 ? segment : segment[(equals + 1)..], ref valueProblems);
        inspection.Report(nameProblems, zone, name, inName: true);
        inspection.Report(valueProblems, zone, name);
        inspection.CheckPair(zone, name, value);
    }
}
