namespace ProxyServer.NginxConf.Directives;

/// <summary>
/// How many arguments a directive takes, as nginx's <c>NGX_CONF_NOARGS</c>, <c>NGX_CONF_TAKE1..7</c>,
/// <c>NGX_CONF_FLAG</c>, <c>NGX_CONF_ANY</c>, <c>NGX_CONF_1MORE</c>, <c>NGX_CONF_2MORE</c>; combine
/// the TAKE bits for <c>TAKE12</c>, <c>TAKE123</c>... Whether it opens a block is separate (<see cref="DirectiveSpec.IsBlock"/>).
/// </summary>
[Flags]
public enum Arity
{
    NoArgs = 1 << 0,
    Take1 = 1 << 1,
    Take2 = 1 << 2,
    Take3 = 1 << 3,
    Take4 = 1 << 4,
    Take5 = 1 << 5,
    Take6 = 1 << 6,
    Take7 = 1 << 7,
    /// <summary>One argument, <c>on</c> or <c>off</c>.</summary>
    Flag = 1 << 8,
    Any = 1 << 9,
    OneOrMore = 1 << 10,
    TwoOrMore = 1 << 11,

    Take12 = Take1 | Take2,
    Take13 = Take1 | Take3,
    Take23 = Take2 | Take3,
    Take123 = Take1 | Take2 | Take3,
    Take1234 = Take1 | Take2 | Take3 | Take4,
}

public static class ArityExtensions
{
    /// <summary>nginx allows at most 8 arguments for TAKEn directives (<c>NGX_CONF_MAX_ARGS</c>).</summary>
    public const int MaxTakeArguments = 8;

    /// <summary>The argument-count rule of <c>ngx_conf_handler</c>, in its order.</summary>
    public static bool Accepts(this Arity arity, int count)
    {
        if (arity.HasFlag(Arity.Any)) return true;
        if (arity.HasFlag(Arity.Flag)) return count == 1;
        if (arity.HasFlag(Arity.OneOrMore)) return count >= 1;
        if (arity.HasFlag(Arity.TwoOrMore)) return count >= 2;
        if (count > MaxTakeArguments - 1) return false;
        return ((int)arity & (1 << count)) != 0;
    }
}
