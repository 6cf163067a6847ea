using System;
using System.Collections.Generic;

// Shape S7: a watchdog, holding a channel's pending-list lock, builds a report that asks the router
// for the channel's link: `_link ?? Open()`. Opening a link can fail, and a failure reaches, nine calls
// further down, the registry's table lock. The report only asks when the link already carries work
// (LinkLoad() reads 0 for a missing link, and the threshold is above 0), so Open() never runs on this
// path; shutting down takes the table lock, then the pending-list lock. The summary that says "asking
// for the link may take the table lock" cannot see the load test two calls above.
public sealed class Registry
{
    private readonly List<Channel> _table = new();

    public void Shutdown()
    {
        lock (_table)
        {
            foreach (var channel in _table) channel.Abort();
        }
    }

    public void Enlist(Channel channel)
    {
        lock (_table) { _table.Add(channel); }
    }
}

public sealed class Channel
{
    private readonly object _pending = new();
    private readonly Router _router;
    private int _inFlight;

    public Channel(Router router) => _router = router;

    public void Abort()
    {
        lock (_pending) { _inFlight = 0; }
    }

    public void Watchdog()
    {
        lock (_pending)
        {
            if (_inFlight > 0) Console.WriteLine(Reports.Describe(_router));
        }
    }
}

public static class Reports
{
    public const int BusyThreshold = 16;

    public static string Describe(Router router) =>
        router.LinkLoad() >= BusyThreshold ? router.LinkSummary() : "idle";
}

public sealed class Router
{
    private readonly Registry _registry;
    private Link? _link;

    public Router(Registry registry) => _registry = registry;

    public int LinkLoad() => _link?.Load ?? 0;

    public string LinkSummary() => GetLink().Summary();

    private Link GetLink() => _link ??= Open();

    private Link Open() => Dial(new Link());

    private Link Dial(Link link) => link.Connected ? link : Fail(link);

    private Link Fail(Link link) { Recover(); return link; }

    private void Recover() => Plan();

    private void Plan() => Rebuild();

    private void Rebuild() => Register();

    private void Register() => _registry.Enlist(new Channel(this));
}

public sealed class Link
{
    public int Load { get; set; }

    public bool Connected { get; set; }

    public string Summary() => "load " + Load;
}
