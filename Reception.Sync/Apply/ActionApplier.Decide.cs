using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

public sealed partial class ActionApplier
{
    /// <summary>A visit state to store, on the entity it goes into.</summary>
    /// <param name="DeskName">The desk's name, for an announcement.</param>
    private sealed record Write(Visit Entity, VisitState State, bool IsNew, Announcement Announce, string? DeskName);

    /// <summary>What the pipeline decided for one action, before anything is written.</summary>
    private sealed record Decision(MergeResult? Merge, string? Rejection, string? Note, Write? Write)
    {
        public static Decision Reject(string reason) => new(null, reason, null, null);

        public static Decision Nobody(string note) => new(null, null, note, null);

        public static Decision From(MergeResult merge, Visit entity, bool isNew = false, string? deskName = null) =>
            new(merge, null, null, merge.Changed ? new Write(entity, merge.Visit, isNew, merge.Announce, deskName) : null);

        public ActionResult ToResult(long mutationId, long version, string branch) => this switch
        {
            { Rejection: { } reason } => ActionResult.Rejected(mutationId, reason),
            { Merge: { IsConflict: true } m } => new ActionResult
            {
                MutationId = mutationId, Status = ResultStatus.Conflict, Code = 409,
                Version = m.Changed ? version : null, Visit = m.Visit.AsDto(branch), Reason = m.Reason,
                Conflicts = m.Conflicts.Select(c => new ConflictDto(c.Field, c.ServerValue, c.ServerVersion)).ToList(),
            },
            { Merge: { } m } => new ActionResult
            {
                MutationId = mutationId, Status = ResultStatus.Applied, Code = 200, Version = m.Visit.Version,
                Visit = m.Visit.AsDto(branch),
            },
            _ => new ActionResult { MutationId = mutationId, Status = ResultStatus.Applied, Code = 200, Reason = Note },
        };
    }

    private async Task<Decision> DecideAsync(BranchRef branch, Caller caller, Guid clientId, ParsedAction action, Held held,
        DateTime? lastContact, long version, DateTime now, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case RegisterAction r:
            {
                if (held.Registered.Exists(v => v.Id == r.VisitId) || await db.Visits.AnyAsync(v => v.Id == r.VisitId, cancellationToken))
                {
                    return Decision.Reject($"A visit with id {r.VisitId} already exists; a new visitor needs a new id.");
                }

                var service = await catalog.ServiceAsync(db, branch.Id, r.ServiceId, cancellationToken);
                if (service is null || !service.IsActive)
                {
                    return Decision.Reject(service is null
                        ? $"There is no service {r.ServiceId} at branch '{branch.Slug}'. Reload the list of services."
                        : $"The service {service.Name} is closed; register the visitor for another service.");
                }

                var day = branch.LocalDay(now);
                var number = await LeasedTicketAsync(branch, service, clientId, r.Ticket, day, held, cancellationToken)
                             ?? await NextTicketAsync(service.Id, day, cancellationToken);
                var state = Registration.Create(r.VisitId, service.Id, Registration.TicketLabel(service.Prefix, number),
                    r.Name, r.Phone, r.Notes, r.Priority, Registration.ClampArrival(r.ArrivedAt, lastContact, now),
                    version, now);
                var entity = new Visit
                {
                    Id = r.VisitId, BranchId = branch.Id, TicketDay = day, TicketNumber = number, Ticket = state.Ticket,
                    Name = state.Name,
                };
                return Decision.From(MergeResult.Applied(state), entity, isNew: true);
            }

            case EditAction e:
            {
                var (entity, problem) = await FindVisitAsync(branch, e.VisitId, cancellationToken);
                return entity is null
                    ? Decision.Reject(problem!)
                    : Decision.From(DetailsMerge.Apply(entity.AsState(), e.Edits, e.Base, version, now), entity);
            }

            case TransitionAction t:
            {
                var (entity, problem) = await FindVisitAsync(branch, t.VisitId, cancellationToken);
                if (entity is null)
                {
                    return Decision.Reject(problem!);
                }

                var (deskName, bad) = await CheckReferencesAsync(branch, t.Transition, cancellationToken);
                if ((bad ?? (t.Transition.DeskId is { } deskId ? caller.WhyNotAtDesk(deskId, deskName!) : null)) is { } refused)
                {
                    return Decision.Reject(refused);
                }

                return Decision.From(StatusMachine.Apply(entity.AsState(), t.Transition, version, now), entity, deskName: deskName);
            }

            case CallNextAction c:
            {
                var waited = CallNextDeadline.Waited(c.QueuedAt, held.Timing, now);
                if (CallNextDeadline.Expired(waited, options.Value.CallNextMaxDelay) is { } stale)
                {
                    return Decision.Reject(stale);
                }

                var desk = await catalog.DeskAsync(db, branch.Id, c.DeskId, cancellationToken);
                if (desk is null || !desk.IsActive)
                {
                    return Decision.Reject($"There is no open desk {c.DeskId} at branch '{branch.Slug}'.");
                }

                if (caller.WhyNotAtDesk(desk.Id, desk.Name) is { } notHere)
                {
                    return Decision.Reject(notHere);
                }

                var serviceIds = c.ServiceIds is { Count: > 0 } ids ? ids.ToList() : desk.ServiceIds.ToList();

                // The pick is a query: it must see what earlier actions of this transaction wrote.
                await SaveAsync(held, cancellationToken);

                // The branch lock is held: no other desk can pick the same visitor before this commits.
                var next = await db.Visits
                    .Where(v => v.BranchId == branch.Id && v.Status == VisitStatus.Waiting
                                && (serviceIds.Count == 0 || serviceIds.Contains(v.ServiceId)))
                    .OrderInQueue()
                    .FirstOrDefaultAsync(cancellationToken);
                return next is null
                    ? Decision.Nobody("No one is waiting for this desk's services.")
                    : Decision.From(
                        StatusMachine.Apply(next.AsState(), new Transition(TransitionKind.Call, desk.Id), version, now), next,
                        deskName: desk.Name);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(action), action.GetType().Name);
        }
    }

    private async Task<(Visit? Visit, string? Problem)> FindVisitAsync(BranchRef branch, Guid visitId,
        CancellationToken cancellationToken)
    {
        var visit = await db.Visits.FindAsync([visitId], cancellationToken);
        return visit switch
        {
            null => (null, $"There is no visit {visitId}. It may not have synced yet; register it first."),
            _ when visit.BranchId != branch.Id => (null, $"Visit {visitId} belongs to another branch."),
            _ => (visit, null),
        };
    }

    /// <summary>The desk's name when the transition names a desk; or why a referenced desk or service is not usable.</summary>
    private async Task<(string? DeskName, string? Problem)> CheckReferencesAsync(BranchRef branch, Transition transition,
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
                return (null, $"There is no open desk {deskId} at branch '{branch.Slug}'.");
            }
        }

        if (transition.ServiceId is { } serviceId
            && await catalog.ServiceAsync(db, branch.Id, serviceId, cancellationToken) is not { IsActive: true })
        {
            return (null, $"There is no open service {serviceId} at branch '{branch.Slug}'.");
        }

        return (deskName, null);
    }

    /// <summary>
    /// The leased number the client showed the visitor, if it is still good: leased by this client,
    /// for this service, today, and not yet on a visit. Otherwise the visitor gets a fresh number
    /// (the result's ticket replaces the one shown).
    /// </summary>
    private async Task<int?> LeasedTicketAsync(BranchRef branch, CatalogService service, Guid clientId, int? ticket, DateOnly day,
        Held held, CancellationToken cancellationToken)
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
        return held.Registered.Exists(v => v.TicketDay == day && v.Ticket == label)
               || await db.Visits.AnyAsync(v => v.BranchId == branch.Id && v.TicketDay == day && v.Ticket == label, cancellationToken)
            ? null
            : n;
    }

    private async Task<int> NextTicketAsync(Guid serviceId, DateOnly day, CancellationToken cancellationToken)
    {
        var counter = await db.TicketCounters.FindAsync([serviceId, day], cancellationToken);
        if (counter is null)
        {
            counter = new TicketCounter { ServiceId = serviceId, Day = day };
            db.TicketCounters.Add(counter);
        }

        return ++counter.LastNumber;
    }
}
