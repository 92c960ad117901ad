namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// nginx's durations (<c>ngx_parse_time</c>), read character by character: digits build a number, a
/// unit letter (<c>y M w d h m s ms</c>) closes it, so <c>1m30s</c> and <c>1m 30s</c> are the same.
/// Units must come in decreasing order; a number without a unit counts as seconds. Second-resolution
/// directives refuse <c>ms</c>; millisecond ones (most timeouts) refuse <c>y</c> and <c>M</c>.
/// </summary>
public static class NginxTime
{
    // Steps in the order units must appear; a unit is refused once a step at or past its own was taken.
    private enum Step { Start, Year, Month, Week, Day, Hour, Minute, Second, Millisecond, Last }

    // nginx 1.22 counts in a 64-bit ngx_int_t and refuses only what overflows it.
    private const long Max = long.MaxValue;

    /// <summary>Parses a millisecond-resolution value (<c>ngx_conf_set_msec_slot</c>).</summary>
    public static bool TryParse(string text, out TimeSpan value) => TryParse(text, secondsResolution: false, out value);

    /// <summary>Parses a second-resolution value (<c>ngx_conf_set_sec_slot</c>, e.g. <c>expires</c>, <c>fail_timeout</c>).</summary>
    public static bool TryParseSeconds(string text, out TimeSpan value) => TryParse(text, secondsResolution: true, out value);

    public static bool TryParse(string text, bool secondsResolution, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var unitOfBareNumber = secondsResolution ? 1L : 1000L;
        var step = secondsResolution ? Step.Start : Step.Month;
        long number = 0, total = 0; // total in the directive's resolution (seconds or milliseconds)
        var sawDigit = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i++];
            if (char.IsAsciiDigit(c))
            {
                if (number > (Max - (c - '0')) / 10) return false;
                number = number * 10 + (c - '0');
                sawDigit = true;
                continue;
            }
            var isMillis = c == 'm' && i < text.Length && text[i] == 's';
            if (isMillis) i++;
            if (Unit(c, isMillis) is not { } unit) return false;
            var (unitStep, seconds) = unit;
            // 'y' may only open the value; every other unit must come after a larger one ('ms' never in seconds).
            var refused = unitStep switch
            {
                Step.Year => step > Step.Start,
                Step.Millisecond => secondsResolution || step >= Step.Millisecond,
                Step.Last => step >= Step.Second,
                _ => step >= unitStep,
            };
            if (refused) return false;
            step = unitStep;

            long scale, max;
            if (unitStep == Step.Millisecond) (scale, max) = (1, Max);
            else if (secondsResolution) (scale, max) = (seconds, Max / seconds);
            else (scale, max) = (seconds * 1000, Max / seconds / 1000);
            if (number > max || total > Max - number * scale) return false;
            total += number * scale;
            number = 0;
            while (i < text.Length && text[i] == ' ') i++;
        }
        if (!sawDigit) return false;
        // A trailing number without a unit counts as seconds.
        if (number > Max / unitOfBareNumber || total > Max - number * unitOfBareNumber) return false;
        var result = total + number * unitOfBareNumber;
        // Accepted as nginx does, but held at 2^31-1 units: timers (Kestrel, HttpClient) take at most
        // that many milliseconds, and 68 years is forever for an Expires date or a fail_timeout.
        var held = Math.Min(result, int.MaxValue);
        value = secondsResolution ? TimeSpan.FromSeconds(held) : TimeSpan.FromMilliseconds(held);
        return true;
    }

    /// <summary>The step a unit character takes and its length in seconds; a space ends a bare number of seconds.</summary>
    private static (Step, long)? Unit(char c, bool isMillis) => c switch
    {
        'y' => (Step.Year, 365L * 24 * 3600),
        'M' => (Step.Month, 30L * 24 * 3600),
        'w' => (Step.Week, 7L * 24 * 3600),
        'd' => (Step.Day, 24L * 3600),
        'h' => (Step.Hour, 3600),
        'm' when isMillis => (Step.Millisecond, 1),
        'm' => (Step.Minute, 60),
        's' => (Step.Second, 1),
        ' ' => (Step.Last, 1),
        _ => null,
    };
}
