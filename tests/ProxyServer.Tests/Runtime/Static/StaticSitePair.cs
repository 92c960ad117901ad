using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Static;

/// <summary>
/// A <see cref="StaticSite"/> served by nginx and by us under one config: the class fixture of
/// the static differential tests, each of which only says what config it serves the site with.
/// </summary>
public abstract class StaticSitePair : IDisposable
{
    protected StaticSitePair(Func<StaticSite, string> httpTemplate, int portCount = 1)
    {
        Pair = DifferentialPair.StartHttp(httpTemplate(Site), portCount);
    }

    public StaticSite Site { get; } = new();

    public DifferentialPair Pair { get; }

    public void Dispose()
    {
        Pair.Dispose();
        Site.Dispose();
        GC.SuppressFinalize(this);
    }
}
