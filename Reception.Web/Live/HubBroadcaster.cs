using System.Diagnostics;
using Mediator;
using Microsoft.AspNetCore.SignalR;
using Reception.Sync.Feed;
using Reception.Sync.Telemetry;

namespace Reception.Web.Live;

/// <summary>
/// Sends each commit to its branch's group. It runs after the commit (the pipeline publishes
/// only then); with Redis configured the backplane carries it to every instance. Each commit's send is the
/// span <c>reception.broadcast</c> (in the push's trace) and a <c>reception.broadcast.delay</c> measurement.
/// </summary>
public sealed class HubBroadcaster(IHubContext<QueueHub, IReceptionClient> hub, ReceptionTelemetry telemetry)
    : INotificationHandler<ChangesCommitted>, INotificationHandler<BranchNotified>
{
    public static string GroupOf(string branch) => "branch:" + branch;

    public async ValueTask Handle(ChangesCommitted notification, CancellationToken cancellationToken)
    {
        using var activity = ReceptionTelemetry.Start(ReceptionTelemetry.BroadcastSpan, notification.Branch);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(ReceptionTelemetry.FromVersionAttribute, notification.FromVersion);
            activity.SetTag(ReceptionTelemetry.ToVersionAttribute, notification.ToVersion);
        }

        var group = hub.Clients.Group(GroupOf(notification.Branch));
        await group.Changes(new ChangesMessage(notification.Branch, notification.FromVersion, notification.ToVersion,
            notification.Items));
        telemetry.BroadcastDelay.Record(Stopwatch.GetElapsedTime(notification.CommittedAt).TotalSeconds);
        foreach (var n in notification.Notifications)
        {
            await group.Notify(n);
        }
    }

    public async ValueTask Handle(BranchNotified notification, CancellationToken cancellationToken) =>
        await hub.Clients.Group(GroupOf(notification.Branch)).Notify(notification.Notification);
}
