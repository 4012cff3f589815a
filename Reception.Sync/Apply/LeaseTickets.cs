using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>
/// Reserves a small block of ticket numbers of one service, for today, for one client: while
/// offline it hands them out, so a visitor gets a real ticket at once.
/// </summary>
public sealed record LeaseTickets(string? Branch, Guid ClientId, Guid ServiceId, int Count, Caller Caller)
    : ICommand<SyncReply<TicketLeaseDto>>;

/// <summary>
/// A leased block: numbers <c>First</c>…<c>Last</c> of a service for <c>Day</c>, the branch-local day in
/// <c>TimeZone</c> (an IANA id), which the client needs to tell, offline, when the block has expired.
/// </summary>
public sealed record TicketLeaseDto(Guid ServiceId, string Prefix, DateOnly Day, int First, int Last, string TimeZone);

/// <summary>What a client sends to lease tickets.</summary>
public sealed record LeaseRequest(string? Branch, Guid ClientId, Guid ServiceId, int Count);

public sealed class LeaseTicketsHandler(ReceptionDbContext db, BranchAccess access, ClientOwnership owners, TimeProvider clock)
    : ICommandHandler<LeaseTickets, SyncReply<TicketLeaseDto>>
{
    public const int MaxCount = 50;

    public async ValueTask<SyncReply<TicketLeaseDto>> Handle(LeaseTickets command, CancellationToken cancellationToken)
    {
        if (command.Count is < 1 or > MaxCount)
        {
            return SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.LeaseCount, ("max", MaxCount)));
        }

        if (command.ClientId == Guid.Empty)
        {
            return SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.LeaseClientMissing));
        }

        var (branch, problem) = await access.ResolveAsync(db, command.Branch, command.Caller, cancellationToken);
        if (branch is null)
        {
            return problem!;
        }

        if (await owners.ClaimAsync(db, command.Caller, [command.ClientId], cancellationToken) is { } notYours)
        {
            return notYours;
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockBranchAsync(branch.Id, command.ClientId, cancellationToken);
        var service = await db.Services.AsNoTracking()
            .SingleOrDefaultAsync(s => s.Id == command.ServiceId && s.BranchId == branch.Id && s.IsActive, cancellationToken);
        if (service is null)
        {
            return SyncProblem.NotFound(ProblemDetail.Of(ProblemDetailCodes.LeaseServiceUnknown, ("serviceId", command.ServiceId), ("branch", branch.Slug)));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var day = branch.LocalDay(now);
        var counter = await db.TicketCounters.FindAsync([service.Id, day], cancellationToken);
        if (counter is null)
        {
            counter = new TicketCounter { ServiceId = service.Id, Day = day };
            db.TicketCounters.Add(counter);
        }

        // From a range of its own, so the numbers given online stay 001, 002, 003… (TicketNumbers).
        var (first, last) = TicketNumbers.NextLease(counter.LastNumber, counter.LastLeased, command.Count);
        counter.LastLeased = last;
        db.TicketLeases.Add(new TicketLease
        {
            Id = Guid.NewGuid(), BranchId = branch.Id, ServiceId = service.Id, Day = day, ClientId = command.ClientId,
            First = first, Last = last, CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new TicketLeaseDto(service.Id, service.Prefix, day, first, last, branch.TimeZoneId);
    }
}
