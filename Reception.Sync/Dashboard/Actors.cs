using Microsoft.EntityFrameworkCore;
using Reception.Data;

namespace Reception.Sync.Dashboard;

/// <summary>
/// Who did something, as a manager names them: the desk a login works at ("Desk 2"), else the
/// login's name, or the API client's name. Found through the client ledger's owner of the clientId
/// (a login's user id, or "apiclient:{id}"), else through the login name recorded with the action.
/// </summary>
public sealed class Actors
{
    private const string ApiClientPrefix = "apiclient:";

    private readonly Dictionary<Guid, string> _owners;
    private readonly Dictionary<string, string> _byUserId;
    private readonly Dictionary<string, string> _byUserName;
    private readonly Dictionary<Guid, string> _apiClients;

    private Actors(Dictionary<Guid, string> owners, Dictionary<string, string> byUserId, Dictionary<string, string> byUserName,
        Dictionary<Guid, string> apiClients, IReadOnlyDictionary<Guid, string> desks)
    {
        _owners = owners;
        _byUserId = byUserId;
        _byUserName = byUserName;
        _apiClients = apiClients;
        Desks = desks;
    }

    /// <summary>Every desk of the branch by id, open or closed: history names closed desks too.</summary>
    public IReadOnlyDictionary<Guid, string> Desks { get; }

    public static async Task<Actors> LoadAsync(ReceptionDbContext db, Guid branchId, IReadOnlyCollection<Guid> clientIds,
        IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var desks = await db.Desks.AsNoTracking().Where(d => d.BranchId == branchId)
            .ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var owners = await db.ClientOwners.AsNoTracking().Where(o => clientIds.Contains(o.ClientId))
            .ToDictionaryAsync(o => o.ClientId, o => o.Owner, cancellationToken);
        var userIds = owners.Values.Where(o => !o.StartsWith(ApiClientPrefix, StringComparison.Ordinal)).Distinct().ToList();
        var users = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id) || (u.UserName != null && names.Contains(u.UserName)))
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.DeskId }).ToListAsync(cancellationToken);
        var apiIds = owners.Values.Where(o => o.StartsWith(ApiClientPrefix, StringComparison.Ordinal))
            .Select(o => Guid.TryParse(o[ApiClientPrefix.Length..], out var id) ? id : Guid.Empty).Distinct().ToList();
        var apiClients = await db.ApiClients.AsNoTracking().Where(a => apiIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);

        string Label(string? userName, string displayName, Guid? deskId) =>
            deskId is { } d && desks.TryGetValue(d, out var desk) ? desk
            : displayName is { Length: > 0 } ? displayName
            : userName ?? "";
        return new Actors(owners,
            users.ToDictionary(u => u.Id, u => Label(u.UserName, u.DisplayName, u.DeskId)),
            users.Where(u => u.UserName is not null).ToDictionary(u => u.UserName!, u => Label(u.UserName, u.DisplayName, u.DeskId)),
            apiClients, desks);
    }

    /// <summary>"Desk 2", "Maria (manager)", the recorded login name (text), or "API client Old kiosk", "someone" (<see cref="Words"/>).</summary>
    public object Name(Guid? clientId, string? by)
    {
        if (clientId is { } id && _owners.TryGetValue(id, out var owner))
        {
            if (owner.StartsWith(ApiClientPrefix, StringComparison.Ordinal))
            {
                return Guid.TryParse(owner[ApiClientPrefix.Length..], out var api) && _apiClients.TryGetValue(api, out var client)
                    ? Words.Of(ConflictCodes.ApiClient, ("name", client))
                    : Words.Of(ConflictCodes.AnApiClient);
            }

            if (_byUserId.TryGetValue(owner, out var user))
            {
                return user;
            }
        }

        return by is not null && _byUserName.TryGetValue(by, out var named) ? named : (object?)by ?? Words.Of(ConflictCodes.Someone);
    }

    /// <summary>The desk's name, or null when there is none.</summary>
    public string? Desk(Guid? deskId) => deskId is { } id ? Desks.GetValueOrDefault(id) : null;
}
