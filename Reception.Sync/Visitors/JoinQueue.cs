using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Wire;

namespace Reception.Sync.Visitors;

/// <summary>
/// A visitor joins the queue from their own phone (/join/{branch}): a <c>register</c> with channel
/// remote, through the same pipeline as a desk's.
/// </summary>
/// <param name="Key">The submission's key, made with the form: the clientId of its one action
/// (mutation 1), owned by "join:{key}", and through a one-way hash the new visit's id. The same form
/// sent twice (a double tap, a resubmit after a lost answer) is the same action: one ticket, and both
/// answers open it. Visit ids reach desks and screens; the key never leaves the visitor's form, and
/// cannot be worked out from the id, so nobody else's submission can open this ticket.</param>
/// <param name="Device">The device's long-lived cookie id.</param>
/// <param name="Address">A hash of the network address it came from.</param>
public sealed record JoinQueue(string? Branch, Guid Key, Guid? ServiceId, string? Name, string? Phone, string Device, string Address)
    : ICommand<JoinReply>;

public enum JoinOutcome
{
    /// <summary>In the queue: <see cref="JoinReply.Code"/> opens the status page.</summary>
    Joined,

    /// <summary>Something typed or picked is refused (<see cref="JoinReply.Field"/> says which, when one).</summary>
    Invalid,

    /// <summary>Joining is off, outside hours, or the branch is gone: the form is not offered.</summary>
    Unavailable,

    /// <summary>The device or address already holds as many open tickets as it may (<see cref="JoinReply.Code"/>: the device's own, if any).</summary>
    TooMany,

    /// <summary>Taken, but not yet applied (the database was briefly unavailable): send the same form again.</summary>
    Pending,
}

/// <param name="Field">The form field a refusal is about (ServiceId, Name, Phone), or null.</param>
/// <param name="Reason">Why not, as one of <see cref="JoinReasons"/>: the page says it in the visitor's language.</param>
public sealed record JoinReply(JoinOutcome Outcome, string? Code = null, string? Field = null, string? Reason = null);

/// <summary>Why a visitor could not join: machines read these codes; the page writes the sentence ("join.error.{reason}").</summary>
public static class JoinReasons
{
    public const string Incomplete = "incomplete";
    public const string Pending = "pending";
    public const string Refused = "refused";
    public const string Service = "service";
    public const string NameMissing = "nameMissing";
    public const string NameTooLong = "nameTooLong";
    public const string NameCharacters = "nameCharacters";
    public const string PhoneMissing = "phoneMissing";
    public const string PhoneTooLong = "phoneTooLong";
    public const string PhoneCharacters = "phoneCharacters";
    public const string Device = "device";
    public const string Address = "address";
}

public sealed class JoinQueueHandler(ReceptionDbContext db, IMediator mediator, IOptions<JoinOptions> options, TimeProvider clock)
    : ICommandHandler<JoinQueue, JoinReply>
{
    private static readonly VisitStatus[] Open = [VisitStatus.Waiting, VisitStatus.Called];

    /// <summary>
    /// One join at a time per branch, in this process. That is enough across instances too: nginx
    /// sends each address to one instance (ip_hash), and a device's cookie travels with its address.
    /// </summary>
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Gates = new();

    public async ValueTask<JoinReply> Handle(JoinQueue command, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetJoinForm(command.Branch), cancellationToken) is not { } form)
        {
            return new JoinReply(JoinOutcome.Unavailable);
        }

        if (command.Key == Guid.Empty)
        {
            return new JoinReply(JoinOutcome.Invalid, Reason: JoinReasons.Incomplete);
        }

        var visitId = VisitOf(command.Key);

        // A submission already taken answers with its ticket, whatever has changed since (hours, limits).
        if (await CodeOfAsync(visitId, form.BranchId, cancellationToken) is { } done)
        {
            return new JoinReply(JoinOutcome.Joined, done);
        }

        if (form.State != JoinState.Open)
        {
            return new JoinReply(JoinOutcome.Unavailable);
        }

        if (Invalid(form, command) is { } invalid)
        {
            return invalid;
        }

        // Counting the open tickets and recording the new one happen under the branch's join lock, or
        // two submissions sent at once from one phone would both be under the limit.
        var gate = Gates.GetOrAdd(form.BranchId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await JoinAsync(form, visitId, command, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<JoinReply> JoinAsync(JoinForm form, Guid visitId, JoinQueue command, CancellationToken cancellationToken)
    {
        // The same submission may have been taken while this one waited for the lock.
        if (await CodeOfAsync(visitId, form.BranchId, cancellationToken) is { } done)
        {
            return new JoinReply(JoinOutcome.Joined, done);
        }

        if (await LimitAsync(form.BranchId, command, cancellationToken) is { } tooMany)
        {
            return tooMany;
        }

        var caller = new Caller("remote visitor", CallerKind.Visitor, form.BranchId, "join:" + command.Key);
        var action = new SyncAction
        {
            ClientId = command.Key, MutationId = 1, VisitId = visitId, Type = ActionTypes.Register,
            Args = JsonSerializer.SerializeToElement(string.IsNullOrWhiteSpace(command.Phone)
                ? new Dictionary<string, object?> { ["serviceId"] = command.ServiceId, ["name"] = command.Name }
                : new Dictionary<string, object?> { ["serviceId"] = command.ServiceId, ["name"] = command.Name, ["phone"] = command.Phone }),
        };
        var reply = await mediator.Send(new PushActions(form.Slug, [action], caller), cancellationToken);
        var result = reply.Value is { Results: [var r] } ? r.Original ?? r : null;
        switch (result?.Status)
        {
            case ResultStatus.Applied:
                await RememberAsync(visitId, form.BranchId, command, cancellationToken);
                return new JoinReply(JoinOutcome.Joined, await CodeOfAsync(visitId, form.BranchId, cancellationToken));
            case ResultStatus.Deferred:
                return new JoinReply(JoinOutcome.Pending, Reason: JoinReasons.Pending);
            default:
                return new JoinReply(JoinOutcome.Invalid, Reason: JoinReasons.Refused);
        }
    }

    private static JoinReply? Invalid(JoinForm form, JoinQueue command)
    {
        if (command.ServiceId is not { } serviceId || form.Services.All(s => s.Id != serviceId))
        {
            return new JoinReply(JoinOutcome.Invalid, Field: nameof(JoinQueue.ServiceId), Reason: JoinReasons.Service);
        }

        if (string.IsNullOrWhiteSpace(command.Name))
        {
            return new JoinReply(JoinOutcome.Invalid, Field: nameof(JoinQueue.Name), Reason: JoinReasons.NameMissing);
        }

        if (ActionParser.NameProblem(command.Name) is not null)
        {
            return new JoinReply(JoinOutcome.Invalid, Field: nameof(JoinQueue.Name),
                Reason: command.Name.Trim().Length > ActionParser.MaxName ? JoinReasons.NameTooLong : JoinReasons.NameCharacters);
        }

        if (form.PhoneRequired && string.IsNullOrWhiteSpace(command.Phone))
        {
            return new JoinReply(JoinOutcome.Invalid, Field: nameof(JoinQueue.Phone), Reason: JoinReasons.PhoneMissing);
        }

        return ActionParser.PhoneProblem(command.Phone) is not null
            ? new JoinReply(JoinOutcome.Invalid, Field: nameof(JoinQueue.Phone),
                Reason: command.Phone!.Trim().Length > ActionParser.MaxPhone ? JoinReasons.PhoneTooLong : JoinReasons.PhoneCharacters)
            : null;
    }

    private async Task<JoinReply?> LimitAsync(Guid branchId, JoinQueue command, CancellationToken cancellationToken)
    {
        var open = db.RemoteJoins.Where(j => j.BranchId == branchId)
            .Join(db.Visits.Where(v => Open.Contains(v.Status)), j => j.VisitId, v => v.Id, (j, v) => new { j.Device, j.Address, v.Code });
        var mine = await open.Where(j => j.Device == command.Device).Select(j => j.Code).ToListAsync(cancellationToken);
        if (mine.Count >= options.Value.OpenPerDevice)
        {
            return new JoinReply(JoinOutcome.TooMany, mine[0], Reason: JoinReasons.Device);
        }

        return await open.CountAsync(j => j.Address == command.Address, cancellationToken) >= options.Value.OpenPerAddress
            ? new JoinReply(JoinOutcome.TooMany, Reason: JoinReasons.Address)
            : null;
    }

    /// <summary>The visit a submission key makes: a one-way function of the key.</summary>
    public static Guid VisitOf(Guid key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData([.. "reception-join-visit:"u8, .. key.ToByteArray()], hash);
        return new Guid(hash[..16]);
    }

    private async Task RememberAsync(Guid visitId, Guid branchId, JoinQueue command, CancellationToken cancellationToken)
    {
        var row = new RemoteJoin
        {
            VisitId = visitId, BranchId = branchId, Device = command.Device, Address = command.Address,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.RemoteJoins.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same submission, sent twice at once, already recorded it.
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }

    private async Task<string?> CodeOfAsync(Guid visitId, Guid branchId, CancellationToken cancellationToken) =>
        await db.Visits.AsNoTracking()
            .Where(v => v.Id == visitId && v.BranchId == branchId && v.Channel == VisitChannel.Remote)
            .Select(v => v.Code).SingleOrDefaultAsync(cancellationToken);
}
