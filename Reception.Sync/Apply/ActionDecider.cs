using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Merge;
using Reception.Sync.Visitors;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>
/// Decides one parsed action under the branch lock: loads what it needs (the visit, the desk, the
/// service, the next ticket, callNext's pick) and hands it to the pure merge core (Registration,
/// DetailsMerge, StatusMachine). Writes nothing but a ticket counter; the decision says what to write.
/// </summary>
public sealed class ActionDecider(ReceptionDbContext db, BranchCatalog catalog, IOptions<SyncOptions> options)
{
    /// <summary>The visit an action names, for the lock to read with it (see <see cref="BranchUnitOfWork.ClientAsync"/>).</summary>
    public static Guid? VisitOf(ParsedAction? action) => action switch
    {
        RegisterAction r => r.VisitId,
        EditAction e => e.VisitId,
        TransitionAction t => t.VisitId,
        PostponeAction p => p.VisitId,
        _ => null,
    };

    /// <summary>
    /// The ticket counter a registration moves, for the lock to read with it: its service's, on the
    /// branch's day at <paramref name="utcNow"/> (when the day turns meanwhile, the decision reads its own).
    /// </summary>
    public static CounterKey? CounterOf(ParsedAction? action, BranchRef branch, DateTime utcNow) =>
        action is RegisterAction r ? new CounterKey(r.ServiceId, branch.LocalDay(utcNow)) : null;

    public async Task<Decision> DecideAsync(BranchUnitOfWork work, Caller caller, Guid clientId, ParsedAction action,
        DateTime? lastContact, long version, DateTime now, CancellationToken cancellationToken)
    {
        var branch = work.Branch;
        switch (action)
        {
            case RegisterAction r:
            {
                var exists = work.VisitRead(r.VisitId)
                    ? db.Visits.Local.FindEntry(r.VisitId) is not null
                    : work.Registered.Exists(v => v.Id == r.VisitId) || await db.Visits.AnyAsync(v => v.Id == r.VisitId, cancellationToken);
                if (exists)
                {
                    return Decision.Reject(Reason.Of(ReasonCodes.VisitExists, ("visitId", r.VisitId)));
                }

                var service = await catalog.ServiceAsync(db, branch.Id, r.ServiceId, cancellationToken);
                if (service is null || !service.IsActive)
                {
                    return service is null
                        ? Decision.Reject(Reason.Of(ReasonCodes.ServiceUnknown, ("serviceId", r.ServiceId), ("branch", branch.Slug)))
                        : Decision.Reject(Reason.Of(ReasonCodes.ServiceClosed, ("service", service.Name)));
                }

                var day = branch.LocalDay(now);
                var number = await LeasedTicketAsync(branch, service, clientId, r.Ticket, day, work, cancellationToken)
                             ?? await NextTicketAsync(service.Id, day, cancellationToken);
                var state = Registration.Create(r.VisitId, service.Id, Registration.TicketLabel(service.Prefix, number),
                    r.Name, r.Phone, r.Notes, r.Priority, Registration.ClampArrival(r.ArrivedAt, lastContact, now),
                    version, now) with { Code = VisitCodes.New(), Channel = caller.Channel };
                var entity = new Visit
                {
                    Id = r.VisitId, BranchId = branch.Id, TicketDay = day, TicketNumber = number, Ticket = state.Ticket,
                    Name = state.Name,
                };
                return Decision.From(MergeResult.Applied(state), entity, isNew: true);
            }

            case EditAction e:
            {
                var (entity, problem) = await FindVisitAsync(work, e.VisitId, cancellationToken);
                return entity is null
                    ? Decision.Reject(problem!)
                    : await WithAuthorsAsync(branch,
                        Decision.From(DetailsMerge.Apply(entity.AsState(), e.Edits, e.Base, version, now), entity), cancellationToken);
            }

            case TransitionAction t:
            {
                var (entity, problem) = await FindVisitAsync(work, t.VisitId, cancellationToken);
                if (entity is null)
                {
                    return Decision.Reject(problem!);
                }

                var (deskName, bad) = await CheckReferencesAsync(branch, t.Transition, cancellationToken);
                if ((bad ?? (t.Transition.DeskId is { } deskId ? caller.WhyNotAtDesk(deskId, deskName!) : null)) is { } refused)
                {
                    return Decision.Reject(refused);
                }

                if (t.Transition.Kind == TransitionKind.Call && entity.Status != VisitStatus.Called
                    && await ClosedServiceNameAsync(work, entity.ServiceId, cancellationToken) is { } closed)
                {
                    return Decision.Reject(Reason.Of(ReasonCodes.ServiceClosed, ("service", closed)));
                }

                var transition = t.Transition.Kind == TransitionKind.Reinstate
                    ? t.Transition with { Today = branch.LocalDay(now) }
                    : t.Transition;
                return await WithAuthorsAsync(branch,
                    Decision.From(StatusMachine.Apply(entity.AsState(), transition, version, now), entity, deskName: deskName),
                    cancellationToken);
            }

            case CallNextAction c:
            {
                var waited = CallNextDeadline.Waited(c.QueuedAt, work.Timing, now);
                if (CallNextDeadline.Expired(waited, options.Value.CallNextMaxDelay) is { } stale)
                {
                    return Decision.Reject(stale);
                }

                var desk = await catalog.DeskAsync(db, branch.Id, c.DeskId, cancellationToken);
                if (desk is null || !desk.IsActive)
                {
                    return Decision.Reject(Reason.Of(ReasonCodes.DeskUnknown, ("deskId", c.DeskId), ("branch", branch.Slug)));
                }

                if (caller.WhyNotAtDesk(desk.Id, desk.Name) is { } notHere)
                {
                    return Decision.Reject(notHere);
                }

                var serviceIds = c.ServiceIds is { Count: > 0 } ids ? ids.ToList() : desk.ServiceIds.ToList();

                // The pick is a query: it must see what earlier actions of this transaction wrote.
                await work.SaveAsync(cancellationToken);

                // The branch lock is held: no other desk can pick the same visitor before this commits.
                // Read from the table, not the catalog's few seconds old copy: a closed service is never called from.
                var next = await db.Visits
                    .Where(v => v.BranchId == branch.Id && v.Status == VisitStatus.Waiting
                                && (serviceIds.Count == 0 || serviceIds.Contains(v.ServiceId))
                                && db.Services.Any(s => s.Id == v.ServiceId && s.IsActive))
                    .OrderInQueue()
                    .FirstOrDefaultAsync(cancellationToken);
                return next is null
                    ? Decision.Nobody(Reason.Of(ReasonCodes.NobodyWaiting))
                    : Decision.From(
                        StatusMachine.Apply(next.AsState(), new Transition(TransitionKind.Call, desk.Id), version, now), next,
                        deskName: desk.Name);
            }

            case PostponeAction p:
                return await PostponeAsync(work, p, version, now, cancellationToken);

            default:
                throw new ArgumentOutOfRangeException(nameof(action), action.GetType().Name);
        }
    }

    /// <summary>Moves a waiting visitor behind the next few of their line (same service and priority), once.</summary>
    private async Task<Decision> PostponeAsync(BranchUnitOfWork work, PostponeAction p, long version, DateTime now,
        CancellationToken cancellationToken)
    {
        var branch = work.Branch;
        var places = await db.Branches.AsNoTracking().Where(b => b.Id == branch.Id).Select(b => b.PostponePlaces)
            .SingleAsync(cancellationToken);
        var (entity, problem) = await FindVisitAsync(work, p.VisitId, cancellationToken);
        if (entity is null || places <= 0 || entity.Postponed)
        {
            return Decision.Reject(problem ?? (places <= 0
                ? Reason.Of(ReasonCodes.PostponeOff)
                : Reason.Of(ReasonCodes.PostponeTwice, ("ticket", entity!.Ticket))));
        }

        // The line is a query: it must see what earlier actions of this transaction wrote.
        await work.SaveAsync(cancellationToken);
        var line = await db.Visits.AsNoTracking()
            .Where(v => v.BranchId == branch.Id && v.Status == VisitStatus.Waiting && v.ServiceId == entity.ServiceId
                        && v.Priority == entity.Priority)
            .OrderInQueue()
            .Select(v => new { v.Id, Queued = v.ReinstatedAt ?? v.ArrivedAt })
            .ToListAsync(cancellationToken);
        var at = line.FindIndex(v => v.Id == entity.Id);
        var behind = at < 0 || at == line.Count - 1 ? (DateTime?)null : line[Math.Min(line.Count - 1, at + places)].Queued;
        return Decision.From(Postpone.Apply(entity.AsState(), behind, version, now), entity);
    }

    /// <summary>A conflict names who made each winning change, so a desk can say "Desk 1 changed the phone first".</summary>
    private async Task<Decision> WithAuthorsAsync(BranchRef branch, Decision decision, CancellationToken cancellationToken)
    {
        if (decision.Merge is not { IsConflict: true } merge)
        {
            return decision;
        }

        var versions = merge.Conflicts.Select(c => c.ServerVersion).OfType<long>().Distinct().ToList();
        // A change written earlier in this batch is not saved yet: it is only in the tracker.
        var rows = db.Changes.Local.Where(c => c.BranchId == branch.Id && versions.Contains(c.Version))
            .Select(c => (c.Version, c.By, c.DeskId)).ToList();
        var missing = versions.Except(rows.Select(r => r.Version)).ToList();
        if (missing.Count > 0)
        {
            rows.AddRange((await db.Changes.AsNoTracking()
                    .Where(c => c.BranchId == branch.Id && missing.Contains(c.Version))
                    .Select(c => new { c.Version, c.By, c.DeskId }).ToListAsync(cancellationToken))
                .Select(r => (r.Version, r.By, r.DeskId)));
        }

        var authors = new Dictionary<long, ConflictAuthor>();
        foreach (var (changeVersion, by, deskId) in rows)
        {
            var desk = deskId is { } id ? (await catalog.DeskAsync(db, branch.Id, id, cancellationToken))?.Name : null;
            authors[changeVersion] = new ConflictAuthor(by, desk);
        }

        return decision with { Authors = authors };
    }

    private async Task<(Visit? Visit, Reason? Problem)> FindVisitAsync(BranchUnitOfWork work, Guid visitId,
        CancellationToken cancellationToken)
    {
        var branch = work.Branch;
        var visit = work.VisitRead(visitId)
            ? db.Visits.Local.FindEntry(visitId)?.Entity
            : await db.Visits.FindAsync([visitId], cancellationToken);
        return visit switch
        {
            null => (null, Reason.Of(ReasonCodes.VisitUnknown, ("visitId", visitId))),
            _ when visit.BranchId != branch.Id => (null, Reason.Of(ReasonCodes.VisitOtherBranch, ("visitId", visitId))),
            _ => (visit, null),
        };
    }

    /// <summary>The service's name when it is closed (read from the table, or with the visit under the lock: closing takes effect at once); null when open.</summary>
    private async Task<string?> ClosedServiceNameAsync(BranchUnitOfWork work, Guid serviceId, CancellationToken cancellationToken) =>
        work.ServiceRead(serviceId, out var closed) ? closed : await db.Services.AsNoTracking().Where(s => s.Id == serviceId && !s.IsActive).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The desk's name when the transition names a desk; or why a referenced desk or service is not usable.</summary>
    private async Task<(string? DeskName, Reason? Problem)> CheckReferencesAsync(BranchRef branch, Transition transition,
        CancellationToken cancellationToken)
    {
        string? deskName = null;
        if (transition.DeskId is { } deskId)
        {
            deskName = await catalog.DeskAsync(db, branch.Id, deskId, cancellationToken) is { IsActive: true } desk
                ? desk.Name
                : null;
            if (deskName is null)
            {
                return (null, Reason.Of(ReasonCodes.DeskUnknown, ("deskId", deskId), ("branch", branch.Slug)));
            }
        }

        if (transition.ServiceId is { } serviceId
            && await catalog.ServiceAsync(db, branch.Id, serviceId, cancellationToken) is not { IsActive: true })
        {
            return (null, Reason.Of(ReasonCodes.ServiceNotOpen, ("serviceId", serviceId), ("branch", branch.Slug)));
        }

        return (deskName, null);
    }

    /// <summary>
    /// The leased number the client showed the visitor, if it is still good: leased by this client,
    /// for this service, today, and not yet on a visit. Otherwise the visitor gets a fresh number
    /// (the result's ticket replaces the one shown).
    /// </summary>
    private async Task<int?> LeasedTicketAsync(BranchRef branch, CatalogService service, Guid clientId, int? ticket, DateOnly day,
        BranchUnitOfWork work, CancellationToken cancellationToken)
    {
        if (ticket is not { } n)
        {
            return null;
        }

        var leased = await db.TicketLeases.AnyAsync(l => l.ClientId == clientId && l.ServiceId == service.Id && l.Day == day
                                                         && l.First <= n && n <= l.Last, cancellationToken);
        if (!leased)
        {
            return null;
        }

        var label = Registration.TicketLabel(service.Prefix, n);
        return work.Registered.Exists(v => v.TicketDay == day && v.Ticket == label)
               || await db.Visits.AnyAsync(v => v.BranchId == branch.Id && v.TicketDay == day && v.Ticket == label, cancellationToken)
            ? null
            : n;
    }

    /// <summary>The next online number: consecutive from 1 whatever is leased (TicketNumbers).</summary>
    private async Task<int> NextTicketAsync(Guid serviceId, DateOnly day, CancellationToken cancellationToken)
    {
        var counter = await db.TicketCounters.FindAsync([serviceId, day], cancellationToken);
        if (counter is null)
        {
            counter = new TicketCounter { ServiceId = serviceId, Day = day };
            db.TicketCounters.Add(counter);
        }

        counter.LastNumber = TicketNumbers.NextOnline(counter.LastNumber, counter.LastLeased);
        return counter.LastNumber;
    }
}
