namespace ProxyServer.Runtime.Http;

/// <summary>One satisfiable range: <see cref="Start"/> inclusive, <see cref="End"/> exclusive.</summary>
public readonly record struct ByteRange(long Start, long End)
{
    public long Length => End - Start;
}

public enum RangeVerdict { Whole, Partial, NotSatisfiable }

/// <summary>
/// nginx's Range header parser (ngx_http_range_parse), byte for byte: spaces allowed around
/// numbers, suffix ranges, open ends; an unparsable header is 416, not "ignore"; overlapping
/// ranges whose total exceeds the file, or more than <c>max_ranges</c>, send the whole file.
/// </summary>
public static class ByteRanges
{
    public static RangeVerdict Parse(string header, long contentLength, int maxRanges, out List<ByteRange> ranges)
    {
        ranges = [];
        var p = 6; // after "bytes="
        long size = 0;
        var remaining = maxRanges;
        const long cutoff = long.MaxValue / 10;
        const long cutlim = long.MaxValue % 10;
        char At(int i) => i < header.Length ? header[i] : '\0';

        while (true)
        {
            long start = 0, end = 0;
            var suffix = false;
            while (At(p) == ' ') p++;
            var openEnded = false;
            if (At(p) != '-')
            {
                if (At(p) is < '0' or > '9') return RangeVerdict.NotSatisfiable;
                while (At(p) is >= '0' and <= '9')
                {
                    if (start >= cutoff && (start > cutoff || At(p) - '0' > cutlim)) return RangeVerdict.NotSatisfiable;
                    start = start * 10 + (At(p++) - '0');
                }
                while (At(p) == ' ') p++;
                if (At(p++) != '-') return RangeVerdict.NotSatisfiable;
                while (At(p) == ' ') p++;
                if (At(p) is ',' or '\0')
                {
                    end = contentLength;
                    openEnded = true;
                }
            }
            else
            {
                suffix = true;
                p++;
            }

            if (!openEnded)
            {
                if (At(p) is < '0' or > '9') return RangeVerdict.NotSatisfiable;
                while (At(p) is >= '0' and <= '9')
                {
                    if (end >= cutoff && (end > cutoff || At(p) - '0' > cutlim)) return RangeVerdict.NotSatisfiable;
                    end = end * 10 + (At(p++) - '0');
                }
                while (At(p) == ' ') p++;
                if (At(p) is not (',' or '\0')) return RangeVerdict.NotSatisfiable;
                if (suffix)
                {
                    start = end < contentLength ? contentLength - end : 0;
                    end = contentLength - 1;
                }
                end = end >= contentLength ? contentLength : end + 1;
            }

            if (start < end)
            {
                ranges.Add(new ByteRange(start, end));
                if (size > long.MaxValue - (end - start)) return RangeVerdict.NotSatisfiable;
                size += end - start;
                if (remaining-- == 0) return RangeVerdict.Whole;
            }
            else if (start == 0)
            {
                return RangeVerdict.Whole;
            }

            if (At(p++) != ',') break;
        }

        if (ranges.Count == 0) return RangeVerdict.NotSatisfiable;
        return size > contentLength ? RangeVerdict.Whole : RangeVerdict.Partial;
    }
}
